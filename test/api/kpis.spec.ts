import JSZip from 'jszip';
import { EventEnvelope } from '../../src/event-store/envelope';
import { replayKpis } from '../../src/projections/replay/replay-kpis';
import { settableClock } from '../support/clock';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * KPIs over HTTP: a plan with a year of monthly figures, one corrected, read as at a date and as
 * known at a time, each answer equal to the replay oracle's; the table in every format; and each
 * refusal a 4xx naming the field, with nothing appended.
 */
describe('KPIs over HTTP', () => {
  let h: HttpHarness;
  let marchEventId: string;
  /** Just before the correction was recorded, and just after. */
  let beforeCorrection: string;
  let afterCorrection: string;
  // Recorded at set instants: set up in April 2018, each figure early in the month after its own.
  const clock = settableClock('2018-04-01T09:00:00.000Z');
  const MONTHS = ['2018-04', '2018-05', '2018-06', '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12', '2019-01', '2019-02', '2019-03'];
  // Assessments completed within 45 days (%): higher is better, target 85, Amber within 5.
  const FIGURES = [62, 66.5, 71, 70, 74, 78, 80.5, 79, 83, 86, 84.5, 70];

  const allEvents = async (): Promise<EventEnvelope[]> => h.store.readAll({ after: 0, limit: 100_000 });
  const table = (query: string) => h.http().get(`/api/plans/kpi-plan/reports/kpis?format=json&${query}`).set(h.as('inspector')).expect(200);

  beforeAll(async () => {
    h = await httpHarness('kpis');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'kpi-plan', title: 'Improvement plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2018-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/kpi-plan/priorities').set(board).send({ number: 2, title: 'Assessment', effectiveAt: '2018-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/kpi-plan/kpis').set(board)
      .send({ kpiId: 'KPI 1', priorityNumber: 2, name: 'Assessments completed within 45 days', unit: '%', target: 85, betterWhen: 'higher', amberWithin: 5, period: 'monthly', effectiveAt: '2018-04-01', reason: 'agreed at the April board' })
      .expect(201);
    await h.http().post('/api/plans/kpi-plan/kpis').set(board)
      .send({ kpiId: 'KPI 2', priorityNumber: 2, name: 'Re-referrals within 12 months', unit: '%', target: 22, betterWhen: 'lower', amberWithin: 3, period: 'quarterly', effectiveAt: '2018-04-01', reason: 'agreed at the April board' })
      .expect(201);
    // A figure a month, each recorded early in the month after, as a performance team would.
    for (const [i, period] of MONTHS.entries()) {
      clock.set(new Date(Date.UTC(2018, 4 + i, 5, 9)).toISOString());
      const answer = await h.http().post('/api/plans/kpi-plan/kpis/KPI 1/values').set(h.as('lead')).send({ period, value: FIGURES[i], commentary: `Figure for ${period}` }).expect(201);
      if (period === '2019-03') marchEventId = answer.body.events[0].eventId;
    }
    for (const [period, value] of [['2018-Q2', 27], ['2018-Q3', 24], ['Q4 2018', 24], ['2019-Q1', 21]] as const) {
      await h.http().post('/api/plans/kpi-plan/kpis/KPI 2/values').set(h.as('lead')).send({ period, value }).expect(201);
    }
    beforeCorrection = new Date().toISOString();
    clock.set('2019-04-20T10:00:00.000Z');
    // March's figure was keyed as 70 for 87.
    await h.http().post('/api/plans/kpi-plan/kpis/KPI 1/corrections').set(h.as('lead')).send({ correctsEventId: marchEventId, value: 87, reason: 'keyed 70 for 87' }).expect(201);
    afterCorrection = new Date(Date.parse('2019-04-20T10:00:00.000Z') + 1).toISOString();
    clock.set('2019-05-01T09:00:00.000Z');
  });
  afterAll(async () => {
    await h.close();
    clock.restore();
  });

  it('reads the table as at the end of the year, before and after the correction, each equal to the replay oracle', async () => {
    const events = await allEvents();
    const asOf = '2019-03-31T23:59:59.999Z';
    const known = await table(`asOf=2019-03-31&knownAt=${afterCorrection}`);
    expect(known.body).toEqual(replayKpis(events, 'kpi-plan', asOf, afterCorrection));
    const [kpi1, kpi2] = known.body.kpis;
    expect(kpi1).toMatchObject({ kpiId: 'KPI 1', priorityTitle: 'Assessment', previous: { period: '2019-02', value: 84.5 }, current: { period: '2019-03', value: 87, eventId: marchEventId, correction: { reason: 'keyed 70 for 87' } }, direction: 'improving', rag: 'Green' });
    expect(kpi1.values).toHaveLength(12);
    // Lower is better: 24 to 21 is improving, and 21 is within the target of 22.
    expect(kpi2).toMatchObject({ kpiId: 'KPI 2', previous: { period: '2018-Q4', value: 24 }, current: { period: '2019-Q1', value: 21 }, direction: 'improving', rag: 'Green' });

    // As known before the correction: March read 70, worse than February and more than 5 below the target.
    const before = await table(`asOf=2019-03-31&knownAt=${beforeCorrection}`);
    expect(before.body).toEqual(replayKpis(events, 'kpi-plan', asOf, beforeCorrection));
    expect(before.body.kpis[0]).toMatchObject({ current: { period: '2019-03', value: 70 }, direction: 'worsening', rag: 'Red' });
    expect(before.body.kpis[0].current.correction).toBeUndefined();
  });

  it('reads earlier dates as the board saw them then: December is Amber and improving, and the corrected month not yet in', async () => {
    const events = await allEvents();
    for (const [asOfDay, asOf] of [['2018-12-31', '2018-12-31T23:59:59.999Z'], ['2018-04-15', '2018-04-15T23:59:59.999Z'], ['2018-03-31', '2018-03-31T23:59:59.999Z']] as const) {
      for (const knownAt of [beforeCorrection, afterCorrection, '2018-09-01T00:00:00.000Z']) {
        const { body } = await table(`asOf=${asOfDay}&knownAt=${knownAt}`);
        expect(body).toEqual(replayKpis(events, 'kpi-plan', asOf, knownAt));
      }
    }
    const december = (await table(`asOf=2018-12-31&knownAt=${afterCorrection}`)).body.kpis[0];
    expect(december).toMatchObject({ previous: { value: 79 }, current: { period: '2018-12', value: 83 }, direction: 'improving', rag: 'Amber' });
    // Before the KPIs took effect there is no row; as known on 1 September 2018 the latest figure is July's (August's came on the 5th).
    expect((await table(`asOf=2018-03-31&knownAt=${afterCorrection}`)).body.kpis).toEqual([]);
    expect((await table(`asOf=2018-12-31&knownAt=2018-09-01T00:00:00.000Z`)).body.kpis[0].current).toMatchObject({ period: '2018-07', value: 70 });
  });

  it('lays the table out in md, csv, html and docx with the same figures and the RAG word beside its colour', async () => {
    const query = `asOf=2019-03-31&knownAt=${afterCorrection}`;
    const md = (await h.http().get(`/api/plans/kpi-plan/reports/kpis?format=md&${query}`).set(h.as('inspector')).expect(200)).text;
    expect(md).toContain('| 2. Assessment | KPI 1: Assessments completed within 45 days | at least 85%; Amber within 5% | 84.5% (2019-02) | 87% (2019-03) (corrected) | Improving | Green |');
    expect(md).toContain('| KPI 1 | 2019-03 | 87% | Figure for 2019-03 | corrected: keyed 70 for 87 |');
    const csv = (await h.http().get(`/api/plans/kpi-plan/reports/kpis?format=csv&${query}`).set(h.as('inspector')).expect(200)).text;
    expect(csv).toContain('84.5% (2019-02),87% (2019-03) (corrected),Improving,Green');
    const html = (await h.http().get(`/api/plans/kpi-plan/reports/kpis?format=html&${query}`).set(h.as('inspector')).expect(200)).text;
    expect(html).toMatch(/<span class="rag rag-\d+">Green<\/span>/);
    const docx = await h.http().get(`/api/plans/kpi-plan/reports/kpis?format=docx&${query}`).set(h.as('inspector')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    // The Word file's first table holds the same row, cell for cell.
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
    const text = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1].replace(/&amp;/g, '&')).join('');
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1])));
    expect(rows).toContainEqual(['2. Assessment', 'KPI 1: Assessments completed within 45 days', 'at least 85%; Amber within 5%', '84.5% (2019-02)', '87% (2019-03) (corrected)', 'Improving', 'Green', 'Figure for 2019-03']);
    expect(rows).toContainEqual(['KPI 1', '2019-03', '87%', 'Figure for 2019-03', 'corrected: keyed 70 for 87']);
  });

  it('works on a plan that derives its ratings from the criteria', async () => {
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'criteria-plan', title: 'Plan', council: 'Council', scale: 'rag', ratingMethod: 'criteria', effectiveAt: '2018-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/criteria-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2018-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/criteria-plan/kpis').set(board).send({ kpiId: 'caseloads', priorityNumber: 1, name: 'Average caseload', unit: 'children', target: 18, betterWhen: 'lower', period: 'quarterly', effectiveAt: '2018-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/criteria-plan/kpis/caseloads/values').set(h.as('lead')).send({ period: '2019-Q1', value: 19 }).expect(201);
    const { body } = await h.http().get('/api/plans/criteria-plan/reports/kpis?format=json').set(h.as('inspector')).expect(200);
    expect(body.kpis[0]).toMatchObject({ kpiId: 'caseloads', current: { value: 19 }, rag: 'Red' });
  });

  it('refuses, appending nothing: a lead defining or changing a KPI, an inspector giving a figure, bad fields, a second figure for a month, a correction without a reason', async () => {
    const refusals: [string, string, object, string, number, string | undefined][] = [
      ['post', '/api/plans/kpi-plan/kpis', { kpiId: 'KPI 3', priorityNumber: 2, name: 'x', unit: '%', target: 1, betterWhen: 'higher', period: 'monthly' }, 'lead', 403, undefined],
      ['patch', '/api/plans/kpi-plan/kpis/KPI 1', { target: 90 }, 'lead', 403, undefined],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-04', value: 80 }, 'inspector', 403, undefined],
      ['post', '/api/plans/kpi-plan/kpis', { kpiId: 'KPI 3', priorityNumber: 7, name: 'x', unit: '%', target: 1, betterWhen: 'higher', period: 'monthly' }, 'board', 400, 'priorityNumber'],
      ['post', '/api/plans/kpi-plan/kpis', { kpiId: 'KPI 3', priorityNumber: 2, name: 'x', unit: '%', target: 1, betterWhen: 'up', period: 'monthly' }, 'board', 400, 'betterWhen'],
      ['post', '/api/plans/kpi-plan/kpis', { kpiId: 'KPI 1', priorityNumber: 2, name: 'x', unit: '%', target: 1, betterWhen: 'higher', period: 'monthly' }, 'board', 409, undefined],
      ['patch', '/api/plans/kpi-plan/kpis/KPI 1', { target: 85 }, 'board', 400, 'body'],
      ['patch', '/api/plans/kpi-plan/kpis/KPI 1', { period: 'quarterly' }, 'board', 400, 'period'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-Q1', value: 80 }, 'lead', 400, 'period'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-06', value: 80 }, 'lead', 400, 'period'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2018-03', value: 80 }, 'lead', 400, 'period'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-04', value: 'eighty' }, 'lead', 400, 'value'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-04', value: 80, effectiveAt: '2019-04-30' }, 'lead', 400, 'effectiveAt'],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/values', { period: '2019-03', value: 80 }, 'lead', 409, undefined],
      ['post', '/api/plans/kpi-plan/kpis/KPI 1/corrections', { correctsEventId: 'nope', value: 80, reason: 'x' }, 'lead', 404, undefined],
      ['post', '/api/plans/kpi-plan/kpis/no-such/values', { period: '2019-04', value: 80 }, 'lead', 404, undefined],
    ];
    const before = await h.eventCount();
    for (const [method, path, body, role, status, field] of refusals) {
      const answer = await (method === 'post' ? h.http().post(path) : h.http().patch(path)).set(h.as(role as never)).send(body);
      expect({ path, body, status: answer.status }).toEqual({ path, body, status });
      if (field) expect({ path, fields: JSON.stringify(answer.body.fields ?? answer.body.detail) }).toEqual({ path, fields: expect.stringContaining(field) });
    }
    const noReason = await h.http().post('/api/plans/kpi-plan/kpis/KPI 1/corrections').set(h.as('lead')).send({ correctsEventId: marchEventId, value: 88 });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    expect(await h.eventCount()).toBe(before);
  });

  it('goes into the committee report as a section the board chooses, with the figures as at the board date', async () => {
    const md = await h.http().get('/api/plans/kpi-plan/reports/committee?format=md&from=2019-02-28&to=2019-03-31&sections=kpis').set(h.as('inspector')).expect(200);
    expect(md.text).toContain('Assessments completed within 45 days');
    // As known now, March's corrected figure is the current one and February's the previous.
    expect(md.text).toMatch(/\| 84\.5[^|]*\| 87[^|]*\|/);
    const json = await h.http().get('/api/plans/kpi-plan/reports/committee?format=json&from=2019-02-28&to=2019-03-31&sections=kpis').set(h.as('inspector')).expect(200);
    expect(Object.keys(json.body)).toEqual(['kpis']);
    expect(json.body.kpis).toEqual((await table('asOf=2019-03-31')).body);
  });
});
