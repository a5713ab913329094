import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, leafHash, MerkleFrontier, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafOf = (data: Buffer) => sha256(Buffer.from([0]), data);
const node = (l: Buffer, r: Buffer) => sha256(Buffer.from([1]), l, r);
const hex = (b: Buffer) => b.toString('hex');
const treeOf = (leaves: Buffer[]) => new MerkleTree(Buffer.concat(leaves));

/** The RFC 6962 reference test vectors (certificate-transparency project): leaf data, then the root of the first n leaves. */
const VECTOR_DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('Merkle tree (RFC 6962 / RFC 9162)', () => {
  const vectorLeaves = VECTOR_DATA.map(leafOf);

  it('hashes a leaf as SHA-256(0x00 || the 32 bytes of the event hash) and a node as SHA-256(0x01 || left || right)', () => {
    const eventHash = 'ab'.repeat(32);
    expect(hex(leafHash(eventHash))).toBe(hex(sha256(Buffer.from([0]), Buffer.from(eventHash, 'hex'))));
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(hex(nodeHash(a, b))).toBe(hex(node(a, b)));
    expect(hex(EMPTY_ROOT)).toBe(hex(sha256()));
  });

  it('gives a damaged stored hash a leaf of its own rather than failing', () => {
    expect(hex(leafHash('not a hash'))).toBe(hex(sha256(Buffer.from([0]), Buffer.from('not a hash'))));
    expect(hex(leafHash('AB'.repeat(32)))).not.toBe(hex(leafHash('ab'.repeat(32))));
  });

  it('computes the roots of small trees by hand: 1, 2, 3, 5 and 7 leaves, split at the largest power of two below n', () => {
    const [d0, d1, d2, d3, d4, d5, d6] = vectorLeaves;
    const tree = treeOf(vectorLeaves.slice(0, 7));
    expect(hex(tree.root(1))).toBe(hex(d0));
    expect(hex(tree.root(2))).toBe(hex(node(d0, d1)));
    expect(hex(tree.root(3))).toBe(hex(node(node(d0, d1), d2)));
    expect(hex(tree.root(5))).toBe(hex(node(node(node(d0, d1), node(d2, d3)), d4)));
    expect(hex(tree.root(7))).toBe(hex(node(node(node(d0, d1), node(d2, d3)), node(node(d4, d5), d6))));
    expect(hex(tree.root(0))).toBe(hex(sha256()));
  });

  it('matches the RFC 6962 reference roots for 1 to 8 leaves, in the full tree and the incremental frontier', () => {
    const tree = treeOf(vectorLeaves);
    const frontier = MerkleFrontier.empty();
    VECTOR_ROOTS.forEach((root, i) => {
      frontier.push(vectorLeaves[i]);
      expect(hex(tree.root(i + 1))).toBe(root);
      expect(hex(frontier.root())).toBe(root);
    });
  });

  it('gives the reference audit paths and consistency proofs', () => {
    const tree = treeOf(vectorLeaves);
    expect(tree.inclusionProof(0, 8).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(tree.inclusionProof(5, 8).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(tree.consistencyProof(4, 8).map(hex)).toEqual(['6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']);
    expect(tree.consistencyProof(3, 7).map(hex)).toEqual([
      '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
      '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      '837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e',
    ]);
    expect(tree.consistencyProof(8, 8)).toEqual([]);
  });

  it('restores a saved frontier only when it fits the size', () => {
    const frontier = MerkleFrontier.empty();
    vectorLeaves.slice(0, 7).forEach((l) => frontier.push(l));
    const saved = frontier.toJSON();
    expect(saved.nodes).toHaveLength(3);
    const restored = MerkleFrontier.restore(saved.size, saved.nodes);
    restored.push(vectorLeaves[7]);
    expect(hex(restored.root())).toBe(VECTOR_ROOTS[7]);
    expect(() => MerkleFrontier.restore(7, saved.nodes.slice(1))).toThrow(/has 3 nodes, not 2/);
  });

  const leavesArbitrary = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 70 }).map((list) => list.map((l) => Buffer.from(l)));

  it('property: every inclusion proof verifies, and fails for a changed leaf, index or root', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), fc.nat(), (leaves, a, b) => {
        const tree = treeOf(leaves);
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const root = tree.root(size);
        const path = tree.inclusionProof(index, size);
        expect(verifyInclusion(index, size, tree.leaf(index), path, root)).toBe(true);
        const changed = Buffer.from(tree.leaf(index));
        changed[a % 32] ^= 0x01;
        expect(verifyInclusion(index, size, changed, path, root)).toBe(false);
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, tree.leaf(index), path, root)).toBe(false);
        expect(verifyInclusion(index, size, tree.leaf(index), path, tree.root(size === 1 ? 0 : size - 1))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: every consistency proof m ≤ n verifies, and fails once a leaf of the older tree changes', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, c) => {
        const tree = treeOf(leaves);
        const n = 1 + (a % leaves.length);
        const m = 1 + (b % n);
        const proof = tree.consistencyProof(m, n);
        expect(verifyConsistency(m, n, tree.root(m), tree.root(n), proof)).toBe(true);
        // Rewrite one leaf of the first m: the rewritten log's root at n cannot be proved to extend the signed root at m.
        const rewritten = leaves.map((l) => Buffer.from(l));
        rewritten[c % m][c % 32] ^= 0x80;
        const other = treeOf(rewritten);
        expect(verifyConsistency(m, n, tree.root(m), other.root(n), other.consistencyProof(m, n))).toBe(false);
        expect(verifyConsistency(m, n, tree.root(m), other.root(n), proof)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  // How fast is the benchmark's business; here, that a million leaves fold into a frontier of a
  // handful of nodes (one per set bit of the size, so memory stays logarithmic) with the right root.
  it('computes the root of 1,000,000 leaves keeping only one node per set bit of the size', () => {
    const count = 1_000_000;
    const leaves = randomBytes(count * 32);
    const frontier = MerkleFrontier.empty();
    const setBits = (n: number) => n.toString(2).split('1').length - 1;
    let widest = 0;
    for (let i = 0; i < count; i++) {
      frontier.push(leaves.subarray(i * 32, i * 32 + 32));
      // The frontier is widest just before a carry: at sizes 2^k - 1 (all bits set).
      if (((frontier.size + 1) & frontier.size) === 0) widest = Math.max(widest, frontier.toJSON().nodes.length);
    }
    expect(widest).toBe(19); // 524,287 = 2^19 - 1 leaves
    expect(frontier.toJSON().nodes).toHaveLength(setBits(count));
    expect(hex(new MerkleTree(leaves).root())).toBe(hex(frontier.root()));
  });
});
