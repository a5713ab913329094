import { createHash, generateKeyPairSync, KeyObject } from 'node:crypto';
import { checkpointNote, signTlogCheckpoint } from '../../src/audit/checkpoint';
import { EMPTY_ROOT, leafHash, MerkleTree } from '../../src/audit/merkle';
import { NoteSigner } from '../../src/audit/transparency/signed-note';

/**
 * A transparency log played by a test: fake events (their hashes from a label and
 * an index), a MerkleTree over them, and checkpoints signed with our own primitives.
 * `fork` gives the same log key a different history from some point: what a
 * rewritten data folder would sign.
 */
export class ScriptedLog {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  private leaves: Buffer[] = [];

  constructor(
    readonly origin: string,
    keys = generateKeyPairSync('ed25519'),
  ) {
    this.privateKey = keys.privateKey;
    this.publicKey = keys.publicKey;
  }

  get vkey(): string {
    return new NoteSigner(this.origin, this.privateKey).verifier.vkey;
  }

  get size(): number {
    return this.leaves.length;
  }

  append(count: number, label = 'honest'): this {
    for (let i = 0; i < count; i++) this.leaves.push(leafHash(createHash('sha256').update(`${label}/${this.leaves.length}`).digest('hex')));
    return this;
  }

  /** The same origin and key, with the events from `at` on replaced: a second history. */
  fork(at: number, label = 'forged'): ScriptedLog {
    const other = new ScriptedLog(this.origin, { privateKey: this.privateKey, publicKey: this.publicKey });
    other.leaves = this.leaves.slice(0, at);
    other.append(this.leaves.length - at, label);
    return other;
  }

  root(size = this.size): Buffer {
    return size === 0 ? EMPTY_ROOT : this.tree().root(size);
  }

  /** The signed checkpoint note of the first `size` events. */
  note(size = this.size): string {
    const checkpoint = signTlogCheckpoint({ treeSize: size, rootHash: this.root(size).toString('hex'), takenAt: new Date().toISOString() }, this.origin, this.privateKey, 'k');
    return checkpointNote(checkpoint, this.publicKey);
  }

  proof(oldSize: number, newSize = this.size): Buffer[] {
    return oldSize === 0 || oldSize === newSize ? [] : this.tree().consistencyProof(oldSize, newSize);
  }

  private tree(): MerkleTree {
    return new MerkleTree(Buffer.concat(this.leaves));
  }
}
