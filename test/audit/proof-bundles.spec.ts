import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, checkpointNote, signCheckpoint, signedText, signTlogCheckpoint } from '../../src/audit/checkpoint';
import { keyIdOf, PRIVATE_KEY_FILE, publicKeyPem } from '../../src/audit/signing-key';
import { Cosigner } from '../../src/audit/transparency/cosignature';
import { rawEd25519PublicKey } from '../../src/audit/transparency/ed25519-raw';
import { NoteVerifier } from '../../src/audit/transparency/signed-note';
import { leafHash, MerkleTree } from '../../src/audit/merkle';
import { ProofBundle, tlogProofText } from '../../src/audit/proof-bundle';
import { httpHarness, HttpHarness } from '../support/http-harness';

const VERIFIER = join(__dirname, '../../tools/verify-export.js');
const ORIGIN = 'council.example/improvement-plans';

/**
 * Offline proof bundles, end to end: fetched from the real HTTP server, written to a
 * file, and checked by spawning the standalone verifier with the keys the inspector
 * chose. Tampering is done to the downloaded file, as an attacker between the server
 * and the inspector (or the inspector's own copy) would.
 */
describe('proof bundles', () => {
  let h: HttpHarness;
  let dir: string;
  let councilPem: string;
  let councilKeyFile: string;
  let councilPrivate: KeyObject;
  const witnesses = ['audit.council.example/witness', 'regulator.example/witness', 'neighbour.example/witness'].map((name) => new Cosigner(name, generateKeyPairSync('ed25519').privateKey));
  const vkey = (w: Cosigner) => w.verifier.vkey;

  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return path;
  };
  const verify = (path: string, ...args: string[]) => spawnSync(process.execPath, [VERIFIER, path, ...args], { encoding: 'utf8', timeout: 60000 });
  const fetchBundle = async (url: string, role: 'inspector' | 'auditor' | 'lead' = 'inspector') => {
    const response = await h.http().get(url).set(h.as(role));
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return JSON.parse(response.text) as ProofBundle;
  };
  const clone = (b: ProofBundle): ProofBundle => JSON.parse(JSON.stringify(b)) as ProofBundle;
  const flipHex = (hex: string, at = 10) => `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;

  /** The server's checkpoint re-signed as a C2SP checkpoint with the council's key and cosigned: what signed-head will store. */
  const asC2sp = (b: ProofBundle, cosigners: Cosigner[], origin = ORIGIN): ProofBundle => {
    const c = signTlogCheckpoint(b.checkpoint, origin, councilPrivate, b.checkpoint.keyId);
    const text = signedText(c);
    return { ...clone(b), checkpoint: { ...c, cosignatures: cosigners.map((w) => w.cosign(text)) } };
  };

  beforeAll(async () => {
    h = await httpHarness('proof-bundles');
    dir = h.config.dataDir as string;
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.2', priorityNumber: 1, title: 'Supervision', initialRating: 'R', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'G', commentary: 'Caseloads are down to 18 per worker' }).expect(201);
    councilPem = (await h.http().get('/api/audit/public-key')).body.keys[0].pem as string;
    councilKeyFile = file('council.pem', councilPem);
    councilPrivate = createPrivateKey(readFileSync(join(`${dir}-signer`, PRIVATE_KEY_FILE)));
  });
  afterAll(() => h.close());

  describe('from the API', () => {
    it('refuses, rather than signs, an action history the newest checkpoint does not cover', async () => {
      const none = await h.http().get('/api/audit/bundles/actions/a-plan/1.1').set(h.as('inspector'));
      expect(none.status).toBe(404);
      expect(none.body.detail).toMatch(/no signed checkpoint yet/);
      await h.http().post('/api/audit/checkpoints').set(h.as('auditor')).expect(201);
      const signed = await h.eventCount();
      const history = (await h.http().get('/api/streams/action-a-plan%2F1.1/events').set(h.as('inspector'))).body.events as unknown[];
      await h.http().post('/api/plans/a-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'A', commentary: 'Two leavers' }).expect(201);
      const before = await h.eventCount();
      const late = await h.http().get('/api/audit/bundles/actions/a-plan/1.1').set(h.as('inspector'));
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({
        rule: 'not-yet-signed',
        detail: expect.stringMatching(new RegExp(`1 of the ${history.length + 1} events asked for was recorded after the newest checkpoint \\(${signed} events.*Ask again once the next checkpoint is signed`)),
      });
      expect((await h.http().get('/api/audit/checkpoints').set(h.as('auditor'))).body.checkpoints).toHaveLength(1);
      expect(await h.eventCount()).toBe(before);
      // A report asked for "now" is the report as far as the newest checkpoint covers it, and says so; asked for an unsigned moment, a 409.
      const asSigned = await fetchBundle('/api/audit/bundles/reports/a-plan/plan-state');
      expect(asSigned.events).toHaveLength(signed);
      expect(asSigned.subject).toMatchObject({ knownAt: asSigned.events[signed - 1].event.metadata.recordedAt });
      const unsigned = await h.http().get(`/api/audit/bundles/reports/a-plan/plan-state?knownAt=${encodeURIComponent(new Date().toISOString())}`).set(h.as('inspector'));
      expect(unsigned.status).toBe(409);
      await h.http().post('/api/audit/checkpoints').set(h.as('auditor')).expect(201);
    });

    it('serves a bundle of every event of the action, as a download, to anyone who may read proofs', async () => {
      const response = await h.http().get('/api/audit/bundles/actions/a-plan/1.1').set(h.as('lead'));
      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toMatch(/attachment; filename="a-plan-action-1.1-proof-bundle.json"/);
      const bundle = JSON.parse(response.text) as ProofBundle;
      expect(bundle).toMatchObject({ type: 'proof-bundle', format: 'plan-audit-bundle/1', subject: { kind: 'action-history', streamId: 'action-a-plan/1.1' }, checkpoint: { treeSize: 9 } });
      expect(bundle.events.map((e) => e.event.streamVersion)).toEqual([0, 1, 2, 3]);
      expect((await h.http().get('/api/audit/bundles/actions/a-plan/1.1')).status).toBe(401);
    });

    it('names what is wrong with the request: an unknown event or action, a bad or future tree size', async () => {
      expect((await h.http().get('/api/audit/bundles/events/no-such-event').set(h.as('inspector'))).status).toBe(404);
      expect((await h.http().get('/api/audit/bundles/actions/a-plan/9.9').set(h.as('inspector'))).body.detail).toMatch(/Plan a-plan has no action 9.9/);
      const bad = await h.http().get('/api/audit/bundles/actions/a-plan/1.1?from=five').set(h.as('inspector'));
      expect(bad.status).toBe(400);
      expect(bad.body.fields[0].field).toBe('from');
      for (const path of ['/api/audit/bundles/reports/a-plan/constructor', '/api/audit/bundles/reports/a-plan/__proto__', '/api/audit/bundles/reports/..%2f/plan-state', `/api/audit/bundles/actions/a-plan/${'9'.repeat(3000)}`, '/api/audit/bundles/actions/a-plan/1.1?knownAt=yesterday']) {
        const hostile = await h.http().get(path).set(h.as('inspector'));
        expect({ path, status: hostile.status }).toEqual({ path, status: hostile.status >= 400 && hostile.status < 500 ? hostile.status : 'a 4xx' });
      }
      const beyond = await h.http().get('/api/audit/bundles/actions/a-plan/1.1?from=99').set(h.as('inspector'));
      expect(beyond.status).toBe(409);
      expect(beyond.body.detail).toMatch(/You hold a checkpoint of 99 events, but the newest checkpoint here covers only 9/);
    });

    it('bundles a report with the plan events recorded by its knownAt, and one event alone', async () => {
      const report = await fetchBundle('/api/audit/bundles/reports/a-plan/plan-state');
      expect(report.subject).toMatchObject({ kind: 'report', planId: 'a-plan', name: 'plan-state' });
      expect(report.report).toMatchObject({ name: 'plan-state', data: { planId: 'a-plan' } });
      expect(report.events).toHaveLength(9);
      const knownAt = report.events[2].event.metadata.recordedAt;
      const earlier = await fetchBundle(`/api/audit/bundles/reports/a-plan/plan-state?knownAt=${encodeURIComponent(knownAt)}`);
      const recordedBy = report.events.filter((e) => e.event.metadata.recordedAt <= knownAt).map((e) => e.leafIndex);
      expect(recordedBy.length).toBeLessThan(9);
      expect(earlier.events.map((e) => e.leafIndex)).toEqual(recordedBy);
      expect(earlier.subject).toMatchObject({ knownAt });
      expect(verify(file('report.json', report), '--public-key', councilKeyFile).stdout).toMatch(/Bundle: the plan-state report of plan a-plan .* and the 9 events[\s\S]*RESULT: intact/);
      const later = clone(earlier);
      later.events.push(report.events[report.events.length - 1]);
      expect(verify(file('report-later.json', later), '--public-key', councilKeyFile).stdout).toMatch(/INSERTED .*it was recorded at .*, after .*, the moment the report is as known at/);
      const one = await fetchBundle(`/api/audit/bundles/events/${report.events[4].event.eventId}`);
      expect(one.events).toHaveLength(1);
      expect(verify(file('one.json', one), '--public-key', councilKeyFile).status).toBe(0);
      expect((await h.http().get('/api/audit/bundles/reports/a-plan/rag-summary').set(h.as('inspector'))).status).toBe(400);
    });
  });

  describe('on the web pages', () => {
    it("links the action's history page to its bundle, and each entry to its own for auditors and inspectors only", async () => {
      const page = await h.http().get('/plans/a-plan/actions/1.1').set(h.as('inspector'));
      expect(page.status).toBe(200);
      const hrefs = [...page.text.matchAll(/<a class="govuk-link" href="([^"]+)" download>Download proof bundle/g)].map((m) => m[1].replace(/&amp;/g, '&'));
      expect(hrefs[hrefs.length - 1]).toBe('/api/audit/bundles/actions/a-plan/1.1');
      const entryLinks = hrefs.filter((href) => href.startsWith('/api/audit/bundles/events/'));
      expect(entryLinks).toHaveLength((await fetchBundle('/api/audit/bundles/actions/a-plan/1.1')).events.length);
      for (const href of [hrefs[hrefs.length - 1], entryLinks[0]]) {
        const bundle = await fetchBundle(href);
        expect(verify(file('from-page.json', bundle), '--public-key', councilKeyFile).status).toBe(0);
      }
      const plan = await h.http().get('/plans/a-plan').set(h.as('inspector'));
      const reportHref = /<a class="govuk-link" href="([^"]+)" download>Download proof bundle<span class="govuk-visually-hidden">: the plan/.exec(plan.text)![1];
      expect(reportHref).toBe('/api/audit/bundles/reports/a-plan/plan-state');
      expect((await fetchBundle(reportHref)).report).toMatchObject({ name: 'plan-state' });
      const lead = await h.http().get('/plans/a-plan/actions/1.1').set(h.as('lead'));
      expect(lead.text).toContain('href="/api/audit/bundles/actions/a-plan/1.1"');
      expect(lead.text).not.toContain('/api/audit/bundles/events/');
    });
  });

  describe('checked offline with tools/ alone', () => {
    let bundle: ProofBundle;
    beforeAll(async () => {
      bundle = await fetchBundle('/api/audit/bundles/actions/a-plan/1.1');
    });

    it('verifies an action history fetched from the server', () => {
      const run = verify(file('history.json', bundle), '--public-key', councilKeyFile);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Bundle: the history of action 1.1 of plan a-plan \(stream action-a-plan\/1.1, 4 events\)/);
      expect(run.stdout).toMatch(/old-format \(v1\) checkpoint, 9 events/);
      expect(run.stdout).toMatch(/RESULT: intact/);
    });

    it('fails with one byte changed in an event payload, naming the event', () => {
      const changed = clone(bundle);
      const target = changed.events.find((e) => (e.event.data as { commentary?: string }).commentary?.includes('18 per worker'))!.event;
      const data = target.data as { commentary: string };
      data.commentary = data.commentary.replace('18', '28');
      const run = verify(file('payload.json', changed), '--public-key', councilKeyFile);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`ALTERED #\\d+ action-a-plan/1.1 v${target.streamVersion} \\(event ${target.eventId}\\): its contents hash to`));
      expect(run.stdout).toMatch(/RESULT: TAMPERED/);
    });

    it('fails with one hex digit changed in an audit path, naming the event', () => {
      const changed = clone(bundle);
      changed.events[2].auditPath[0] = flipHex(changed.events[2].auditPath[0]);
      const run = verify(file('path.json', changed), '--public-key', councilKeyFile);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`INSERTED #\\d+ action-a-plan/1.1 v2 \\(event ${changed.events[2].event.eventId}\\): its audit path does not lead`));
    });

    it('fails with the checkpoint changed: its root, or its signature', () => {
      const root = clone(bundle);
      root.checkpoint.rootHash = flipHex(root.checkpoint.rootHash);
      const run = verify(file('root.json', root), '--public-key', councilKeyFile);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/BAD-SIGNATURE the checkpoint of 9 events does not carry a valid signature/);
      const signature = clone(bundle);
      signature.checkpoint.signature = `${signature.checkpoint.signature[0] === 'A' ? 'B' : 'A'}${signature.checkpoint.signature.slice(1)}`;
      expect(verify(file('signature.json', signature), '--public-key', councilKeyFile).stdout).toMatch(/BAD-SIGNATURE/);
    });

    it('fails when an event of the stream is left out or another stream is slipped in', async () => {
      const gap = clone(bundle);
      gap.events.splice(1, 1);
      expect(verify(file('gap.json', gap), '--public-key', councilKeyFile).stdout).toMatch(/MISSING .*v2 .*action-a-plan\/1.1 v1 should come here/);
      const other = (await fetchBundle('/api/audit/bundles/actions/a-plan/1.2')).events[0];
      const slipped = clone(bundle);
      slipped.events.push(other);
      expect(verify(file('slipped.json', slipped), '--public-key', councilKeyFile).stdout).toMatch(/INSERTED .*belongs to stream action-a-plan\/1.2, not to action-a-plan\/1.1/);
      const relabelled = clone(bundle);
      relabelled.subject = { ...(relabelled.subject as { kind: 'action-history'; planId: string; reference: string; streamId: string }), reference: '1.2' };
      expect(verify(file('relabelled.json', relabelled), '--public-key', councilKeyFile).stdout).toMatch(/ALTERED the bundle says it is action 1.2 of plan a-plan, but names stream action-a-plan\/1.1/);
    });

    it('never trusts a key planted in the bundle', () => {
      const attacker = generateKeyPairSync('ed25519');
      const forged = clone(bundle);
      const event = forged.events[2].event;
      (event.data as { commentary?: string }).commentary = 'All fine';
      // The attacker re-signs the checkpoint and plants their key; the root they sign no longer matters.
      forged.checkpoint = signCheckpoint(forged.checkpoint, attacker.privateKey, keyIdOf(attacker.publicKey));
      forged.publicKey = { keyId: keyIdOf(attacker.publicKey), algorithm: 'Ed25519', pem: publicKeyPem(attacker.publicKey) };
      const path = file('planted.json', forged);
      const withoutKey = verify(path);
      expect(withoutKey.status).toBe(2);
      expect(withoutKey.stderr).toMatch(new RegExp(`No log key given.*never trusted.*signed by key ${keyIdOf(attacker.publicKey)}`));
      const withCouncilKey = verify(path, '--public-key', councilKeyFile);
      expect(withCouncilKey.status).toBe(1);
      expect(withCouncilKey.stdout).toMatch(/UNKNOWN-KEY .*not a log key you gave/);
    });
  });

  describe('C2SP checkpoints and witnesses', () => {
    let bundle: ProofBundle;
    beforeAll(async () => {
      bundle = await fetchBundle('/api/audit/bundles/actions/a-plan/1.1');
    });

    it('verifies a cosigned C2SP checkpoint when the quorum of witnesses the inspector trusts is met', () => {
      const path = file('c2sp.json', asC2sp(bundle, witnesses.slice(0, 2)));
      const run = verify(path, '--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]), '--witness-key', vkey(witnesses[1]));
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`C2SP checkpoint of ${ORIGIN}, 9 events`));
      expect(run.stdout).toMatch(/Witnesses: 2 of the 2 you trust cosigned \(audit.council.example\/witness at .*, regulator.example\/witness at .*\); quorum 2: met/);
      const json = JSON.parse(verify(path, '--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]), '--json').stdout);
      expect(json).toMatchObject({ ok: true, witnesses: { quorum: 1, met: true, ignored: 1 } });
    });

    it('reads the checkpoint as a C2SP signed note, counting the cosignatures the note carries', () => {
      const c2sp = asC2sp(bundle, witnesses.slice(0, 2));
      const note = checkpointNote(c2sp.checkpoint, createPublicKey(councilPem));
      const noteOnly: ProofBundle = { ...c2sp, checkpoint: { ...c2sp.checkpoint, cosignatures: undefined, note }, events: c2sp.events.map((e) => ({ ...e, tlogProof: tlogProofText(e.leafIndex, e.auditPath, note) })) };
      const flags = ['--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]), '--witness-key', vkey(witnesses[1])];
      const run = verify(file('note-only.json', noteOnly), ...flags);
      expect(run.stdout).toMatch(/quorum 2: met/);
      expect(run.status).toBe(0);
      expect(noteOnly.events[0].tlogProof).toMatch(new RegExp(`^c2sp.org/tlog-proof@v1\nindex ${noteOnly.events[0].leafIndex}\n([A-Za-z0-9+/]{43}=\n)+\n${ORIGIN}\n9\n`));
      // The tlog-proof text must say what the bundle says: a changed hash in it is named.
      const changed = clone(noteOnly);
      const lines = changed.events[1].tlogProof!.split('\n');
      lines[2] = `${lines[2][0] === 'A' ? 'B' : 'A'}${lines[2].slice(1)}`;
      changed.events[1].tlogProof = lines.join('\n');
      expect(verify(file('tlog-proof.json', changed), ...flags).stdout).toMatch(new RegExp(`ALTERED .*\\(event ${changed.events[1].event.eventId}\\): its C2SP tlog-proof holds another audit path`));
    });

    it('checks the note form: its text and its log signature line', () => {
      const c2sp = asC2sp(bundle, witnesses.slice(0, 1));
      const note = `${signedText(c2sp.checkpoint)}\n${'\u2014'} ${ORIGIN} ${Buffer.concat([Buffer.alloc(4), Buffer.from(c2sp.checkpoint.signature, 'base64')]).toString('base64')}\n`;
      const withNote = { ...c2sp, checkpoint: { ...c2sp.checkpoint, note } };
      const run = verify(file('note.json', withNote), '--public-key', councilKeyFile);
      // The key ID on that line is zero, not the log's: the note does not carry the log's signature.
      expect(run.stdout).toMatch(/BAD-SIGNATURE the checkpoint's signed note does not carry the log's signature/);
      const changedText = { ...c2sp, checkpoint: { ...c2sp.checkpoint, note: note.replace('\n9\n', '\n8\n') } };
      expect(verify(file('note-text.json', changedText), '--public-key', councilKeyFile).stdout).toMatch(/ALTERED the checkpoint's signed note says/);
    });

    it('fails when the quorum is not met, a cosignature is changed by one character, or replayed from another checkpoint', () => {
      const flags = ['--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]), '--witness-key', vkey(witnesses[1])];
      const one = verify(file('one-witness.json', asC2sp(bundle, [witnesses[0], witnesses[2]])), ...flags, '--quorum', '2');
      expect(one.status).toBe(1);
      expect(one.stdout).toMatch(/QUORUM-NOT-MET 1 of the 2 witnesses you trust cosigned the checkpoint of 9 events of council.example\/improvement-plans; you asked for 2/);
      expect(one.stdout).toMatch(/1 by witnesses you did not name were not counted/);
      expect(one.stdout).toMatch(/RESULT: NOT VERIFIED \(1 finding\)/);

      const changed = asC2sp(bundle, witnesses.slice(0, 2));
      const line = changed.checkpoint.cosignatures![1];
      const at = line.length - 10;
      changed.checkpoint.cosignatures![1] = `${line.slice(0, at)}${line[at] === 'A' ? 'B' : 'A'}${line.slice(at + 1)}`;
      const run = verify(file('cosignature.json', changed), ...flags);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/BAD-COSIGNATURE the cosignature by witness regulator.example\/witness does not verify/);

      const older = signTlogCheckpoint({ treeSize: 6, rootHash: bundle.checkpoint.rootHash, takenAt: 't' }, ORIGIN, councilPrivate, bundle.checkpoint.keyId);
      const replayed = asC2sp(bundle, [witnesses[0]]);
      replayed.checkpoint.cosignatures!.push(witnesses[1].cosign(signedText(older)));
      expect(verify(file('replayed.json', replayed), ...flags).stdout).toMatch(/BAD-COSIGNATURE the cosignature by witness regulator.example\/witness/);
    });

    it('takes keys and quorum from a trust file the inspector keeps, and refuses a quorum larger than the witnesses named', () => {
      const trust = file('trust.json', { logKeys: ['council.pem'], witnesses: witnesses.map(vkey), quorum: 2 });
      expect(verify(file('trusted.json', asC2sp(bundle, witnesses.slice(1))), '--trust', trust).status).toBe(0);
      expect(verify(file('trusted-one.json', asC2sp(bundle, witnesses.slice(2))), '--trust', trust).status).toBe(1);
      const tooMany = verify(file('trusted.json', asC2sp(bundle, witnesses)), '--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]), '--quorum', '2');
      expect(tooMany.status).toBe(2);
      expect(tooMany.stderr).toMatch(/a quorum of 2 needs at least 2 witness keys; 1 given/);
      expect(verify(file('origin.json', asC2sp(bundle, [])), '--public-key', councilKeyFile, '--origin', 'other.example/log').stdout).toMatch(/WRONG-ORIGIN/);
      // The log's key as a C2SP vkey: its name is the only origin accepted for checkpoints it signs.
      const logVkey = NoteVerifier.ed25519(ORIGIN, rawEd25519PublicKey(createPublicKey(councilPem))).vkey;
      const byVkey = file('trust-vkey.json', { logKeys: [logVkey], witnesses: [vkey(witnesses[0])], quorum: 1 });
      expect(verify(file('vkey-ok.json', asC2sp(bundle, [witnesses[0]])), '--trust', byVkey).status).toBe(0);
      const elsewhere = verify(file('vkey-origin.json', asC2sp(bundle, [witnesses[0]], 'impostor.example/log')), '--trust', byVkey);
      expect(elsewhere.stdout).toMatch(new RegExp(`WRONG-ORIGIN the checkpoint is of the log "impostor.example/log", but you trust this key for "${ORIGIN}" only`));
    });

    it('holds an old-format checkpoint to the quorum too, in a bundle or an export: it carries no cosignatures', async () => {
      const run = verify(file('v1-quorum.json', bundle), '--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]));
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/QUORUM-NOT-MET .*old-format v1 checkpoint carries no cosignatures/);
      const exported = await h.http().get('/api/audit/export').set(h.as('auditor')).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
      const exportRun = verify(file('v1-quorum.jsonl', exported.body as string), '--public-key', councilKeyFile, '--witness-key', vkey(witnesses[0]));
      expect(exportRun.status).toBe(1);
      expect(exportRun.stdout).toMatch(/QUORUM-NOT-MET 0 of the 1 witnesses you trust cosigned/);
      expect(exportRun.stdout).toMatch(/Witnesses on the newest checkpoint: 0 of those you trust cosigned; quorum 1: NOT met[\s\S]*RESULT: NOT VERIFIED/);
    });
  });

  describe('the state file: rollback and fork', () => {
    const exportLog = async () => {
      const response = await h.http().get('/api/audit/export').set(h.as('auditor')).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
      return response.body as string;
    };

    it('holds whole-log exports to the state too: a longer export must rebuild the root remembered', async () => {
      const state = join(dir, 'export-state.json');
      const first = file('state-export-1.jsonl', await exportLog());
      expect(verify(first, '--public-key', councilKeyFile, '--state', state).stdout).toMatch(/is now the one remembered/);
      await h.http().post('/api/plans/a-plan/actions/1.2/ratings').set(h.as('lead')).send({ code: 'G' }).expect(201);
      const second = file('state-export-2.jsonl', await exportLog());
      const extended = verify(second, '--public-key', councilKeyFile, '--state', state);
      expect(extended.status).toBe(0);
      const rolledBack = verify(first, '--public-key', councilKeyFile, '--state', state);
      expect(rolledBack.status).toBe(1);
      expect(rolledBack.stdout).toMatch(/ROLLED BACK this checkpoint covers \d+ events, fewer than the checkpoint of \d+ events/);
      const remembered = JSON.parse(readFileSync(state, 'utf8'));
      const [name] = Object.keys(remembered.logs);
      const smaller = { logs: { [name]: { ...remembered.logs[name], treeSize: 3, rootHash: 'ab'.repeat(32), trustedAt: '2026-01-01T00:00:00.000Z' } } };
      writeFileSync(state, JSON.stringify(smaller));
      const fork = verify(second, '--public-key', councilKeyFile, '--state', state);
      expect(fork.status).toBe(1);
      expect(fork.stdout).toMatch(/FORK the first 3 events of this export have root [0-9a-f]{64}, but the checkpoint of that size you trusted on 2026-01-01/);
      expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual(smaller);
    });

    it('accepts the same checkpoint again and a proven extension, and refuses a rollback, an unproven extension and a fork', async () => {
      const state = join(dir, 'inspector-state.json');
      const first = await fetchBundle('/api/audit/bundles/actions/a-plan/1.1');
      const size = first.checkpoint.treeSize;
      const firstFile = file('state-first.json', first);
      expect(verify(firstFile, '--public-key', councilKeyFile, '--state', state).stdout).toMatch(/no checkpoint of this log trusted before; this one is now remembered/);
      expect(JSON.parse(readFileSync(state, 'utf8')).logs).toMatchObject({ [`v1 log signed by ${first.checkpoint.keyId}`]: { treeSize: size, rootHash: first.checkpoint.rootHash } });
      expect(verify(firstFile, '--public-key', councilKeyFile, '--state', state).stdout).toMatch(/the same checkpoint you trusted/);

      await h.http().post('/api/plans/a-plan/actions/1.2/ratings').set(h.as('lead')).send({ code: 'A' }).expect(201);
      await h.http().post('/api/audit/checkpoints').set(h.as('auditor')).expect(201);
      const unlinked = verify(file('state-unlinked.json', await fetchBundle('/api/audit/bundles/actions/a-plan/1.2')), '--public-key', councilKeyFile, '--state', state);
      expect(unlinked.status).toBe(1);
      expect(unlinked.stdout).toMatch(new RegExp(`UNLINKED .*download it again with \\?from=${size}`));
      expect(unlinked.stdout).toMatch(/RESULT: NOT VERIFIED/);

      const next = await fetchBundle(`/api/audit/bundles/actions/a-plan/1.2?from=${size}`);
      const badProof = clone(next);
      badProof.consistency!.proof[0] = flipHex(badProof.consistency!.proof[0]);
      const forked = verify(file('state-bad-proof.json', badProof), '--public-key', councilKeyFile, '--state', state);
      expect(forked.status).toBe(1);
      expect(forked.stdout).toMatch(/FORK .*consistency proof does not show/);
      expect(JSON.parse(readFileSync(state, 'utf8')).logs[`v1 log signed by ${first.checkpoint.keyId}`].treeSize).toBe(size);

      const extended = verify(file('state-next.json', next), '--public-key', councilKeyFile, '--state', state);
      expect(extended.status).toBe(0);
      expect(extended.stdout).toMatch(new RegExp(`extends the checkpoint of ${size} events you trusted`));
      expect(JSON.parse(readFileSync(state, 'utf8')).logs[`v1 log signed by ${first.checkpoint.keyId}`].treeSize).toBe(size + 1);

      const rolledBack = verify(firstFile, '--public-key', councilKeyFile, '--state', state);
      expect(rolledBack.status).toBe(1);
      expect(rolledBack.stdout).toMatch(new RegExp(`ROLLED BACK the checkpoint of ${size} events has|ROLLED BACK this checkpoint covers ${size} events, fewer than the checkpoint of ${size + 1}`));

      // A fork: the key holder rewrites one event and signs the rewritten log at the same size.
      const events = await h.store.readAll({ after: 0, limit: 1000 });
      const leaves = Buffer.concat(events.map((e, i) => leafHash(i === 3 ? flipHex(e.hash) : e.hash)));
      const tree = new MerkleTree(leaves);
      const forkCheckpoint: Checkpoint = signCheckpoint({ treeSize: events.length, rootHash: tree.root().toString('hex'), takenAt: new Date().toISOString() }, councilPrivate, next.checkpoint.keyId);
      const fork: ProofBundle = { ...clone(next), checkpoint: forkCheckpoint, consistency: undefined, events: next.events.map((e) => ({ ...e, auditPath: tree.inclusionProof(e.leafIndex, events.length).map((x) => x.toString('hex')) })) };
      const forkRun = verify(file('state-fork.json', fork), '--public-key', councilKeyFile, '--state', state);
      expect(forkRun.status).toBe(1);
      expect(forkRun.stdout).toMatch(/FORK this checkpoint of \d+ events has root .* same size and another root/);
      expect(existsSync(state)).toBe(true);
      expect(JSON.parse(readFileSync(state, 'utf8')).logs[`v1 log signed by ${first.checkpoint.keyId}`].rootHash).toBe(next.checkpoint.rootHash);
    });
  });
});
