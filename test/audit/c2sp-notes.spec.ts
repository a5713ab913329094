import { generateKeyPairSync } from 'node:crypto';
import { checkpointNote, checkpointSignatureValid, signCheckpoint, signTlogCheckpoint } from '../../src/audit/checkpoint';
import { encodeAddCheckpoint, parseAddCheckpoint } from '../../src/audit/transparency/add-checkpoint-request';
import { Cosigner, verifyCosignature } from '../../src/audit/transparency/cosignature';
import { NoteSigner, NoteVerifier, openNote, parseNote } from '../../src/audit/transparency/signed-note';
import { parseCheckpointText } from '../../src/audit/transparency/tlog-checkpoint';
import { checkQuorum } from '../../src/audit/transparency/witness-quorum';

// The example in c2sp.org/signed-note: this vkey verifies this note. If our key IDs,
// line format or base64 drifted from the specification, this is where it shows.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = 'This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

const ROOT_HEX = '0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62';

describe('C2SP signed notes, checkpoints and cosignatures', () => {
  it('verifies the signed-note specification example with its vkey, and re-encodes the vkey unchanged', () => {
    const key = NoteVerifier.fromVkey(SPEC_VKEY);
    expect(key.vkey).toBe(SPEC_VKEY);
    expect(openNote(SPEC_NOTE, [key]).text).toBe('This is an example message.\n');
  });

  it('rejects the example with one character of its text changed, and a note no trusted key signed', () => {
    const key = NoteVerifier.fromVkey(SPEC_VKEY);
    expect(() => openNote(SPEC_NOTE.replace('example', 'exemple'), [key])).toThrow('does not verify');
    const stranger = new NoteSigner('example.com/foo', generateKeyPairSync('ed25519').privateKey).verifier;
    expect(() => openNote(SPEC_NOTE, [stranger])).toThrow('no key the reader trusts');
  });

  it('refuses a vkey whose key ID does not match its key', () => {
    expect(() => NoteVerifier.fromVkey(SPEC_VKEY.replace('530d903a', '530d903b'))).toThrow('does not match');
  });

  it('signs a checkpoint as a note any C2SP reader can open, and reads back origin, size and root', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const checkpoint = signTlogCheckpoint({ treeSize: 20852163, rootHash: ROOT_HEX, takenAt: '2026-12-06T10:00:00.000Z' }, 'council.example/plan', privateKey, 'k');
    expect(checkpointSignatureValid(checkpoint, publicKey)).toBe(true);
    const note = checkpointNote(checkpoint, publicKey);
    expect(note.split('\n').slice(0, 3)).toEqual(['council.example/plan', '20852163', 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=']);
    const opened = openNote(note, [new NoteSigner('council.example/plan', privateKey).verifier]);
    expect(parseCheckpointText(opened.text)).toMatchObject({ origin: 'council.example/plan', treeSize: 20852163 });
    expect(checkpointSignatureValid({ ...checkpoint, treeSize: 20852164 }, publicKey)).toBe(false);
  });

  it('keeps old-format checkpoints verifiable', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const old = signCheckpoint({ treeSize: 3, rootHash: ROOT_HEX, takenAt: '2024-01-01T00:00:00.000Z' }, privateKey, 'k');
    expect(checkpointSignatureValid(old, publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...old, takenAt: '2024-01-02T00:00:00.000Z' }, publicKey)).toBe(false);
  });

  it('counts a witness cosignature towards a quorum, and not when it is moved onto another checkpoint', () => {
    const log = generateKeyPairSync('ed25519');
    const witness = new Cosigner('audit.council.example/witness', generateKeyPairSync('ed25519').privateKey);
    const first = signTlogCheckpoint({ treeSize: 5, rootHash: ROOT_HEX, takenAt: 't' }, 'council.example/plan', log.privateKey, 'k');
    const line = witness.cosign(parseNote(checkpointNote(first, log.publicKey)).text, 1_765_000_000);
    const cosigned = { ...first, cosignatures: [line] };
    expect(checkQuorum(cosigned, [witness.verifier], 1)).toMatchObject({ met: true, cosignedBy: [{ witness: 'audit.council.example/witness', timestamp: 1_765_000_000 }] });
    expect(verifyCosignature('council.example/plan\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', parseNote(`x\n\n${line}`).signatures[0], witness.verifier)).toBe(1_765_000_000);

    const other = signTlogCheckpoint({ treeSize: 6, rootHash: ROOT_HEX, takenAt: 't' }, 'council.example/plan', log.privateKey, 'k');
    expect(checkQuorum({ ...other, cosignatures: [line] }, [witness.verifier], 1)).toMatchObject({ met: false, forged: ['audit.council.example/witness'] });
    // A witness the verifier did not choose counts for nothing.
    const unchosen = new Cosigner('other.example/w', generateKeyPairSync('ed25519').privateKey);
    expect(checkQuorum(cosigned, [unchosen.verifier], 1).met).toBe(false);
  });

  it('encodes and parses the add-checkpoint body of c2sp.org/tlog-witness', () => {
    const checkpoint = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';
    const proof = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const body = encodeAddCheckpoint({ oldSize: 20852014, proof, checkpoint });
    expect(body.startsWith('old 20852014\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n')).toBe(true);
    expect(parseAddCheckpoint(body)).toEqual({ oldSize: 20852014, proof, checkpoint });
    expect(() => parseAddCheckpoint(`old 01\n\n${checkpoint}`)).toThrow('old <size>');
    expect(() => parseAddCheckpoint(`old 1\nnot-a-hash\n\n${checkpoint}`)).toThrow('not a base64');
  });
});
