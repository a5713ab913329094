'use strict';

// Undoing changes against the signed roots: which named change (or single swap or extra event) brings every signed root back.

const { Frontier, nodeHash } = require('./merkle.js');

/**
 * When a signed root no longer matches, undo the named changes (or search for one
 * swap or one extra event) and see whether every signed root comes back.
 */
class TreeExplainer {
  constructor(leaves, roots, matchingSizes, budget = 2000000) {
    this.leaves = leaves;
    this.roots = roots;
    this.matchingSizes = matchingSizes;
    this.budget = budget;
    this.prefix = undefined;
  }
  spend(cost) {
    this.budget -= cost;
    return this.budget >= 0;
  }
  /** Every complete aligned subtree of the current leaves, level by level. */
  levels() {
    if (!this.levelCache) {
      this.levelCache = [this.leaves];
      for (let below = this.leaves; below.length >= 2; ) {
        const level = [];
        for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(below[i], below[i + 1]));
        this.levelCache.push(level);
        below = level;
      }
    }
    return this.levelCache;
  }
  frontierAt(size) {
    if (!this.prefix || this.prefix.size > size) this.prefix = new Frontier();
    this.spend(size - this.prefix.size);
    while (this.prefix.size < size) this.prefix.push(this.leaves[this.prefix.size]);
    return this.prefix.clone();
  }
  edited(edits, start) {
    const replaced = new Map();
    const removed = new Set();
    const insertedBefore = new Map();
    for (const edit of edits) {
      if (edit.kind === 'replace') replaced.set(edit.index, edit.leaf);
      else if (edit.kind === 'remove') removed.add(edit.index);
      else if (edit.kind === 'swap') {
        const a = replaced.get(edit.a) || this.leaves[edit.a];
        replaced.set(edit.a, replaced.get(edit.b) || this.leaves[edit.b]);
        replaced.set(edit.b, a);
      } else insertedBefore.set(edit.to, [...(insertedBefore.get(edit.to) || []), edit.leaf]);
    }
    const sequence = [];
    for (let i = start; i <= this.leaves.length; i++) {
      sequence.push(...(insertedBefore.get(i) || []));
      if (i < this.leaves.length && !removed.has(i)) sequence.push(replaced.get(i) || this.leaves[i]);
    }
    return sequence;
  }
  explains(edits) {
    const n = this.leaves.length;
    const start = Math.min(n, ...edits.map((e) => (e.kind === 'swap' ? Math.min(e.a, e.b) : e.kind === 'insert' ? e.to : e.index)));
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
  searchSingleEdit(good, bad, swaps) {
    const n = this.leaves.length;
    const span = bad.treeSize - good;
    if (span <= 0) return undefined;
    const base = this.frontierAt(good);
    if (n > bad.treeSize && this.spend((span * span) / 2)) {
      const prefix = base.clone();
      for (let i = good; i < bad.treeSize; i++) {
        const trial = prefix.clone();
        for (let k = i + 1; k <= bad.treeSize; k++) trial.push(this.leaves[k]);
        if (trial.root().equals(bad.root)) return { kind: 'remove', index: i };
        prefix.push(this.leaves[i]);
      }
    }
    if (swaps && n >= bad.treeSize && this.spend(span * span * 2 * Math.log2(n + 1))) {
      const levels = this.levels();
      const extend = (frontier, from, to) => {
        for (let at = from; at < to; ) {
          let height = 0;
          while (at % 2 ** (height + 1) === 0 && at + 2 ** (height + 1) <= to && height + 1 < levels.length) height += 1;
          frontier.pushSubtree(levels[height][at / 2 ** height], height);
          at += 2 ** height;
        }
      };
      const prefix = base.clone();
      for (let a = good; a < bad.treeSize; a++) {
        for (let b = a + 1; b < bad.treeSize; b++) {
          const trial = prefix.clone();
          trial.push(this.leaves[b]);
          extend(trial, a + 1, b);
          trial.push(this.leaves[a]);
          extend(trial, b + 1, bad.treeSize);
          if (trial.root().equals(bad.root)) return { kind: 'swap', a, b };
        }
        prefix.push(this.leaves[a]);
      }
    }
    return undefined;
  }
}

function truncatedFinding(beyond, n) {
  return {
    kind: 'truncated',
    position: n + 1,
    treeSize: beyond.treeSize,
    detail: `the log ends after #${n}, but the checkpoint taken at ${beyond.takenAt} covers ${beyond.treeSize} events: #${n + 1}..#${beyond.treeSize} (${beyond.treeSize - n} event${beyond.treeSize - n === 1 ? '' : 's'}) were cut off after it was signed`,
  };
}

function explainRoots(leaves, results, edits, good, refs, search) {
  const n = leaves.length;
  const trusted = results.filter((r) => r.status === 'verified' || r.status === 'root-mismatch' || r.status === 'beyond-log');
  const roots = trusted.map((r) => ({ treeSize: r.checkpoint.treeSize, takenAt: r.checkpoint.takenAt, root: Buffer.from(r.checkpoint.rootHash, 'hex') }));
  const explainer = new TreeExplainer(leaves, roots, new Set(trusted.filter((r) => r.status === 'verified').map((r) => r.checkpoint.treeSize)));
  const found = [];
  let outcome;
  const ranged = edits.filter((e) => e.kind === 'insert' && e.from < e.to);
  const trials = [];
  if (ranged.length === 1) {
    for (let at = ranged[0].from; at <= ranged[0].to; at++) trials.push(edits.map((e) => (e === ranged[0] ? { ...e, from: at, to: at } : e)));
  } else {
    trials.push(edits);
  }
  for (const trial of trials) {
    const result = explainer.explains(trial);
    if (result === undefined) break;
    if (!result.matches) continue;
    outcome = result;
    for (const edit of trial) {
      if (edit.kind === 'insert' && edit.finding) {
        edit.finding.position = edit.to + 1;
        edit.finding.detail += `; in the signed log it was #${edit.to + 1}`;
      }
    }
    break;
  }
  if (!(outcome && outcome.matches) && search && edits.length === 0) {
    const firstMismatch = trusted.find((r) => r.status === 'root-mismatch');
    const swaps = !trusted.some((r) => r.status === 'beyond-log');
    const edit = firstMismatch && explainer.searchSingleEdit(good, { treeSize: firstMismatch.checkpoint.treeSize, root: Buffer.from(firstMismatch.checkpoint.rootHash, 'hex') }, swaps);
    const confirmed = edit && explainer.explains([edit]);
    if (edit && confirmed && confirmed.matches) {
      outcome = confirmed;
      const ref = (i) => refs.get(i) || { position: i + 1 };
      const name = (r) => `#${r.position}${r.streamId !== undefined ? ` (${r.streamId} v${r.streamVersion}, event ${r.eventId})` : ''}`;
      if (edit.kind === 'swap') {
        const [a, b] = [ref(edit.a), ref(edit.b)];
        found.push({ kind: 'reordered', ...a, related: [b], detail: `it has swapped places with ${name(b)}: swapping them back restores every signed root` });
      } else {
        found.push({ kind: 'inserted', ...ref(edit.index), detail: 'it is not in the signed log: without it every signed root matches again' });
      }
    }
  }
  if (outcome && outcome.matches) {
    const beyond = [...outcome.beyondEnd].sort((a, b) => a.treeSize - b.treeSize)[0];
    if (beyond) found.push(truncatedFinding(beyond, n));
    return found;
  }
  const mismatch = trusted.find((r) => r.status === 'root-mismatch');
  if (mismatch) {
    const size = mismatch.checkpoint.treeSize;
    found.push({
      kind: 'root-mismatch',
      treeSize: size,
      detail:
        `the checkpoint taken at ${mismatch.checkpoint.takenAt} signs root ${mismatch.checkpoint.rootHash} for the first ${size} events, but the log's root there is ${mismatch.logRoot}: ` +
        `one or more of events #${good + 1}..#${size} were altered, removed, inserted or moved after it was signed` +
        (good > 0 ? ` (events #1..#${good} still match the checkpoint of ${good})` : ''),
    });
  }
  const beyond = trusted.find((r) => r.status === 'beyond-log');
  if (beyond) found.push(truncatedFinding(beyond.checkpoint, n));
  return found;
}

module.exports = { explainRoots };
