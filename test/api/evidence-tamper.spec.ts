import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { httpClient } from '../support/http-client';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { runCli } from '../support/run-cli';

const PLAN = 'ev-tamper';
const A = `/api/plans/${PLAN}/actions/1.1`;
const pdf = (label: string, padding = 200) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\n`, 'latin1'), Buffer.alloc(padding, 0x20), Buffer.from('\n%%EOF\n')]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Large enough to be hashed and served as a stream (above WHOLE_IN_MEMORY_BYTES, 16 MiB). */
const LARGE = 17 * 1024 * 1024;

/**
 * Issue 21, item 5, as the attacker with write access to the evidence folder: files
 * changed or deleted on disk behind the application. Verify (API, CLI, audit page)
 * names each item concerned by its evidence id and the event that submitted it; a
 * lawfully erased file is expected to be gone; a changed file is never downloaded
 * under its recorded hash.
 */
describe('evidence files under the same guard as the log', () => {
  let h: HttpHarness;
  const files = {
    kept: pdf('kept'),
    altered: pdf('to be altered'),
    deleted: pdf('to be deleted'),
    erased: pdf('erased lawfully'),
    large: pdf('large', LARGE),
  };
  const pathOf = (bytes: Buffer) => join(h.config.evidenceDir as string, sha256(bytes).slice(0, 2), sha256(bytes));
  const submittedBy: Record<string, string> = {};
  const alarms: string[] = [];
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    h = await httpHarness('evidence-tamper', { evidenceMaxBytes: 20 * 1024 * 1024 });
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: PLAN, title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post(`/api/plans/${PLAN}/priorities`).set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post(`/api/plans/${PLAN}/actions`).set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (const [name, bytes] of Object.entries(files)) {
      const uploaded = await h.http().post(`${A}/evidence/upload`).set(h.as('lead')).field('title', `Evidence ${name}`).field('evidenceId', `ev-${name}`).attach('file', bytes, `${name}.pdf`);
      expect(uploaded.status).toBe(201);
    }
    for (const event of await h.store.readStream(`action-${PLAN}/1.1`)) {
      if (event.type === 'EvidenceSubmitted') submittedBy[(event.data as { evidenceId: string }).evidenceId] = event.eventId;
    }
    // A hash given alone (no upload): the file may never have been here, and its absence is no finding.
    await h.http().post(`${A}/evidence`).set(h.as('lead')).send({ title: 'Kept at the council', evidenceId: 'ev-hash-only', fileHash: sha256(Buffer.from('never uploaded')) }).expect(201);
    await h.http().post(`${A}/evidence/ev-erased/redaction`).set(h.as('admin')).send({ reason: 'Names a child; erased under UK GDPR Art. 17' }).expect(201);
    spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (this: Logger, message: unknown) {
      alarms.push(String(message));
    });
  });
  afterAll(async () => {
    spy?.mockRestore();
    await h.close();
  });

  const download = (bytes: Buffer) =>
    h
      .http()
      .get(`/api/evidence/${sha256(bytes)}`)
      .set(h.as('inspector'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('before the attack: verify re-hashes every kept file, the erased one is not a finding, every file downloads', async () => {
    const report = await h.http().get('/api/audit/verification').set(h.as('auditor'));
    expect(report.status).toBe(200);
    expect(report.body.ok).toBe(true);
    expect(report.body.evidence).toEqual({ kept: 5, files: 5, erased: 1, neverUploaded: 1 });
    const large = await download(files.large);
    expect(large.status).toBe(200);
    expect(sha256(large.body as Buffer)).toBe(sha256(files.large));
  });

  it('after the attack: the API names the altered and the deleted item, by evidence id and submitting event, and only those', async () => {
    // One byte changed in place, in the middle; one file deleted; one large file with a byte appended.
    const fd = openSync(pathOf(files.altered), 'r+');
    writeSync(fd, Buffer.from('X'), 0, 1, 40);
    closeSync(fd);
    rmSync(pathOf(files.deleted));
    appendFileSync(pathOf(files.large), Buffer.from('!'));

    const report = await h.http().get('/api/audit/verification').set(h.as('auditor'));
    expect(report.body.ok).toBe(false);
    const named = (report.body.findings as { kind: string; evidenceId?: string; eventId?: string; fileHash?: string }[]).map((f) => [f.kind, f.evidenceId, f.eventId, f.fileHash]);
    expect(named.sort()).toEqual(
      [
        ['evidence-altered', 'ev-altered', submittedBy['ev-altered'], sha256(files.altered)],
        ['evidence-altered', 'ev-large', submittedBy['ev-large'], sha256(files.large)],
        ['evidence-missing', 'ev-deleted', submittedBy['ev-deleted'], sha256(files.deleted)],
      ].sort(),
    );
    expect(report.body.lines).toContain(
      `EVIDENCE-MISSING evidence ev-deleted (action-${PLAN}/1.1, submitted by event ${submittedBy['ev-deleted']}): its file (SHA-256 ${sha256(files.deleted)}) is not in the evidence folder, and the log records no erasure of it: it was removed outside the application`,
    );
  });

  it('the CLI on the same data folder exits 6 with the same findings', () => {
    const result = runCli(h.config.dataDir as string, ['verify']);
    expect(result.status).toBe(6);
    expect(result.stdout).toContain(`EVIDENCE-ALTERED evidence ev-altered (action-${PLAN}/1.1, submitted by event ${submittedBy['ev-altered']}): its file's bytes`);
    expect(result.stdout).toContain(`EVIDENCE-MISSING evidence ev-deleted`);
    expect(result.stdout).toContain(`EVIDENCE-ALTERED evidence ev-large`);
    expect(result.stdout).not.toContain('ev-erased');
    expect(result.stdout).not.toContain('ev-hash-only');
    expect(result.stdout).toMatch(/Evidence files: 5 re-hashed for 5 item\(s\), 3 item\(s\) altered or missing; 1 erased lawfully \(expected to be gone\); 1 submitted with a hash only/);
  });

  it('the audit page shows the items concerned', async () => {
    const baseUrl = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    const client = httpClient(baseUrl);
    const signedIn = await client.signIn('auditor.user', 'correct horse battery staple');
    const page = await client.call('GET', '/audit', { session: signedIn.session! });
    expect(page.status).toBe(200);
    const html = String(page.body);
    expect(html).toContain('3 problems found');
    expect(html).toContain('Evidence ev-altered: its file');
    expect(html).toContain('Evidence ev-deleted: its file');
    expect(html).not.toContain('Evidence ev-erased');
  });

  it('on the web, the action page links each file by its item; a changed one gets a page saying so, an untouched one its bytes and name', async () => {
    const baseUrl = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    const { session } = await httpClient(baseUrl).signIn('inspector.user', 'correct horse battery staple');
    const get = (path: string) => fetch(`${baseUrl}${path}`, { headers: { Cookie: `plan_audit_session=${session}`, Connection: 'close' } });
    const page = await (await get(`/plans/${PLAN}/actions/1.1`)).text();
    const link = (id: string) => `/plans/${PLAN}/actions/1.1/evidence/${id}/file`;
    expect(page).toContain(`href="${link('ev-kept')}"`);
    expect(page).not.toContain(`href="${link('ev-erased')}"`);
    alarms.length = 0;
    const refused = await get(link('ev-altered'));
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('This file has been changed since it was uploaded');
    expect(html).toContain(`recorded with SHA-256 ${sha256(files.altered)} has been changed on the server`);
    expect(alarms.some((line) => line.startsWith('ALARM: evidence file') && line.includes('ev-altered'))).toBe(true);
    expect((await get(link('ev-large'))).status).toBe(409);
    const kept = await get(link('ev-kept'));
    expect(kept.status).toBe(200);
    expect(kept.headers.get('content-disposition')).toContain('kept.pdf');
    expect(Buffer.from(await kept.arrayBuffer())).toEqual(files.kept);
  });

  it('a changed file is refused for download with a clear message, and logged as an alarm; small and large alike', async () => {
    alarms.length = 0;
    for (const bytes of [files.altered, files.large]) {
      const refused = await h.http().get(`/api/evidence/${sha256(bytes)}`).set(h.as('inspector'));
      expect(refused.status).toBe(409);
      expect(refused.headers['x-content-sha256']).toBeUndefined();
      expect(refused.body).toMatchObject({ rule: 'evidence-matches-hash' });
      expect(refused.body.detail).toContain(`recorded with SHA-256 ${sha256(bytes)} has been changed on the server since it was uploaded`);
    }
    expect(alarms.filter((line) => line.startsWith('ALARM: evidence file'))).toHaveLength(2);
    expect(alarms[0]).toContain(sha256(files.altered));
    // The deleted one is a plain 404, the untouched one still downloads.
    expect((await h.http().get(`/api/evidence/${sha256(files.deleted)}`).set(h.as('inspector'))).status).toBe(404);
    const kept = await download(files.kept);
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual(files.kept);
  });
});
