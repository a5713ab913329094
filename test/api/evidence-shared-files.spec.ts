import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceFiles } from '../../src/evidence/evidence-files';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Items with the same bytes share one file (the store is content-addressed), so
 * erasing one must not take the file from the others: the file goes only when no
 * item that is not erased uses it, even when the erasure and another item's
 * upload or acceptance arrive at the same moment.
 */
const P1 = '/api/plans/share-one/actions';
const P2 = '/api/plans/share-two/actions';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const later = <T>(ms: number, start: () => PromiseLike<T>) => new Promise<T>((resolve, reject) => setTimeout(() => start().then(resolve, reject), ms));
const textFile = (words: string) => Buffer.from(`Caseload audit, ${words}\nTeam A: 18 cases per worker\n`);

describe('evidence files shared by items with the same bytes', () => {
  let h: HttpHarness;
  let next = 0;
  const evidenceDir = () => h.config.evidenceDir as string;

  const upload = (action: string, bytes: Buffer, evidenceId: string) =>
    h.http().post(`${action}/evidence/upload`).set(h.as('lead')).field('title', `Audit ${evidenceId}`).field('evidenceId', evidenceId).attach('file', bytes, 'audit.txt');
  const accept = (action: string, evidenceId: string) => h.http().post(`${action}/evidence/${evidenceId}/acceptance`).set(h.as('qa')).send({ commentary: 'seen' });
  const erase = (action: string, evidenceId: string) => h.http().post(`${action}/evidence/${evidenceId}/redaction`).set(h.as('admin')).send({ reason: 'erased under UK GDPR Art. 17' });
  const download = (hash: string) =>
    h.http().get(`/api/evidence/${hash}`).set(h.as('inspector')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const historyTypes = async (action: string, evidenceId: string) => {
    const history = await h.http().get(`${action}/history`).set(h.as('inspector')).expect(200);
    return (history.body.entries as { type: string; evidenceId?: string; summary: string }[])
      .filter((e) => e.evidenceId === evidenceId || e.summary?.includes(evidenceId))
      .map((e) => e.type);
  };
  const id = (label: string) => `${label}-${(next += 1)}`;

  beforeAll(async () => {
    h = await httpHarness('evidence-shared');
    const board = h.as('board');
    for (const plan of ['share-one', 'share-two']) {
      await h.http().post('/api/plans').set(board).send({ planId: plan, title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      await h.http().post(`/api/plans/${plan}/priorities`).set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      for (const reference of ['1.1', '1.2']) {
        await h.http().post(`/api/plans/${plan}/actions`).set(board).send({ reference, priorityNumber: 1, title: `Caseloads ${reference}`, effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
      }
    }
  });
  afterAll(() => h.close());

  it.each([
    ['on two actions of two plans', `${P1}/1.1`, `${P2}/1.1`],
    ['on one action', `${P1}/1.2`, `${P1}/1.2`],
  ])('erasing one of two items with the same bytes (%s) keeps the other downloadable; erasing both removes the file', async (_, actionA, actionB) => {
    const bytes = textFile(`shared ${actionA} ${actionB}`);
    const [a, b] = [id('a'), id('b')];
    expect((await upload(actionA, bytes, a)).status).toBe(201);
    expect((await upload(actionB, bytes, b)).status).toBe(201);
    expect((await accept(actionB, b)).status).toBe(201);

    expect((await erase(actionA, a)).status).toBe(201);
    const stillThere = await download(sha256(bytes));
    expect(stillThere.status).toBe(200);
    expect(sha256(stillThere.body as Buffer)).toBe(sha256(bytes));
    // The erased item says so in its history; the other item's history has no erasure.
    expect(await historyTypes(actionA, a)).toContain('EvidenceRedacted');
    expect(await historyTypes(actionB, b)).not.toContain('EvidenceRedacted');
    expect((await erase(actionA, a)).status).toBe(409);

    expect((await erase(actionB, b)).status).toBe(201);
    const gone = await download(sha256(bytes));
    expect(gone.status).toBe(404);
    expect(gone.text ?? JSON.parse((gone.body as Buffer).toString()).detail).toMatch(/may have been erased/);
    expect(existsSync(join(evidenceDir(), sha256(bytes).slice(0, 2), sha256(bytes)))).toBe(false);
  });

  it('an item whose bytes arrive again after the file was erased gets the file back', async () => {
    const bytes = textFile('erased then uploaded again');
    const [a, b] = [id('a'), id('b')];
    expect((await upload(`${P1}/1.1`, bytes, a)).status).toBe(201);
    expect((await erase(`${P1}/1.1`, a)).status).toBe(201);
    expect((await download(sha256(bytes))).status).toBe(404);
    expect((await upload(`${P2}/1.2`, bytes, b)).status).toBe(201);
    const back = await download(sha256(bytes));
    expect(back.status).toBe(200);
    expect(sha256(back.body as Buffer)).toBe(sha256(bytes));
  });

  it('erasing A while B with the same bytes is accepted, or uploaded, at the same moment never loses B’s file (100 runs)', async () => {
    const runs = 100;
    let lost = 0;
    let erasedKept = 0;
    for (let run = 0; run < runs; run += 1) {
      const bytes = textFile(`race run ${run}`);
      const [a, b] = [id('race-a'), id('race-b')];
      const actionA = `${P1}/1.1`;
      const actionB = `${P2}/1.1`;
      expect((await upload(actionA, bytes, a)).status).toBe(201);
      if (run % 2 === 0) {
        // B already submitted: erase A and accept B together.
        expect((await upload(actionB, bytes, b)).status).toBe(201);
        const [erased, accepted] = await Promise.all([erase(actionA, a), accept(actionB, b)]);
        expect([erased.status, accepted.status]).toEqual([201, 201]);
      } else {
        // B's bytes arrive as A is erased: upload B and erase A together, then accept B.
        // The erasure starts up to 9 ms after the upload, so the runs cover the interleavings of the two.
        const [erased, uploaded] = await Promise.all([later((run >> 1) % 10, () => erase(actionA, a)), upload(actionB, bytes, b)]);
        expect([erased.status, uploaded.status]).toEqual([201, 201]);
        expect((await accept(actionB, b)).status).toBe(201);
      }
      const got = await download(sha256(bytes));
      if (got.status !== 200 || sha256(got.body as Buffer) !== sha256(bytes)) lost += 1;
      // Then B is erased too: with no user left the file must go.
      expect((await erase(actionB, b)).status).toBe(201);
      if ((await download(sha256(bytes))).status !== 404) erasedKept += 1;
    }
    console.log(`evidence erase/accept race: ${runs} runs, accepted files lost: ${lost}, files kept after both items were erased: ${erasedKept}`);
    expect(lost).toBe(0);
    expect(erasedKept).toBe(0);
  });

  it('a partial file left by a crashed upload is never served, does not stop the upload, and is swept when old', async () => {
    const bytes = textFile('crashed upload');
    const hash = sha256(bytes);
    const folder = join(evidenceDir(), hash.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    const partial = join(folder, `${hash}.0badc0ffee00.part`);
    writeFileSync(partial, bytes.subarray(0, 10));

    // An item naming the hash (as the CLI's --file-hash can) gets no file from the half-written one.
    const named = id('named');
    expect((await h.http().post(`${P1}/1.1/evidence`).set(h.as('lead')).send({ evidenceId: named, title: 'Named by hash', fileHash: hash })).status).toBe(201);
    expect((await download(hash)).status).toBe(404);

    expect((await upload(`${P1}/1.1`, bytes, id('whole'))).status).toBe(201);
    const served = await download(hash);
    expect(served.status).toBe(200);
    expect(sha256(served.body as Buffer)).toBe(hash);

    // A fresh leftover may be another upload still being written; an old one is a crash's, removed at start-up.
    expect(existsSync(partial)).toBe(true);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(partial, twoHoursAgo, twoHoursAgo);
    new EvidenceFiles(evidenceDir());
    expect(existsSync(partial)).toBe(false);
    expect(readdirSync(folder)).toContain(hash);
  });

  it('a damaged file under a hash is replaced by the next upload of the true bytes, not trusted', async () => {
    const bytes = textFile('damaged on disk');
    const hash = sha256(bytes);
    mkdirSync(join(evidenceDir(), hash.slice(0, 2)), { recursive: true });
    writeFileSync(join(evidenceDir(), hash.slice(0, 2), hash), 'not these bytes');
    expect((await upload(`${P2}/1.2`, bytes, id('repaired'))).status).toBe(201);
    const served = await download(hash);
    expect(sha256(served.body as Buffer)).toBe(hash);
  });
});
