import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../support/postgres';

/**
 * The shared evidence folder with the log on PostgreSQL (docs/architecture.md, "Evidence files with
 * several servers"): two apps, each with its own data folder, lock and memory of who uses a file, on
 * one PostgreSQL log and one EVIDENCE_DIR. An upload on one is downloaded from the other; and erasing
 * A on one while B with the same bytes is uploaded on the other never loses B's accepted file. The
 * safety rests on the order of the steps, not on the lock (which is per process): the eraser sets the
 * file aside before its second look at the log, the uploader looks for the file after its submission
 * is committed, and PostgreSQL commits appends in position order, so "committed before the second
 * look" is seen by that look.
 */
const unavailable = postgresUnavailable();
const SUITE = 'evidence on two servers sharing one PostgreSQL log and one evidence folder';

if (unavailable) {
  skipWithoutPostgres(SUITE, unavailable);
} else {
  const PLAN = 'pg-two-servers';
  const A = `/api/plans/${PLAN}/actions/1.1`;
  const B = `/api/plans/${PLAN}/actions/1.2`;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const later = <T>(ms: number, start: () => PromiseLike<T>) => new Promise<T>((resolve, reject) => setTimeout(() => start().then(resolve, reject), ms));

  describe(SUITE, () => {
    const schema = tempSchema('evidence_two');
    const evidenceDir = mkdtempSync(join(tmpdir(), 'shared-evidence-'));
    let one: HttpHarness;
    let two: HttpHarness;

    beforeAll(async () => {
      const shared = { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema.name, evidenceDir };
      one = await httpHarness('pg-evidence-one', shared);
      // One set of users in the shared schema: the second app uses the first one's tokens.
      two = await httpHarness('pg-evidence-two', shared, { tokens: one.tokens });
      const board = one.as('board');
      const setUp = { effectiveAt: '2020-01-01', reason: 'set up' };
      await one.http().post('/api/plans').set(board).send({ planId: PLAN, title: 'Plan', council: 'Council', scale: 'rag-completed', ...setUp }).expect(201);
      await one.http().post(`/api/plans/${PLAN}/priorities`).set(board).send({ number: 1, title: 'Workforce', ...setUp }).expect(201);
      for (const reference of ['1.1', '1.2']) {
        await one.http().post(`/api/plans/${PLAN}/actions`).set(board).send({ reference, priorityNumber: 1, title: `Caseloads ${reference}`, ...setUp }).expect(201);
      }
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
      await schema.drop();
      rmSync(evidenceDir, { recursive: true, force: true });
    });

    it('serves from one server the file uploaded through the other', async () => {
      const bytes = Buffer.from('Supervision audit, uploaded on server one\n');
      const uploaded = await one.http().post(`${A}/evidence/upload`).set(one.as('lead')).field('title', 'Audit').field('evidenceId', 'cross-1').attach('file', bytes, 'audit.txt');
      expect(uploaded.status).toBe(201);
      const got = await two.http().get(`/api/evidence/${sha256(bytes)}`).set(two.as('inspector')).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(got.status).toBe(200);
      expect((got.body as Buffer).equals(bytes)).toBe(true);
    });

    it('never loses the accepted file of B when A is erased on the other server (100 runs)', async () => {
      const runs = 100;
      let lost = 0;
      for (let run = 0; run < runs; run += 1) {
        const bytes = Buffer.from(`Caseload audit, two servers on PostgreSQL, run ${run}\n`);
        const [a, b] = [`pg-a-${run}`, `pg-b-${run}`];
        // Alternate which server erases and which uploads, so neither order of the two processes is favoured.
        const [eraser, uploader] = run % 2 === 0 ? [one, two] : [two, one];
        expect((await eraser.http().post(`${A}/evidence/upload`).set(eraser.as('lead')).field('title', a).field('evidenceId', a).attach('file', bytes, 'audit.txt')).status).toBe(201);
        // The erasure starts up to 9 ms after the upload, so the runs cover the interleavings of the two.
        const [erased, uploaded] = await Promise.all([
          later(run % 10, () => eraser.http().post(`${A}/evidence/${a}/redaction`).set(eraser.as('admin')).send({ reason: 'erased under UK GDPR Art. 17' })),
          uploader.http().post(`${B}/evidence/upload`).set(uploader.as('lead')).field('title', b).field('evidenceId', b).attach('file', bytes, 'audit.txt'),
        ]);
        expect([erased.status, uploaded.status]).toEqual([201, 201]);
        expect((await uploader.http().post(`${B}/evidence/${b}/acceptance`).set(uploader.as('qa')).send({})).status).toBe(201);
        for (const server of [one, two]) {
          const got = await server.http().get(`/api/evidence/${sha256(bytes)}`).set(server.as('inspector'));
          if (got.status !== 200) lost += 1;
        }
      }
      // Nothing set aside is left behind once every race has finished: each eraser put back or deleted its own.
      const leftovers = readdirSync(evidenceDir, { recursive: true }).filter((name) => /\.(erasing|part)$/.test(String(name)));
      console.log(`evidence erase/upload race on two servers over PostgreSQL: ${runs} runs, downloads of the accepted file that failed: ${lost} (of ${runs * 2}), leftovers: ${leftovers.length}`);
      expect(lost).toBe(0);
      expect(leftovers).toEqual([]);
    });
  });
}
