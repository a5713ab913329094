import { hash } from 'node:crypto';

/**
 * The Merkle Tree Hash of RFC 6962 / RFC 9162 §2.1 over the event hashes in
 * global order, with the inclusion and consistency proofs of §2.1.3 and §2.1.4.
 *
 * Leaves are the 32 raw bytes of each event's hex `hash`: leaf = SHA-256(0x00 ‖ bytes),
 * node = SHA-256(0x01 ‖ left ‖ right). The 0x00/0x01 prefixes keep a leaf from ever
 * being passed off as an inner node (second-preimage attacks).
 *
 * Everything here is iterative over flat Buffers: verify computes a root over a
 * million leaves, so it must cost two small SHA-256 calls per leaf and nothing else.
 */
export const HASH_BYTES = 32;
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

const leafInput = Buffer.alloc(1 + HASH_BYTES);
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES);
nodeInput[0] = 0x01;

/**
 * The leaf for one event. A stored hash that is not 64 lower-case hex digits (it was
 * tampered with) still gets a deterministic leaf, over its UTF-8 text, so the root
 * changes rather than the verifier crashing; the standalone verifier does the same.
 */
export function leafHash(eventHash: string): Buffer {
  if (!isEventHash(eventHash)) return hash('sha256', Buffer.concat([Buffer.from([0x00]), Buffer.from(String(eventHash), 'utf8')]), 'buffer');
  leafInput[0] = 0x00;
  leafInput.write(eventHash, 1, 'hex');
  return hash('sha256', leafInput, 'buffer');
}

/** 64 lower-case hex digits (a loop: this runs once per event, and beats a regular expression). */
function isEventHash(text: string): boolean {
  if (typeof text !== 'string' || text.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return hash('sha256', nodeInput, 'buffer');
}

/** The largest power of two strictly smaller than n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

/**
 * A tree that only grows: the roots of its perfect subtrees, largest first (one per
 * set bit of the size). Appending a leaf costs one hash plus one per carry; the root
 * of the current size folds those few nodes. This is how verify gets the root at
 * every checkpoint's size in one pass, and how a checkpoint extends the last one
 * without re-reading the log.
 */
export class MerkleFrontier {
  private constructor(
    private nodes: Buffer[],
    private count: number,
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier([], 0);
  }

  /** Rebuild from a saved frontier; throws when the node count does not fit the size. */
  static restore(size: number, nodesHex: string[]): MerkleFrontier {
    if (!Number.isSafeInteger(size) || size < 0 || popCount(size) !== nodesHex.length) {
      throw new Error(`a Merkle frontier for ${size} leaves has ${popCount(size)} nodes, not ${nodesHex.length}`);
    }
    return new MerkleFrontier(nodesHex.map((h) => Buffer.from(h, 'hex')), size);
  }

  get size(): number {
    return this.count;
  }

  push(leaf: Buffer): void {
    this.pushSubtree(leaf, 0);
  }

  /**
   * Append a whole perfect subtree of 2^height leaves at once (the size must be a
   * multiple of 2^height, as it is when the subtree is aligned in the full tree).
   */
  pushSubtree(root: Buffer, height: number): void {
    const span = 2 ** height;
    if (this.count % span !== 0) throw new Error(`a subtree of ${span} leaves cannot start at leaf ${this.count}`);
    let node = root;
    for (let carry = this.count / span; carry % 2 === 1; carry = Math.floor(carry / 2)) node = nodeHash(this.nodes.pop()!, node);
    this.nodes.push(node);
    this.count += span;
  }

  root(): Buffer {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1];
    for (let i = this.nodes.length - 2; i >= 0; i--) root = nodeHash(this.nodes[i], root);
    return root;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier([...this.nodes], this.count);
  }

  toJSON(): { size: number; nodes: string[] } {
    return { size: this.count, nodes: this.nodes.map((n) => n.toString('hex')) };
  }
}

function popCount(n: number): number {
  let bits = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) bits += v % 2;
  return bits;
}

/**
 * The whole tree over a fixed list of leaves, kept level by level in flat Buffers
 * (2n hashes in all), so that any subtree hash a proof needs is a lookup or a
 * handful of hashes rather than a walk over the leaves.
 */
export class MerkleTree {
  /** levels[h] holds the roots of the complete, aligned subtrees of 2^h leaves, 32 bytes each. */
  private readonly levels: Buffer[];

  /** @param leaves the leaf hashes, 32 bytes each, concatenated in log order. */
  constructor(leaves: Buffer) {
    if (leaves.length % HASH_BYTES !== 0) throw new Error('leaf buffer length is not a multiple of 32');
    this.levels = [leaves];
    for (let below = leaves; below.length >= 2 * HASH_BYTES; ) {
      const count = Math.floor(below.length / (2 * HASH_BYTES));
      const level = Buffer.allocUnsafe(count * HASH_BYTES);
      for (let i = 0; i < count; i++) {
        nodeHash(below.subarray(2 * i * HASH_BYTES, (2 * i + 1) * HASH_BYTES), below.subarray((2 * i + 1) * HASH_BYTES, (2 * i + 2) * HASH_BYTES)).copy(level, i * HASH_BYTES);
      }
      this.levels.push(level);
      below = level;
    }
  }

  get size(): number {
    return this.levels[0].length / HASH_BYTES;
  }

  leaf(index: number): Buffer {
    return this.levels[0].subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** Append the leaves [from, to) to a frontier standing at `from`, as few aligned subtrees as possible: O(log n) hashes, not O(to − from). */
  extend(frontier: MerkleFrontier, from: number, to: number): void {
    for (let at = from; at < to; ) {
      let height = 0;
      while (at % 2 ** (height + 1) === 0 && at + 2 ** (height + 1) <= to && height + 1 < this.levels.length) height += 1;
      const index = at / 2 ** height;
      frontier.pushSubtree(this.levels[height].subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES), height);
      at += 2 ** height;
    }
  }

  /** MTH(D[from:to]) of RFC 9162. */
  subtreeHash(from: number, to: number): Buffer {
    const n = to - from;
    if (n <= 0) return EMPTY_ROOT;
    if (isPowerOfTwo(n) && from % n === 0) {
      const height = Math.log2(n);
      const index = from / n;
      return this.levels[height].subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
    }
    const k = splitPoint(n);
    return nodeHash(this.subtreeHash(from, from + k), this.subtreeHash(from + k, to));
  }

  root(treeSize = this.size): Buffer {
    this.checkSize(treeSize);
    return this.subtreeHash(0, treeSize);
  }

  /** PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf m in the tree of the first n leaves. */
  inclusionProof(leafIndex: number, treeSize: number): Buffer[] {
    this.checkSize(treeSize);
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize}`);
    const topDown: Buffer[] = [];
    let from = 0;
    let to = treeSize;
    while (to - from > 1) {
      const k = splitPoint(to - from);
      if (leafIndex < from + k) {
        topDown.push(this.subtreeHash(from + k, to));
        to = from + k;
      } else {
        topDown.push(this.subtreeHash(from, from + k));
        from += k;
      }
    }
    return topDown.reverse();
  }

  /** PROOF(m, D[n]) of RFC 9162 §2.1.4.1: that the tree of the first m leaves is a prefix of the tree of the first n. */
  consistencyProof(oldSize: number, newSize: number): Buffer[] {
    this.checkSize(newSize);
    if (!Number.isInteger(oldSize) || oldSize < 1 || oldSize > newSize) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
    const topDown: Buffer[] = [];
    let from = 0;
    let to = newSize;
    let m = oldSize;
    let wholeOldTree = true;
    for (;;) {
      if (m === to - from) {
        if (!wholeOldTree) topDown.push(this.subtreeHash(from, to));
        break;
      }
      const k = splitPoint(to - from);
      if (m <= k) {
        topDown.push(this.subtreeHash(from + k, to));
        to = from + k;
      } else {
        topDown.push(this.subtreeHash(from, from + k));
        from += k;
        m -= k;
        wholeOldTree = false;
      }
    }
    return topDown.reverse();
  }

  private checkSize(treeSize: number): void {
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${treeSize}`);
  }
}

/** RFC 9162 §2.1.3.2: does this audit path lead from the leaf to the root? */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, path: Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/** RFC 9162 §2.1.4.2: does the tree of newSize leaves extend the tree of oldSize leaves unchanged? */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 1 || oldSize > newSize) return false;
  // Equal sizes: nothing to prove, the two roots must simply be the same.
  if (oldSize === newSize) return proof.length === 0 && Buffer.from(oldRoot).equals(Buffer.from(newRoot));
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(fr).equals(Buffer.from(oldRoot)) && Buffer.from(sr).equals(Buffer.from(newRoot));
}
