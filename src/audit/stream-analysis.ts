import { EventRef, Finding } from './findings';
import type { LogEntry } from './log-reader';
import { leafHash } from './merkle';

/** One event of a suspicious stream, as the second pass of verify collects it. */
export interface ChainEntry {
  /** 0-based leaf index: the event's place in the log. */
  index: number;
  globalPosition: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  prevHash: string | null;
  hash: string;
  /** The event's contents hash to its stored hash (else it is already reported as altered). */
  hashOk: boolean;
  /** The whole entry, for checks that re-hash it in another place (a swap between streams). */
  entry?: LogEntry;
}

/**
 * A change to the sequence of leaves that would undo one tampering, in the
 * current log's leaf indices. Verify tries them against the signed roots: when
 * the roots match after undoing, the findings account for every checkpoint.
 */
export type LeafEdit =
  | { kind: 'remove'; index: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'replace'; index: number; leaf: Buffer }
  /** Put a missing leaf back somewhere before leaf `to` and not before leaf `from`; `finding` learns where, once the roots tell. */
  | { kind: 'insert'; from: number; to: number; leaf: Buffer; finding?: Finding };

export interface StreamAnalysis {
  findings: Finding[];
  edits: LeafEdit[];
}

export function refOf(e: ChainEntry): EventRef {
  return { position: e.index + 1, globalPosition: e.globalPosition, eventId: e.eventId, streamId: e.streamId, streamVersion: e.streamVersion };
}

/**
 * Work out what happened to one stream whose events, read in log order, do not
 * follow one another. The chain is rebuilt from the versions and confirmed by the
 * links: the event a successor's prevHash names is the genuine one. Then:
 * a version nobody holds is missing, a second holder of a version is inserted,
 * a genuine event whose successor links elsewhere was altered and re-hashed, and
 * genuine events out of version order were reordered.
 */
export function analyseStream(entries: ChainEntry[], alteredHashes: ReadonlySet<string> = new Set()): StreamAnalysis {
  const findings: Finding[] = [];
  const edits: LeafEdit[] = [];
  const byVersion = new Map<number, ChainEntry[]>();
  for (const e of entries) {
    // A version that is not a whole number is an altered field; hashing has reported it.
    if (!Number.isSafeInteger(e.streamVersion) || e.streamVersion < 0) continue;
    const holders = byVersion.get(e.streamVersion) ?? [];
    holders.push(e);
    byVersion.set(e.streamVersion, holders);
  }
  // An altered event's stream and version may be the fields that were changed: they
  // say nothing about which versions a stream should have. Only sound events do.
  const soundVersions = entries.filter((e) => e.hashOk && byVersion.has(e.streamVersion)).map((e) => e.streamVersion);
  if (soundVersions.length === 0) return { findings, edits };
  const streamId = entries[0].streamId;
  const top = Math.max(...soundVersions);

  // From the newest version down, so each successor picks the predecessor it links to.
  const genuine = new Map<number, ChainEntry>();
  for (let version = top; version >= 0; version--) {
    const holders = byVersion.get(version) ?? [];
    const successor = genuine.get(version + 1);
    if (holders.length === 0) {
      const knownHash = successor?.prevHash ?? undefined;
      // The event is there, altered so that it no longer claims this place; its alteration is reported.
      if (knownHash && alteredHashes.has(knownHash)) continue;
      const finding: Finding = {
        kind: 'missing',
        streamId,
        streamVersion: version,
        related: successor ? [refOf(successor)] : [],
        detail: successor
          ? `${streamId} v${version} is not in the log; ${describeRef(successor)} follows it and names its hash ${knownHash}`
          : `${streamId} v${version} is not in the log, though later versions of the stream are`,
      };
      findings.push(finding);
      if (successor && knownHash) {
        let predecessor: ChainEntry | undefined;
        for (let v = version - 1; v >= 0 && !predecessor; v--) predecessor = byVersion.get(v)?.[0];
        edits.push({ kind: 'insert', from: predecessor ? predecessor.index + 1 : 0, to: successor.index, leaf: leafHash(knownHash), finding });
      }
      continue;
    }
    const linked = successor ? holders.find((h) => h.hash === successor.prevHash) : undefined;
    const chosen = linked ?? holders.find((h) => h.hashOk) ?? holders[0];
    genuine.set(version, chosen);
    for (const other of holders) {
      // An altered event claiming this version may only have had its version changed: its alteration is reported.
      if (other === chosen || !other.hashOk) continue;
      const copy = other.hash === chosen.hash;
      findings.push({
        kind: 'inserted',
        ...refOf(other),
        related: [refOf(chosen)],
        detail: copy
          ? `a second copy of ${streamId} v${version}, first recorded at #${chosen.index + 1}`
          : linked
            ? `it claims to be ${streamId} v${version}, but ${describeRef(successor!)} links to ${describeRef(chosen)} instead: it is not part of the sealed history`
            : `it claims to be ${streamId} v${version}, which ${describeRef(chosen)} already is: one of the two was inserted`,
      });
      edits.push({ kind: 'remove', index: other.index });
    }
  }

  // Links: each genuine event must name the hash of the genuine event before it.
  for (let version = 0; version <= top; version++) {
    const event = genuine.get(version);
    if (!event || !event.hashOk) continue;
    if (version === 0) {
      if (event.prevHash !== null) {
        findings.push({ kind: 'missing', ...refOf(event), detail: `it is the stream's first event in the log but links to a predecessor ${event.prevHash} that is not there` });
      }
      continue;
    }
    const before = genuine.get(version - 1);
    if (!before || event.prevHash === before.hash) continue;
    // Its stored hash was changed with it: already reported as altered, but the successor still knows the original leaf.
    if (!before.hashOk) {
      if (event.prevHash) edits.push({ kind: 'replace', index: before.index, leaf: leafHash(event.prevHash) });
      continue;
    }
    findings.push({
      kind: 'altered',
      ...refOf(before),
      related: [refOf(event)],
      detail: `it is not the event ${describeRef(event)} was chained to (that names hash ${event.prevHash}): it was changed and re-hashed, or replaced`,
    });
    if (event.prevHash) edits.push({ kind: 'replace', index: before.index, leaf: leafHash(event.prevHash) });
  }

  findings.push(...orderFindings(streamId, [...genuine.values()].sort((a, b) => a.streamVersion - b.streamVersion), edits));
  return { findings, edits };
}

/** Genuine events whose place in the log does not follow their version order. */
function orderFindings(streamId: string, chain: ChainEntry[], edits: LeafEdit[]): Finding[] {
  const slots = chain.map((e) => e.index).sort((a, b) => a - b);
  const misplaced = chain.filter((e, k) => e.index !== slots[k]);
  if (misplaced.length === 0) return [];
  if (misplaced.length === 2) {
    const [x, y] = misplaced;
    const xSlot = slots[chain.indexOf(x)];
    if (xSlot === y.index) {
      // x and y each sit in the other's place: one swap explains it.
      edits.push({ kind: 'swap', a: x.index, b: y.index });
      return [
        {
          kind: 'reordered',
          ...refOf(y),
          related: [refOf(x)],
          detail: `it has swapped places with ${describeRef(x)}: ${streamId} v${y.streamVersion} belongs at #${x.index + 1} and v${x.streamVersion} at #${y.index + 1}`,
        },
      ];
    }
  }
  const found: Finding[] = [];
  for (let k = 1; k < chain.length; k++) {
    if (chain[k].index < chain[k - 1].index) {
      found.push({
        kind: 'reordered',
        ...refOf(chain[k]),
        related: [refOf(chain[k - 1])],
        detail: `it comes before ${describeRef(chain[k - 1])} in the log, though it follows it in ${streamId}`,
      });
    }
  }
  return found;
}

function describeRef(e: ChainEntry): string {
  return `#${e.index + 1} (${e.streamId} v${e.streamVersion}, event ${e.eventId})`;
}
