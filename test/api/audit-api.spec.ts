import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpHarness, HttpHarness } from '../support/http-harness';

/** Tamper evidence over HTTP: what an auditor fetches, and checks with the standalone verifier. */
describe('audit endpoints', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('audit-api');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it('publishes the signing key to anyone, and signs checkpoints only for administrators and auditors', async () => {
    const key = await h.http().get('/api/audit/public-key');
    expect(key.status).toBe(200);
    expect(key.body.keys[0]).toMatchObject({ algorithm: 'Ed25519', pem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect((await h.http().post('/api/audit/checkpoints').set(h.as('lead'))).status).toBe(403);
    const first = await h.http().post('/api/audit/checkpoints').set(h.as('auditor'));
    expect(first.status).toBe(201);
    expect(first.body.checkpoint).toMatchObject({ treeSize: 5, rootHash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.any(String) });
    expect(first.body.checkpoint.resume).toBeUndefined();
  });

  it('proves inclusion and consistency, and verifies the whole log', async () => {
    await h.http().post('/api/plans/a-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'G' }).expect(201);
    await h.http().post('/api/audit/checkpoints').set(h.as('admin')).expect(201);
    const history = await h.http().get('/api/plans/a-plan/actions/1.1/history').set(h.as('inspector'));
    const eventId = history.body.entries[0].eventId;
    const inclusion = await h.http().get(`/api/audit/proofs/inclusion?eventId=${eventId}`).set(h.as('inspector'));
    expect(inclusion.status).toBe(200);
    expect(inclusion.body).toMatchObject({ type: 'inclusion-proof', checkpoint: { treeSize: 6 } });
    const consistency = await h.http().get('/api/audit/proofs/consistency?from=5&to=6').set(h.as('auditor'));
    expect(consistency.body).toMatchObject({ type: 'consistency-proof', from: { treeSize: 5 }, to: { treeSize: 6 } });
    expect((await h.http().get('/api/audit/proofs/consistency?from=five').set(h.as('auditor'))).status).toBe(400);
    const verification = await h.http().get('/api/audit/verification').set(h.as('auditor'));
    expect(verification.body).toMatchObject({ ok: true, eventCount: 6, findings: [] });
  });

  it('refuses witnesses or a quorum it cannot use in a verification with your keys, naming the field, and appends nothing', async () => {
    const pem = (await h.http().get('/api/audit/public-key')).body.keys[0].pem as string;
    const witness = 'audit.council.example/w+00000000+BA' + 'A'.repeat(42) + '=';
    const before = await h.eventCount();
    for (const [body, field] of [
      [{ logKeys: [pem], witnesses: 'not-a-list' }, 'witnesses'],
      [{ logKeys: [pem], witnesses: ['not a vkey'] }, 'witnesses'],
      [{ logKeys: [pem], witnesses: [witness] }, 'witnesses'],
      [{ logKeys: [pem], quorum: 1 }, 'quorum'],
    ] as const) {
      const res = await h.http().post('/api/audit/verification').set(h.as('auditor')).send(body);
      expect([field, res.status, res.body.fields?.[0]?.field]).toEqual([field, 400, field]);
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('exports a log the standalone verifier accepts', async () => {
    expect((await h.http().get('/api/audit/export').set(h.as('lead'))).status).toBe(403);
    const exported = await h.http().get('/api/audit/export').set(h.as('auditor')).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    expect(exported.status).toBe(200);
    const file = join(h.config.dataDir as string, 'export.jsonl');
    writeFileSync(file, exported.body as string);
    const key = join(h.config.dataDir as string, 'council.pem');
    writeFileSync(key, (await h.http().get('/api/audit/public-key')).body.keys[0].pem as string);
    const output = execFileSync(process.execPath, [join(__dirname, '../../tools/verify-export.js'), file, '--public-key', key], { encoding: 'utf8' });
    expect(output).toMatch(/Verified 6 events in 2 streams: every hash and chain link is intact/);
    expect(output).toMatch(/Checkpoints: 2 of 2 verified/);
    expect(output).toMatch(/RESULT: intact/);
  });
});
