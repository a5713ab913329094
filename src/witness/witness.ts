import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_ROOT, verifyConsistency } from '../audit/merkle';
import { AddCheckpointRequest, parseAddCheckpoint, TLOG_SIZE_CONTENT_TYPE } from '../audit/transparency/add-checkpoint-request';
import { Cosigner, verifyCosignature } from '../audit/transparency/cosignature';
import { formatNote, MalformedNote, NoteVerifier, ParsedNote, parseNote, SIGNATURE_TYPE, signatureLine } from '../audit/transparency/signed-note';
import { CheckpointBody, parseCheckpointText } from '../audit/transparency/tlog-checkpoint';
import { appendDurably, CHECKPOINTS_DIR, REFUSED_FILE, writeDurably } from './state-folder';

/**
 * The witness of c2sp.org/tlog-witness: for each log it knows (by the log's key;
 * the key name is the log's origin) it keeps the latest checkpoint it cosigned,
 * and cosigns a new one only when a consistency proof shows it extends that one.
 *
 * `addCheckpoint` is synchronous from the first check to the fsync of the new
 * state, on purpose: Node runs one such call at a time, so the check of the old
 * size and the persisting of the new checkpoint are one atomic step, and the race
 * in the specification (two requests both checked against N, the smaller stored
 * last, rolling back the larger) cannot happen.
 */

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

interface Cosigned {
  size: number;
  root: Buffer;
  /** The checkpoint, the log signatures the witness verified, and its own cosignature: what GET …/checkpoint serves. */
  note: string;
}

export function originHash(origin: string): string {
  return createHash('sha256').update(origin, 'utf8').digest('hex');
}

export class Witness {
  private readonly logs = new Map<string, NoteVerifier[]>();
  private readonly latest = new Map<string, Cosigned>();

  constructor(
    private readonly stateDir: string,
    private readonly cosigner: Cosigner,
    logKeys: NoteVerifier[],
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    for (const key of logKeys) {
      if (key.signatureType !== SIGNATURE_TYPE.ed25519) throw new Error(`the log key ${key.keyName} must be an Ed25519 note key (type 0x01)`);
      this.logs.set(key.keyName, [...(this.logs.get(key.keyName) ?? []), key]);
    }
    this.load();
  }

  get vkey(): string {
    return this.cosigner.verifier.vkey;
  }

  /** The size this witness last cosigned for `origin` (0 if never). */
  sizeOf(origin: string): number {
    return this.latest.get(origin)?.size ?? 0;
  }

  /** GET <hash>/checkpoint: the latest cosigned checkpoint of the log whose origin hashes to `hash`. */
  checkpointByOriginHash(hash: string): Answer {
    for (const [origin, cosigned] of this.latest) {
      if (originHash(origin) === hash) return { status: 200, contentType: 'text/plain; charset=utf-8', body: cosigned.note };
    }
    return text(404, 'this witness has never cosigned a checkpoint of that log\n');
  }

  /** POST add-checkpoint, from the raw body to the answer; see the class comment for why it is synchronous. */
  addCheckpoint(body: string): Answer {
    let request: AddCheckpointRequest;
    let note: ParsedNote;
    let checkpoint: CheckpointBody;
    try {
      request = parseAddCheckpoint(body);
      note = parseNote(request.checkpoint);
      checkpoint = parseCheckpointText(note.text);
    } catch (error) {
      if (error instanceof MalformedNote) return text(400, `${error.message}\n`);
      throw error;
    }

    const keys = this.logs.get(checkpoint.origin);
    if (!keys) return text(404, `this witness does not know the log "${checkpoint.origin}"\n`);

    // Signatures from keys the witness does not know are ignored; one from a known key that fails makes the note malformed.
    const logLines: string[] = [];
    for (const signature of note.signatures) {
      const key = keys.find((k) => k.matches(signature));
      if (!key) continue;
      if (!key.verifies(note.text, signature)) return text(403, `the signature by ${key.keyName} (key ID ${hex(key.keyId)}) does not verify\n`);
      logLines.push(signatureLine(signature.keyName, signature.keyId, signature.signature));
    }
    if (logLines.length === 0) return text(403, `no signature by a key this witness trusts for "${checkpoint.origin}"\n`);

    if (request.oldSize > checkpoint.treeSize) return text(400, `old size ${request.oldSize} is larger than the checkpoint's size ${checkpoint.treeSize}\n`);

    const current = this.latest.get(checkpoint.origin);
    const currentSize = current?.size ?? 0;
    if (request.oldSize !== currentSize) {
      this.recordRefusal(409, conflictReason(checkpoint, current), request, currentSize);
      return { status: 409, contentType: TLOG_SIZE_CONTENT_TYPE, body: `${currentSize}\n` };
    }

    const refusal = inconsistency(request, checkpoint, current);
    if (refusal) {
      this.recordRefusal(422, refusal, request, currentSize);
      return text(422, `${refusal}\n`);
    }

    const cosignature = this.cosigner.cosign(note.text, this.now());
    const stored = formatNote(note.text, [...logLines, cosignature]);
    // Persisted (fsync and rename) before the answer: a cosignature handed out is never forgotten by a crash.
    writeDurably(join(this.stateDir, CHECKPOINTS_DIR, originHash(checkpoint.origin)), stored);
    this.latest.set(checkpoint.origin, { size: checkpoint.treeSize, root: checkpoint.rootHash, note: stored });
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: cosignature };
  }

  /** The spec allows keeping validly signed checkpoints the witness refused: a fork shown to it is proof the log misbehaved. */
  private recordRefusal(status: number, reason: string, request: AddCheckpointRequest, witnessSize: number): void {
    const entry = { at: new Date().toISOString(), status, reason, witnessSize, oldSize: request.oldSize, proof: request.proof.map((h) => h.toString('base64')), checkpoint: request.checkpoint };
    appendDurably(join(this.stateDir, REFUSED_FILE), JSON.stringify(entry));
  }

  /** Reads back every cosigned checkpoint, refusing to start on one it did not cosign itself (a state file edited by someone else). */
  private load(): void {
    const folder = join(this.stateDir, CHECKPOINTS_DIR);
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder)) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const file = join(folder, name);
      const stored = readFileSync(file, 'utf8');
      const note = parseNote(stored);
      const checkpoint = parseCheckpointText(note.text);
      const ours = note.signatures.some((s) => verifyCosignature(note.text, s, this.cosigner.verifier) !== undefined);
      if (originHash(checkpoint.origin) !== name || !ours) {
        throw new Error(`${file} is not a checkpoint this witness cosigned for the log it is named after: its state was changed by someone else; refusing to start`);
      }
      this.latest.set(checkpoint.origin, { size: checkpoint.treeSize, root: checkpoint.rootHash, note: stored });
    }
  }
}

/** The 422 cases of the specification, in its words; undefined when the checkpoint extends the cosigned one. */
function inconsistency(request: AddCheckpointRequest, checkpoint: CheckpointBody, current: Cosigned | undefined): string | undefined {
  if (checkpoint.treeSize === 0 && !checkpoint.rootHash.equals(EMPTY_ROOT)) return 'a checkpoint of size 0 must have the root of the empty tree';
  if (request.oldSize === 0) return request.proof.length > 0 ? 'from old size 0 the consistency proof must be empty' : undefined;
  const oldRoot = current!.root;
  if (request.oldSize === checkpoint.treeSize) {
    if (!oldRoot.equals(checkpoint.rootHash)) return `fork: size ${checkpoint.treeSize} was cosigned with a different root hash`;
    return request.proof.length > 0 ? 'between equal sizes the consistency proof must be empty' : undefined;
  }
  if (!verifyConsistency(request.oldSize, checkpoint.treeSize, oldRoot, checkpoint.rootHash, request.proof)) {
    return `the consistency proof from size ${request.oldSize} to ${checkpoint.treeSize} does not verify against the cosigned root`;
  }
  return undefined;
}

function conflictReason(checkpoint: CheckpointBody, current: Cosigned | undefined): string {
  const size = current?.size ?? 0;
  if (current && checkpoint.treeSize === size && !checkpoint.rootHash.equals(current.root)) return `fork: size ${size} was cosigned with a different root hash`;
  if (checkpoint.treeSize < size) return `rollback or stale: size ${checkpoint.treeSize} is smaller than the cosigned size ${size}`;
  return `old size does not match the cosigned size ${size}`;
}

function text(status: number, body: string): Answer {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

function hex(keyId: number): string {
  return (keyId >>> 0).toString(16).padStart(8, '0');
}
