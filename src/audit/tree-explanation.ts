import { HASH_BYTES, MerkleFrontier, MerkleTree } from './merkle';
import { LeafEdit } from './stream-analysis';

/** A checkpoint whose signature verified: its root is evidence of what the log held. */
export interface SignedRoot {
  treeSize: number;
  root: Buffer;
}

/**
 * Undoing tampering in the leaf sequence and checking the result against the
 * signed roots. A root mismatch alone says only that something among the covered
 * events changed; when undoing the named changes (or one swap or one removal found
 * by search) brings every signed root back, the report can say exactly which
 * events, and the auditor knows nothing else was touched.
 *
 * Only runs when verify has already found a problem. The work is bounded: each
 * trial re-hashes the leaves after the first change, and trials stop at a budget.
 */
export class TreeExplainer {
  private readonly n: number;
  private budget: number;
  private prefix?: MerkleFrontier;
  private tree?: MerkleTree;

  /**
   * @param roots every checkpoint whose signature verified
   * @param matchingSizes the tree sizes whose root the log, as it is, already matches
   */
  constructor(
    private readonly leaves: Buffer,
    private readonly roots: SignedRoot[],
    private readonly matchingSizes: Set<number>,
    budget = 2_000_000,
  ) {
    this.n = leaves.length / HASH_BYTES;
    this.budget = budget;
  }

  /** Does undoing these edits make every signed root match? Checkpoints beyond the edited log's end are left out and returned. */
  explains(edits: LeafEdit[]): { matches: boolean; beyondEnd: SignedRoot[] } | undefined {
    const start = Math.min(this.n, ...edits.map(firstIndexTouched));
    // Leaves before the first edit are unchanged: roots over them match now or never.
    if (this.roots.some((r) => r.treeSize <= start && !this.matchingSizes.has(r.treeSize))) return { matches: false, beyondEnd: [] };
    const sequence = this.edited(edits, start);
    if (!this.spend(sequence.length)) return undefined;
    const frontier = this.frontierAt(start);
    const length = start + sequence.length;
    const beyondEnd = this.roots.filter((r) => r.treeSize > length);
    const pending = this.roots.filter((r) => r.treeSize > start && r.treeSize <= length).sort((a, b) => a.treeSize - b.treeSize);
    let next = 0;
    for (const leaf of sequence) {
      frontier.push(leaf);
      while (next < pending.length && pending[next].treeSize === frontier.size) {
        if (!frontier.root().equals(pending[next].root)) return { matches: false, beyondEnd };
        next += 1;
      }
    }
    return { matches: true, beyondEnd };
  }

  /**
   * With the roots up to `good` matching and the root at `bad` not, look for one
   * swap of two leaves, or one leaf too many, in between that makes `bad` match.
   */
  searchSingleEdit(good: number, bad: SignedRoot, swaps = true): LeafEdit | undefined {
    const span = bad.treeSize - good;
    if (span <= 0) return undefined;
    const base = this.frontierAt(good);
    // One extra leaf at i: the signed tree is the current leaves [0, bad + 1) without i.
    if (this.n > bad.treeSize && this.spend(span * span / 2)) {
      const prefix = base.clone();
      for (let i = good; i < bad.treeSize; i++) {
        const trial = prefix.clone();
        for (let k = i + 1; k <= bad.treeSize; k++) trial.push(this.leaf(k));
        if (trial.root().equals(bad.root)) return { kind: 'remove', index: i };
        prefix.push(this.leaf(i));
      }
    }
    // Two leaves swapped: between and after them the tree is the original one, so each
    // trial pushes the two moved leaves and whole original subtrees: O(log n) per pair.
    if (swaps && this.n >= bad.treeSize && this.spend(span * span * 2 * Math.log2(this.n + 1))) {
      const tree = (this.tree ??= new MerkleTree(this.leaves));
      const prefix = base.clone();
      for (let a = good; a < bad.treeSize; a++) {
        for (let b = a + 1; b < bad.treeSize; b++) {
          const trial = prefix.clone();
          trial.push(this.leaf(b));
          tree.extend(trial, a + 1, b);
          trial.push(this.leaf(a));
          tree.extend(trial, b + 1, bad.treeSize);
          if (trial.root().equals(bad.root)) return { kind: 'swap', a, b };
        }
        prefix.push(this.leaf(a));
      }
    }
    return undefined;
  }

  private leaf(index: number): Buffer {
    return this.leaves.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  private frontierAt(size: number): MerkleFrontier {
    // Trials come in increasing order of their first change, so carry the last prefix forward.
    if (!this.prefix || this.prefix.size > size) this.prefix = MerkleFrontier.empty();
    this.spend(size - this.prefix.size);
    while (this.prefix.size < size) this.prefix.push(this.leaf(this.prefix.size));
    return this.prefix.clone();
  }

  /** The leaves from `start` on, with the edits undone, in the current log's indices. */
  private edited(edits: LeafEdit[], start: number): Buffer[] {
    const replaced = new Map<number, Buffer>();
    const removed = new Set<number>();
    const insertedBefore = new Map<number, Buffer[]>();
    for (const edit of edits) {
      if (edit.kind === 'replace') replaced.set(edit.index, edit.leaf);
      else if (edit.kind === 'remove') removed.add(edit.index);
      else if (edit.kind === 'swap') {
        const a = replaced.get(edit.a) ?? this.leaf(edit.a);
        replaced.set(edit.a, replaced.get(edit.b) ?? this.leaf(edit.b));
        replaced.set(edit.b, a);
      } else insertedBefore.set(edit.to, [...(insertedBefore.get(edit.to) ?? []), edit.leaf]);
    }
    const sequence: Buffer[] = [];
    for (let i = start; i <= this.n; i++) {
      sequence.push(...(insertedBefore.get(i) ?? []));
      if (i < this.n && !removed.has(i)) sequence.push(replaced.get(i) ?? this.leaf(i));
    }
    return sequence;
  }

  private spend(cost: number): boolean {
    this.budget -= cost;
    return this.budget >= 0;
  }
}

function firstIndexTouched(edit: LeafEdit): number {
  switch (edit.kind) {
    case 'remove':
    case 'replace':
      return edit.index;
    case 'swap':
      return Math.min(edit.a, edit.b);
    case 'insert':
      return edit.to;
  }
}
