import { createHash } from 'node:crypto';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Two servers on one event log and one evidence folder do not share the per-hash
 * lock, nor their memory of who uses a file. Erasing A on one while B with the same
 * bytes is uploaded on the other must still keep B's file: the eraser sets the file
 * aside and asks the log once more, the uploader looks for the file after its
 * submission is recorded (docs/architecture.md, "Evidence files shared by items").
 * Both apps run in this process, each with its own store connection, lock and cache,
 * as two servers would; whether two servers may share a data folder is issue 22 item 2.
 */
const A = '/api/plans/two-servers/actions/1.1';
const B = '/api/plans/two-servers/actions/1.2';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const later = <T>(ms: number, start: () => PromiseLike<T>) => new Promise<T>((resolve, reject) => setTimeout(() => start().then(resolve, reject), ms));

describe('evidence erased on one server while uploaded on another', () => {
  let one: HttpHarness;
  let two: HttpHarness;

  beforeAll(async () => {
    one = await httpHarness('evidence-server-one');
    two = await httpHarness('evidence-server-two', { eventsFile: one.config.eventsFile, evidenceDir: one.config.evidenceDir });
    const board = one.as('board');
    await one.http().post('/api/plans').set(board).send({ planId: 'two-servers', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await one.http().post('/api/plans/two-servers/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (const reference of ['1.1', '1.2']) {
      await one.http().post('/api/plans/two-servers/actions').set(board).send({ reference, priorityNumber: 1, title: `Caseloads ${reference}`, effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    }
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('never loses the accepted file of B (100 runs)', async () => {
    const runs = 100;
    let lost = 0;
    for (let run = 0; run < runs; run += 1) {
      const bytes = Buffer.from(`Caseload audit, two servers, run ${run}\n`);
      const [a, b] = [`two-a-${run}`, `two-b-${run}`];
      expect((await one.http().post(`${A}/evidence/upload`).set(one.as('lead')).field('title', a).field('evidenceId', a).attach('file', bytes, 'audit.txt')).status).toBe(201);
      // The erasure starts up to 9 ms after the upload, so the runs cover the interleavings of the two.
      const [erased, uploaded] = await Promise.all([
        later(run % 10, () => one.http().post(`${A}/evidence/${a}/redaction`).set(one.as('admin')).send({ reason: 'erased under UK GDPR Art. 17' })),
        two.http().post(`${B}/evidence/upload`).set(two.as('lead')).field('title', b).field('evidenceId', b).attach('file', bytes, 'audit.txt'),
      ]);
      expect([erased.status, uploaded.status]).toEqual([201, 201]);
      expect((await two.http().post(`${B}/evidence/${b}/acceptance`).set(two.as('qa')).send({})).status).toBe(201);
      const got = await one.http().get(`/api/evidence/${sha256(bytes)}`).set(one.as('inspector'));
      if (got.status !== 200) lost += 1;
    }
    console.log(`evidence erase/upload race on two servers: ${runs} runs, accepted files lost: ${lost}`);
    expect(lost).toBe(0);
  });
});
