#!/usr/bin/env node
/*
 * verify-export.js — check a plan-audit export, or a proof, without trusting the
 * server that made it.
 *
 *   node verify-export.js export.jsonl [--public-key council.pem]... [--json]
 *   node verify-export.js proof.json   [--public-key council.pem]...
 *
 * One file, Node.js 20 or later, standard library only (node:crypto, node:fs,
 * node:readline); it imports nothing from the project, so an auditor can read it
 * whole and run it anywhere.
 *
 * What it checks, for an export of the whole log:
 *   - every event re-hashes to its stored hash: SHA-256 over the RFC 8785 (JCS)
 *     canonical JSON of the event without "hash" and "globalPosition";
 *   - in every stream, versions run 0, 1, 2… and each prevHash is the hash of the
 *     event before (null for the first);
 *   - the RFC 9162 Merkle root over the event hashes, in file order, at every
 *     checkpoint's tree size equals the checkpoint's root;
 *   - every checkpoint's Ed25519 signature over
 *     "plan-audit checkpoint v1\n<treeSize>\n<rootHash>\n<takenAt>\n".
 * For a one-plan export, where the tree cannot be rebuilt: hashes and chains as
 * above, each event's inclusion proof against the newest checkpoint, and the
 * consistency proof linking every older checkpoint to the newest.
 *
 * Keys: with --public-key, only the keys given are trusted. Without it, the keys
 * written in the export are used, and their key ids are printed: compare them with
 * the key id the council published, or the export could have been re-signed.
 *
 * Findings are printed one per line, as plan-audit verify prints them:
 *   ALTERED | MISSING | INSERTED | REORDERED | TRUNCATED  #<place in log> <stream> v<version> (event <id>): <what>
 *   ROOT-MISMATCH | BAD-SIGNATURE | UNKNOWN-KEY  for checkpoints.
 * Exit code: 0 the export is intact, 1 it was tampered with, 2 it could not be read.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const readline = require('node:readline');

// ---------------------------------------------------------------- JCS and event hashes

/** RFC 8785: keys sorted by UTF-16 code units, numbers and strings as ECMAScript JSON.stringify writes them. */
function canonicalJson(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} cannot be canonicalised`);
    return JSON.stringify(value);
  }
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new Error(`a ${typeof value} is not JSON`);
}

const METADATA_FIELDS = ['actor', 'effectiveAt', 'recordedAt', 'reason', 'correlationId', 'causationId', 'source'];

/** Exactly the fields the hash covers. */
function sealedFields(event) {
  const m = event.metadata;
  const sealed = {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      actor: { id: m.actor.id, role: m.actor.role },
      effectiveAt: m.effectiveAt,
      recordedAt: m.recordedAt,
      correlationId: m.correlationId,
      causationId: m.causationId,
      source: m.source,
    },
    prevHash: event.prevHash,
  };
  if (m.reason !== undefined) sealed.metadata.reason = m.reason;
  return sealed;
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest();
}

/** Why this event does not match its hash, or undefined when it does. */
function hashProblem(event) {
  let recomputed;
  try {
    recomputed = sha256(Buffer.from(canonicalJson(sealedFields(event)), 'utf8')).toString('hex');
  } catch (error) {
    return `its contents can no longer be hashed (${error.message}): it was altered`;
  }
  if (recomputed !== event.hash) return `its contents hash to ${recomputed}, but its stored hash is ${event.hash}: it was altered after it was recorded`;
  const extra = [];
  for (const key of Object.keys(event.metadata)) if (!METADATA_FIELDS.includes(key)) extra.push(`metadata.${key}`);
  if (event.metadata.actor && typeof event.metadata.actor === 'object') {
    for (const key of Object.keys(event.metadata.actor)) if (key !== 'id' && key !== 'role') extra.push(`metadata.actor.${key}`);
  }
  if (extra.length > 0) return `it carries ${extra.join(', ')}, which its hash does not cover: it was altered after it was recorded`;
  return undefined;
}

// ---------------------------------------------------------------- Merkle tree (RFC 9162)

const EMPTY_ROOT = sha256(Buffer.alloc(0));

/** Leaf over the 32 bytes of the event hash; a hash that is not 64 lower-case hex digits hashes as text. */
function leafHash(eventHash) {
  const text = String(eventHash);
  const bytes = /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
  return sha256(Buffer.concat([Buffer.from([0x00]), bytes]));
}

function nodeHash(left, right) {
  return sha256(Buffer.concat([Buffer.from([0x01]), left, right]));
}

/** The right edge of a growing tree: one perfect-subtree root per set bit of its size. */
class Frontier {
  constructor(nodes = [], size = 0) {
    this.nodes = nodes;
    this.size = size;
  }
  push(leaf) {
    this.pushSubtree(leaf, 0);
  }
  /** A whole aligned perfect subtree of 2^height leaves at once. */
  pushSubtree(root, height) {
    const span = 2 ** height;
    let node = root;
    for (let carry = this.size / span; carry % 2 === 1; carry = Math.floor(carry / 2)) node = nodeHash(this.nodes.pop(), node);
    this.nodes.push(node);
    this.size += span;
  }
  root() {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1];
    for (let i = this.nodes.length - 2; i >= 0; i--) root = nodeHash(this.nodes[i], root);
    return root;
  }
  clone() {
    return new Frontier([...this.nodes], this.size);
  }
}

/** RFC 9162 §2.1.3.2. */
function verifyInclusion(leafIndex, treeSize, leaf, path, root) {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2. */
function verifyConsistency(first, second, firstHash, secondHash, proof) {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(first)) ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstHash) && sr.equals(secondHash);
}

function hexList(list) {
  if (!Array.isArray(list) || !list.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) return undefined;
  return list.map((h) => Buffer.from(h, 'hex'));
}

// ---------------------------------------------------------------- checkpoints and keys

function checkpointStatement(c) {
  return `plan-audit checkpoint v1\n${c.treeSize}\n${c.rootHash}\n${c.takenAt}\n`;
}

function keyIdOf(key) {
  return sha256(key.export({ type: 'spki', format: 'der' })).toString('hex');
}

function signatureValid(checkpoint, key) {
  try {
    return crypto.verify(null, Buffer.from(checkpointStatement(checkpoint), 'utf8'), key, Buffer.from(String(checkpoint.signature), 'base64'));
  } catch {
    return false;
  }
}

/** Signature first: a checkpoint whose signature fails says nothing about the log. */
function checkpointTrust(checkpoint, keys) {
  const key = keys.get(checkpoint.keyId);
  if (!key) return 'unknown-key';
  return signatureValid(checkpoint, key) ? 'trusted' : 'bad-signature';
}

function signatureFindings(checkpoints, keys) {
  const findings = [];
  for (const c of checkpoints) {
    const trust = checkpointTrust(c, keys);
    if (trust === 'unknown-key') findings.push({ kind: 'unknown-key', treeSize: c.treeSize, detail: `checkpoint of ${c.treeSize} events taken at ${c.takenAt} is signed by key ${c.keyId}, which is not one you gave: its claims cannot be checked` });
    if (trust === 'bad-signature') findings.push({ kind: 'bad-signature', treeSize: c.treeSize, detail: `checkpoint of ${c.treeSize} events taken at ${c.takenAt} does not carry a valid signature: it was forged or altered` });
  }
  return findings;
}

// ---------------------------------------------------------------- reading the export

async function* exportLines(file) {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      line = { type: 'damaged' };
    }
    yield { number, line: line && typeof line === 'object' ? line : { type: 'damaged' } };
  }
}

function refOf(entry) {
  return { position: entry.index + 1, eventId: entry.eventId, streamId: entry.streamId, streamVersion: entry.streamVersion };
}

function describeRef(e) {
  return `#${e.index + 1} (${e.streamId} v${e.streamVersion}, event ${e.eventId})`;
}

// ---------------------------------------------------------------- one damaged stream (as plan-audit verify)

/**
 * Rebuild a stream whose events do not follow one another: the event a successor
 * links to is the genuine one. A version nobody holds is missing, a second holder
 * is inserted, a genuine event its successor does not link to was altered and
 * re-hashed, and genuine events out of version order were reordered. Also returns
 * the leaf edits that would undo each change, to test against the signed roots.
 */
function analyseStream(entries, alteredHashes = new Set()) {
  const findings = [];
  const edits = [];
  const byVersion = new Map();
  for (const e of entries) {
    if (!Number.isSafeInteger(e.streamVersion) || e.streamVersion < 0) continue;
    if (!byVersion.has(e.streamVersion)) byVersion.set(e.streamVersion, []);
    byVersion.get(e.streamVersion).push(e);
  }
  // An altered event's stream and version may be what was changed: only sound events say which versions a stream has.
  const soundVersions = entries.filter((e) => e.hashOk && byVersion.has(e.streamVersion)).map((e) => e.streamVersion);
  if (soundVersions.length === 0) return { findings, edits };
  const streamId = entries[0].streamId;
  const top = Math.max(...soundVersions);
  const genuine = new Map();
  for (let version = top; version >= 0; version--) {
    const holders = byVersion.get(version) || [];
    const successor = genuine.get(version + 1);
    if (holders.length === 0) {
      const knownHash = successor ? successor.prevHash : undefined;
      if (knownHash && alteredHashes.has(knownHash)) continue;
      const finding = {
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
        let predecessor;
        for (let v = version - 1; v >= 0 && !predecessor; v--) predecessor = (byVersion.get(v) || [])[0];
        edits.push({ kind: 'insert', from: predecessor ? predecessor.index + 1 : 0, to: successor.index, leaf: leafHash(knownHash), finding });
      }
      continue;
    }
    const linked = successor ? holders.find((h) => h.hash === successor.prevHash) : undefined;
    const chosen = linked || holders.find((h) => h.hashOk) || holders[0];
    genuine.set(version, chosen);
    for (const other of holders) {
      if (other === chosen || !other.hashOk) continue;
      const copy = other.hash === chosen.hash;
      findings.push({
        kind: 'inserted',
        ...refOf(other),
        related: [refOf(chosen)],
        detail: copy
          ? `a second copy of ${streamId} v${version}, first recorded at #${chosen.index + 1}`
          : linked
            ? `it claims to be ${streamId} v${version}, but ${describeRef(successor)} links to ${describeRef(chosen)} instead: it is not part of the sealed history`
            : `it claims to be ${streamId} v${version}, which ${describeRef(chosen)} already is: one of the two was inserted`,
      });
      edits.push({ kind: 'remove', index: other.index });
    }
  }
  for (let version = 0; version <= top; version++) {
    const event = genuine.get(version);
    if (!event || !event.hashOk) continue;
    if (version === 0) {
      if (event.prevHash !== null) findings.push({ kind: 'missing', ...refOf(event), detail: `it is the stream's first event in the log but links to a predecessor ${event.prevHash} that is not there` });
      continue;
    }
    const before = genuine.get(version - 1);
    if (!before || event.prevHash === before.hash) continue;
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
  const chain = [...genuine.values()].sort((a, b) => a.streamVersion - b.streamVersion);
  const slots = chain.map((e) => e.index).sort((a, b) => a - b);
  const misplaced = chain.filter((e, k) => e.index !== slots[k]);
  if (misplaced.length === 2 && slots[chain.indexOf(misplaced[0])] === misplaced[1].index) {
    const [x, y] = misplaced;
    edits.push({ kind: 'swap', a: x.index, b: y.index });
    findings.push({
      kind: 'reordered',
      ...refOf(y),
      related: [refOf(x)],
      detail: `it has swapped places with ${describeRef(x)}: ${streamId} v${y.streamVersion} belongs at #${x.index + 1} and v${x.streamVersion} at #${y.index + 1}`,
    });
  } else if (misplaced.length > 0) {
    for (let k = 1; k < chain.length; k++) {
      if (chain[k].index < chain[k - 1].index) {
        findings.push({ kind: 'reordered', ...refOf(chain[k]), related: [refOf(chain[k - 1])], detail: `it comes before ${describeRef(chain[k - 1])} in the log, though it follows it in ${streamId}` });
      }
    }
  }
  return { findings, edits };
}

// ---------------------------------------------------------------- undoing changes against the signed roots

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

// ---------------------------------------------------------------- verifying an export

class UnreadableExport extends Error {}

async function verifyExport(file, givenKeys) {
  const findings = [];
  const leaves = [];
  const streams = new Map();
  const suspicious = new Set();
  const altered = new Set();
  const checkpoints = [];
  const consistency = [];
  const planEvents = [];
  let header;
  let end;
  let count = 0;
  let linesAfterEnd = 0;
  for await (const { number, line } of exportLines(file)) {
    if (!header) {
      if (line.type !== 'header' || line.format !== 'plan-audit-export') throw new UnreadableExport(`${file} is not a plan-audit export: its first line is not the export header`);
      if (line.formatVersion !== 1) throw new UnreadableExport(`${file} is export format ${line.formatVersion}; this verifier reads format 1`);
      header = line;
      continue;
    }
    if (end) linesAfterEnd += 1;
    if (line.type === 'damaged') {
      findings.push({ kind: 'altered', detail: `line ${number} of the export is not valid JSON: it was damaged or edited` });
      continue;
    }
    if (line.type === 'event' || line.type === 'unreadable') {
      const event = line.event && typeof line.event === 'object' ? line.event : {};
      const index = header.scope === 'plan' ? line.leafIndex : count;
      count += 1;
      const problem = line.type === 'unreadable' ? `it could not be read when exported: ${event.problem}` : hashProblem(event);
      const entry = { index, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, prevHash: event.prevHash, hash: event.hash, hashOk: problem === undefined };
      if (problem !== undefined) {
        findings.push({ kind: 'altered', position: Number.isSafeInteger(index) ? index + 1 : undefined, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, detail: problem });
        altered.add(count - 1);
      }
      if (header.scope !== 'plan') leaves.push(leafHash(event.hash));
      else planEvents.push({ entry, inclusion: line.inclusion, line: number });
      const before = streams.get(event.streamId);
      const follows = before ? event.streamVersion === before.version + 1 && event.prevHash === before.hash : event.streamVersion === 0 && event.prevHash === null;
      if (!follows) suspicious.add(event.streamId);
      streams.set(event.streamId, { version: event.streamVersion, hash: event.hash });
    } else if (line.type === 'checkpoint') {
      checkpoints.push(line.checkpoint || {});
    } else if (line.type === 'consistency') {
      consistency.push(line);
    } else if (line.type === 'end') {
      end = line;
    }
  }
  if (!header) throw new UnreadableExport(`${file} is empty`);
  if (!end) findings.push({ kind: 'truncated', detail: 'the export has no end line: the file was cut short' });
  else if (end.events !== count || end.checkpoints !== checkpoints.length) {
    findings.push({ kind: end.events > count ? 'missing' : 'inserted', detail: `the end line says ${end.events} events and ${end.checkpoints} checkpoints, but the file holds ${count} and ${checkpoints.length}` });
  }
  if (linesAfterEnd > 0) findings.push({ kind: 'inserted', detail: `${linesAfterEnd} line(s) follow the end line` });

  const keys = givenKeys || keysFromHeader(header);
  findings.push(...signatureFindings(checkpoints, keys));

  const results = header.scope === 'plan' ? checkPlanExport(planEvents, checkpoints, consistency, keys, findings) : checkWholeLog(leaves, checkpoints, keys);
  if (header.scope !== 'plan') {
    const trusted = results.filter((r) => r.status !== 'bad-signature' && r.status !== 'unknown-key');
    const firstBad = trusted.find((r) => r.status !== 'verified');
    if (suspicious.size > 0 || firstBad) {
      const good = Math.max(0, ...trusted.filter((r) => r.status === 'verified' && (!firstBad || r.checkpoint.treeSize < firstBad.checkpoint.treeSize)).map((r) => r.checkpoint.treeSize));
      const windowEnd = firstBad ? Math.min(leaves.length, firstBad.checkpoint.treeSize + 1, good + 10000) : good;
      const { chains, refs, alteredHashes } = await collectForAnalysis(file, suspicious, altered, good, windowEnd);
      const edits = [];
      for (const entries of chains.values()) {
        const analysis = analyseStream(entries, alteredHashes);
        findings.push(...analysis.findings);
        edits.push(...analysis.edits);
      }
      const search = findings.every((f) => f.kind === 'bad-signature' || f.kind === 'unknown-key');
      if (firstBad) findings.push(...explainRoots(leaves, results, edits, good, refs, search));
    }
  } else if (suspicious.size > 0) {
    const chains = new Map();
    for (const { entry } of planEvents) if (suspicious.has(entry.streamId)) chains.set(entry.streamId, [...(chains.get(entry.streamId) || []), entry]);
    const alteredHashes = new Set(planEvents.filter(({ entry }) => !entry.hashOk).map(({ entry }) => entry.hash));
    for (const entries of chains.values()) findings.push(...analyseStream(entries, alteredHashes).findings);
  }
  findings.sort((a, b) => (a.position ?? a.treeSize ?? Number.MAX_SAFE_INTEGER) - (b.position ?? b.treeSize ?? Number.MAX_SAFE_INTEGER));
  return { header, keys, givenKeys: Boolean(givenKeys), eventCount: count, streamCount: streams.size, checkpoints: results, findings, ok: findings.length === 0 };
}

function keysFromHeader(header) {
  const keys = new Map();
  for (const k of Array.isArray(header.publicKeys) ? header.publicKeys : []) {
    try {
      const key = crypto.createPublicKey(k.pem);
      keys.set(keyIdOf(key), key);
    } catch {
      // A key that does not parse trusts nothing.
    }
  }
  return keys;
}

function checkWholeLog(leaves, checkpoints, keys) {
  const sizes = [...new Set(checkpoints.map((c) => c.treeSize).filter((s) => Number.isSafeInteger(s) && s > 0))].sort((a, b) => a - b);
  const rootsAt = new Map();
  const frontier = new Frontier();
  let next = 0;
  for (const leaf of leaves) {
    frontier.push(leaf);
    while (next < sizes.length && sizes[next] === frontier.size) rootsAt.set(sizes[next++], frontier.root().toString('hex'));
  }
  return [...checkpoints]
    .sort((a, b) => a.treeSize - b.treeSize)
    .map((checkpoint) => {
      const trust = checkpointTrust(checkpoint, keys);
      const logRoot = rootsAt.get(checkpoint.treeSize);
      if (trust !== 'trusted') return { checkpoint, status: trust, logRoot };
      if (checkpoint.treeSize > leaves.length) return { checkpoint, status: 'beyond-log' };
      return { checkpoint, status: logRoot === checkpoint.rootHash ? 'verified' : 'root-mismatch', logRoot };
    });
}

/** A one-plan export: each event's audit path to the newest checkpoint, each older checkpoint's consistency with it. */
function checkPlanExport(planEvents, checkpoints, consistency, keys, findings) {
  const bySize = new Map(checkpoints.map((c) => [c.treeSize, c]));
  const trusted = (c) => c && checkpointTrust(c, keys) === 'trusted';
  const results = checkpoints.map((checkpoint) => ({ checkpoint, status: trusted(checkpoint) ? 'verified' : checkpointTrust(checkpoint, keys) }));
  for (const { entry, inclusion } of planEvents) {
    if (!entry.hashOk) continue;
    const checkpoint = inclusion && bySize.get(inclusion.treeSize);
    const path = inclusion && hexList(inclusion.auditPath);
    if (!inclusion) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: 'it carries no inclusion proof: nothing shows it is part of the signed log' });
    } else if (!trusted(checkpoint)) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: `its inclusion proof refers to a checkpoint of ${inclusion.treeSize} events that is missing or not validly signed` });
    } else if (!path || !verifyInclusion(entry.index, inclusion.treeSize, leafHash(entry.hash), path, Buffer.from(checkpoint.rootHash, 'hex'))) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: `its inclusion proof does not lead to the signed root of ${inclusion.treeSize} events: it is not in the signed log at #${entry.index + 1} (inserted, or moved)` });
    }
  }
  const newest = [...checkpoints].filter(trusted).sort((a, b) => b.treeSize - a.treeSize)[0];
  for (const result of results) {
    const c = result.checkpoint;
    if (result.status !== 'verified' || !newest || c === newest || c.treeSize === newest.treeSize) continue;
    const line = consistency.find((l) => l.from === c.treeSize && l.to === newest.treeSize);
    const proof = line && hexList(line.proof);
    if (!proof || !verifyConsistency(c.treeSize, newest.treeSize, Buffer.from(c.rootHash, 'hex'), Buffer.from(newest.rootHash, 'hex'), proof)) {
      result.status = 'root-mismatch';
      findings.push({ kind: 'root-mismatch', treeSize: c.treeSize, detail: `no valid consistency proof shows that the log of ${newest.treeSize} events (taken at ${newest.takenAt}) extends the log of ${c.treeSize} events signed at ${c.takenAt} unchanged` });
    }
  }
  return results;
}

async function collectForAnalysis(file, suspicious, altered, windowStart, windowEnd) {
  const chains = new Map();
  const refs = new Map();
  const alteredHashes = new Set();
  let index = 0;
  for await (const { line } of exportLines(file)) {
    if (line.type !== 'event' && line.type !== 'unreadable') continue;
    const event = line.event && typeof line.event === 'object' ? line.event : {};
    const entry = { index, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, prevHash: event.prevHash, hash: event.hash, hashOk: !altered.has(index) && line.type === 'event' };
    if (suspicious.has(event.streamId)) chains.set(event.streamId, [...(chains.get(event.streamId) || []), entry]);
    if (index >= windowStart && index < windowEnd) refs.set(index, refOf(entry));
    if (!entry.hashOk) alteredHashes.add(event.hash);
    index += 1;
  }
  return { chains, refs, alteredHashes };
}

// ---------------------------------------------------------------- verifying a proof file

function verifyProof(proof, givenKeys) {
  const keys = givenKeys || new Map();
  if (!givenKeys && proof.publicKey && proof.publicKey.pem) {
    const key = crypto.createPublicKey(proof.publicKey.pem);
    keys.set(keyIdOf(key), key);
  }
  const findings = [];
  const checkpoints = proof.type === 'inclusion-proof' ? [proof.checkpoint] : [proof.from, proof.to];
  findings.push(...signatureFindings(checkpoints, keys));
  if (proof.type === 'inclusion-proof') {
    const event = proof.event || {};
    const problem = hashProblem(event);
    const ref = { position: proof.leafIndex + 1, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion };
    if (problem) findings.push({ kind: 'altered', ...ref, detail: problem });
    const path = hexList(proof.auditPath);
    const root = Buffer.from(String(proof.checkpoint.rootHash), 'hex');
    if (proof.treeSize !== proof.checkpoint.treeSize || !path || !verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(event.hash), path, root)) {
      findings.push({ kind: 'inserted', ...ref, detail: `the audit path does not lead from this event to the signed root of ${proof.checkpoint.treeSize} events` });
    }
  } else {
    const path = hexList(proof.proof);
    const ok = path && verifyConsistency(proof.from.treeSize, proof.to.treeSize, Buffer.from(String(proof.from.rootHash), 'hex'), Buffer.from(String(proof.to.rootHash), 'hex'), path);
    if (!ok) findings.push({ kind: 'root-mismatch', treeSize: proof.from.treeSize, detail: `the proof does not show that the log of ${proof.to.treeSize} events extends the log of ${proof.from.treeSize} events unchanged` });
  }
  return { findings, ok: findings.length === 0, keys };
}

// ---------------------------------------------------------------- output

function formatFinding(f) {
  const hasSubject = f.eventId !== undefined || f.position !== undefined || f.streamId !== undefined;
  const subject = hasSubject ? `${f.position !== undefined ? `#${f.position}` : 'an event'}${f.streamId !== undefined ? ` ${f.streamId} v${f.streamVersion}` : ''}${f.eventId !== undefined ? ` (event ${f.eventId})` : ''}: ` : '';
  return `${f.kind.toUpperCase()} ${subject}${f.detail}`;
}

function parseArguments(argv) {
  const options = { files: [], keyFiles: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--public-key') options.keyFiles.push(argv[++i]);
    else if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else options.files.push(argv[i]);
  }
  return options;
}

function loadKeys(keyFiles) {
  if (keyFiles.length === 0) return undefined;
  const keys = new Map();
  for (const file of keyFiles) {
    if (!file) throw new UnreadableExport('--public-key needs a PEM file');
    const key = crypto.createPublicKey(fs.readFileSync(file));
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** A proof file is one (pretty-printed) JSON object; an export's first line is its header. */
function readProof(file) {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(65536);
  const read = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const firstLine = head.subarray(0, read).toString('utf8').split('\n')[0];
  try {
    if (JSON.parse(firstLine).type === 'header') return undefined;
  } catch {
    // Not a one-line JSON value: a pretty-printed proof, or not ours at all.
  }
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && (value.type === 'inclusion-proof' || value.type === 'consistency-proof') ? value : undefined;
  } catch {
    return undefined;
  }
}

async function main(argv) {
  const options = parseArguments(argv);
  if (options.help || options.files.length !== 1) {
    process.stderr.write('usage: node verify-export.js <export.jsonl | proof.json> [--public-key key.pem]... [--json]\n');
    return 2;
  }
  const [file] = options.files;
  const givenKeys = loadKeys(options.keyFiles);
  const out = (line) => process.stdout.write(`${line}\n`);
  const proof = readProof(file);
  const result = proof ? verifyProof(proof, givenKeys) : await verifyExport(file, givenKeys);
  if (options.json) {
    out(JSON.stringify({ ok: result.ok, eventCount: result.eventCount, findings: result.findings, checkpoints: result.checkpoints && result.checkpoints.map((r) => ({ ...r.checkpoint, status: r.status })) }, null, 2));
  } else {
    for (const finding of result.findings) out(formatFinding(finding));
    if (proof) {
      out(result.ok ? `The ${proof.type} holds: ${proof.type === 'inclusion-proof' ? `event ${proof.event.eventId} is leaf ${proof.leafIndex} of the ${proof.treeSize} events signed at ${proof.checkpoint.takenAt}` : `the log of ${proof.to.treeSize} events extends the log of ${proof.from.treeSize} events unchanged`}.` : `The ${proof.type} does NOT hold.`);
    } else {
      const verified = result.checkpoints.filter((c) => c.status === 'verified');
      if (result.ok) out(`Verified ${result.eventCount} events in ${result.streamCount} streams: every hash and chain link is intact.`);
      out(`Checkpoints: ${verified.length} of ${result.checkpoints.length} verified${result.header.scope === 'plan' ? ` (one-plan export of ${result.header.planId}: events checked by inclusion proofs)` : ''}.`);
    }
    if (!givenKeys) for (const keyId of result.keys.keys()) out(`Signatures checked with key ${keyId}, taken from the file itself: compare it with the key id the council published, or pass --public-key.`);
    out(result.ok ? 'RESULT: intact' : `RESULT: TAMPERED (${result.findings.length} finding${result.findings.length === 1 ? '' : 's'})`);
  }
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof UnreadableExport ? '' : 'Error: '}${error.message}\n`);
    process.exitCode = 2;
  },
);
