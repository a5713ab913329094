import { AuditService } from '../../src/audit/audit.service';
import { VerificationRunning } from '../../src/audit/verification-running.error';
import { httpHarness, HttpHarness } from '../support/http-harness';

/** A full verification re-hashes the whole log: auditors and administrators only, and one at a time. */
describe('full verification over HTTP', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('full-verification');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (let i = 1; i <= 3; i++) {
      await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: `1.${i}`, priorityNumber: 1, title: `Action ${i}`, initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    }
  });
  afterAll(() => h.close());

  it.each(['lead', 'board', 'inspector', 'qa'] as const)('is refused to a %s', async (role) => {
    const res = await h.http().get('/api/audit/verification').set(h.as(role));
    expect(res.status).toBe(403);
  });

  it('runs for an auditor and an administrator', async () => {
    for (const role of ['auditor', 'admin'] as const) {
      const res = await h.http().get('/api/audit/verification').set(h.as(role));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, eventCount: await h.eventCount() });
    }
  });

  it('runs one at a time: a second caller while one runs is told one is running, and may run it once that has finished', async () => {
    // Under ts-jest verify runs on one thread, so HTTP requests cannot overlap it; the built server's
    // worker threads let them. The gate is in the service both the API and the audit page call.
    const audit = h.app.get(AuditService);
    const first = audit.verify();
    const second = audit.verify();
    await expect(second).rejects.toBeInstanceOf(VerificationRunning);
    await expect(second).rejects.toMatchObject({ retryAfterSeconds: 30, response: { statusCode: 429, message: expect.stringMatching(/already running/) } });
    await expect(first).resolves.toMatchObject({ ok: true });
    expect((await h.http().get('/api/audit/verification').set(h.as('admin'))).status).toBe(200);
  });
});
