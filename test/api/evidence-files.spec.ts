import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { httpHarness, HttpHarness } from '../support/http-harness';

const A = '/api/plans/ev-plan/actions/1.1';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('evidence files', () => {
  let h: HttpHarness;
  const storedFiles = () => {
    try {
      return readdirSync(h.config.evidenceDir as string, { recursive: true }).filter((name) => /^[0-9a-f]{64}$/.test(String(name).split('/').pop()!)).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    h = await httpHarness('evidence', { evidenceMaxBytes: 4096 });
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'ev-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/ev-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/ev-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it('stores an upload under its SHA-256, records hash, name, size and type, and serves it back with the hash', async () => {
    const response = await h.http().post(`${A}/evidence/upload`).set(h.as('lead')).field('title', 'Caseload audit').field('evidenceId', 'ev-audit').attach('file', PDF, 'caseload-audit.pdf');
    expect(response.status).toBe(201);
    const submitted = (await h.store.readStream('action-ev-plan/1.1')).find((e) => e.type === 'EvidenceSubmitted')!;
    expect(submitted.data).toMatchObject({ evidenceId: 'ev-audit', fileHash: sha256(PDF), fileName: 'caseload-audit.pdf', fileSize: PDF.length, mediaType: 'application/pdf' });
    expect(submitted.metadata.actor).toEqual({ id: 'lead.user', role: 'lead' });
    const download = await h.http().get(`/api/evidence/${sha256(PDF)}`).set(h.as('inspector')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(sha256(PDF));
    expect(sha256(download.body as Buffer)).toBe(sha256(PDF));
  });

  it('judges the type by content: an executable named .pdf is refused, nothing appended, nothing kept', async () => {
    const before = [await h.eventCount(), storedFiles()];
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(300, 1)]);
    const response = await h.http().post(`${A}/evidence/upload`).set(h.as('lead')).field('title', 'Totally a PDF').attach('file', exe, 'audit.pdf');
    expect(response.status).toBe(400);
    expect(response.body.fields[0]).toMatchObject({ field: 'file' });
    expect(response.body.detail).toMatch(/not accepted as evidence/);
    expect([await h.eventCount(), storedFiles()]).toEqual(before);
  });

  it('answers 413 above the size limit and appends nothing', async () => {
    const before = await h.eventCount();
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0x20)]);
    const response = await h.http().post(`${A}/evidence/upload`).set(h.as('lead')).field('title', 'Too big').attach('file', big, 'big.pdf');
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/larger than/);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses an upload from an inspector with 403 and does not keep the file', async () => {
    const before = [await h.eventCount(), storedFiles()];
    const other = Buffer.concat([PDF, Buffer.from('another copy')]);
    const response = await h.http().post(`${A}/evidence/upload`).set(h.as('inspector')).field('title', 'Inspector upload').attach('file', other, 'x.pdf');
    expect(response.status).toBe(403);
    expect([await h.eventCount(), storedFiles()]).toEqual(before);
  });

  it('refuses file details in a JSON body: only the upload endpoint states them', async () => {
    const response = await h.http().post(`${A}/evidence`).set(h.as('lead')).send({ title: 'x', fileName: 'forged.pdf', fileSize: 1 });
    expect(response.status).toBe(400);
    expect(response.body.fields[0].field).toBe('fileName');
  });

  it('erases a file lawfully: admin only, with a reason; the history keeps the evidence and its hash', async () => {
    expect((await h.http().post(`${A}/evidence/ev-audit/redaction`).set(h.as('qa')).send({ reason: 'subject access request' })).status).toBe(403);
    const noReason = await h.http().post(`${A}/evidence/ev-audit/redaction`).set(h.as('admin')).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields[0].field).toBe('reason');
    const erased = await h.http().post(`${A}/evidence/ev-audit/redaction`).set(h.as('admin')).send({ reason: 'Contains a child’s name; erased under UK GDPR Art. 17' });
    expect(erased.status).toBe(201);
    expect((await h.http().get(`/api/evidence/${sha256(PDF)}`).set(h.as('admin'))).status).toBe(404);
    const history = await h.http().get(`${A}/history`).set(h.as('inspector'));
    const entries = history.body.entries as { type: string; fileHash?: string; summary: string; actor: { id: string }; reason?: string }[];
    expect(entries.find((e) => e.type === 'EvidenceSubmitted')?.fileHash).toBe(sha256(PDF));
    expect(entries.find((e) => e.type === 'EvidenceRedacted')).toMatchObject({ fileHash: sha256(PDF), actor: { id: 'admin.user' }, reason: expect.stringMatching(/Art. 17/) });
    const again = await h.http().post(`${A}/evidence/ev-audit/redaction`).set(h.as('admin')).send({ reason: 'again' });
    expect(again.status).toBe(409);
  });

  it('never answers with a stack trace', async () => {
    const response = await h.http().post(`${A}/evidence/upload`).set(h.as('lead')).set('Content-Type', 'multipart/form-data; boundary=nope').send('--nope\r\nbroken');
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });
});
