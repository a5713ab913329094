import type { FileCheck } from '../evidence/evidence-files';
import { EvidenceMention } from './chunk-scan';
import { Finding } from './findings';

/** Re-hashes one stored evidence file: EvidenceFiles.check, or anything that answers the same. */
export interface EvidenceFileChecker {
  check(sha256: string): Promise<FileCheck>;
}

export interface EvidenceSummary {
  /** Items the log says still have a file (submitted with one, not erased). */
  kept: number;
  /** Distinct files among them (items with the same bytes share one), each re-hashed once. */
  files: number;
  /** Items whose file was lawfully erased: expected to be gone, not a finding. */
  erased: number;
  /** Items submitted with a hash only (no upload): their file may never have been here, so its absence is not a finding. */
  neverUploaded: number;
}

/** A mention with its place in the log (1-based), as verify numbers events. */
export type PlacedMention = EvidenceMention & { position: number };

/** Files hashed at once: enough to keep a disk busy, few enough not to open hundreds of files. */
const AT_ONCE = 4;

/**
 * Every evidence file the log says is kept, re-hashed from disk. The log is folded
 * in order, item by item (its stream and evidence id): the newest submission names
 * the file, an erasure after it makes its absence lawful. An item submitted with a
 * hash alone brought no bytes (docs/architecture.md, "Not covered"), so its file is
 * checked if it is there and not missed if it is not. Each finding names the item
 * and the event that submitted it.
 */
export async function checkEvidenceFiles(mentions: PlacedMention[], files: EvidenceFileChecker): Promise<{ findings: Finding[]; summary: EvidenceSummary }> {
  const items = new Map<string, PlacedMention>();
  for (const mention of mentions) items.set(`${mention.streamId}\u0000${mention.evidenceId}`, mention);
  const kept = [...items.values()].filter((m) => !m.erased);
  const hashes = [...new Set(kept.map((m) => m.fileHash))];
  const checks = new Map<string, FileCheck>();
  for (let start = 0; start < hashes.length; start += AT_ONCE) {
    const batch = hashes.slice(start, start + AT_ONCE);
    const results = await Promise.all(batch.map((hash) => files.check(hash)));
    batch.forEach((hash, k) => checks.set(hash, results[k]));
  }
  const findings: Finding[] = [];
  let neverUploaded = 0;
  for (const item of kept) {
    const check = checks.get(item.fileHash)!;
    if (check.state === 'intact') continue;
    if (check.state === 'missing' && !item.uploaded) {
      neverUploaded += 1;
      continue;
    }
    const about = { position: item.position, globalPosition: item.globalPosition, eventId: item.eventId, streamId: item.streamId, streamVersion: item.streamVersion, evidenceId: item.evidenceId, fileHash: item.fileHash };
    findings.push(
      check.state === 'missing'
        ? { kind: 'evidence-missing', ...about, detail: `its file (SHA-256 ${item.fileHash}) is not in the evidence folder, and the log records no erasure of it: it was removed outside the application` }
        : { kind: 'evidence-altered', ...about, detail: `its file's bytes (${check.size} bytes) now hash to ${check.actualSha256}, not to the SHA-256 ${item.fileHash} recorded when it was submitted: it was changed on disk` },
    );
  }
  return { findings, summary: { kept: kept.length, files: hashes.length, erased: items.size - kept.length, neverUploaded } };
}
