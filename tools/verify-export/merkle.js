'use strict';

// The Merkle tree over the event hashes, in log order, as RFC 9162 defines it: leaves, nodes, roots and proofs.

const { sha256 } = require('./event-hash.js');

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

module.exports = { leafHash, nodeHash, Frontier, verifyInclusion, verifyConsistency, hexList };
