import { attachmentHeader } from '../../src/api/attachment-header';
import { httpHarness, HttpHarness } from '../support/http-harness';

/** RFC 6266 as a browser reads it: the UTF-8 `filename*` wins; the quoted `filename` is the fallback. */
function fileNames(header: string | undefined) {
  const fallback = /(?:^|;\s*)filename="([^"]*)"/.exec(header ?? '')?.[1];
  const exact = /filename\*=UTF-8''([^;\s]*)/.exec(header ?? '')?.[1];
  return { fallback, exact: exact === undefined ? undefined : decodeURIComponent(exact) };
}


/** A caller's text reaches the download's file name (?plan= on the export, the plan id on reports): it must stay one safe header. */
describe('download file names', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('download-file-names');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it.each([
    ['a CR LF that would split the header', 'x\r\nSet-Cookie: a=b', 'xSet-Cookie: a=b-event-log.jsonl'],
    ['a quote that would end the name', 'a"; filename="evil.exe', 'a__ filename=_evil.exe-event-log.jsonl'],
    ['letters outside ASCII', 'Café–plan', 'Caf__plan-event-log.jsonl'],
    ['a path', '../../etc/passwd', '.._.._etc_passwd-event-log.jsonl'],
  ])('a file name with %s is one safe attachment header', (_what, plan, fallback) => {
    const header = attachmentHeader(`${plan}-event-log.jsonl`);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
    const names = fileNames(header);
    expect(names.fallback).toBe(fallback);
    expect(names.exact).toBe(`${plan.replace(/[\r\n]/g, '').replace(/\//g, '_')}-event-log.jsonl`);
  });

  it.each(['x\r\nSet-Cookie: a=b', 'a"; filename="evil.exe', 'Café', '../../etc/passwd'])('the audit export refuses ?plan=%j naming the parameter, before any header', async (plan) => {
    const res = await h.http().get(`/api/audit/export?plan=${encodeURIComponent(plan)}`).set(h.as('auditor'));
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('plan');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('names the one-plan export by its plan', async () => {
    const res = await h.http().get('/api/audit/export?plan=a-plan').set(h.as('auditor')).buffer(true).parse((stream, done) => {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => done(null, body));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="a-plan-event-log.jsonl"; filename*=UTF-8''a-plan-event-log.jsonl`);
  });

  it('names a report download the same way', async () => {
    const csv = await h.http().get('/api/plans/a-plan/reports/plan-state?format=csv').set(h.as('inspector'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="a-plan-plan-state.csv"; filename*=UTF-8''a-plan-plan-state.csv`);
  });
});
