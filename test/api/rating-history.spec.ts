import { settableClock } from '../support/clock';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * What an inspector reads for one action: every rating with what it was before,
 * the commentary, a correction naming the rating it corrects (the original kept),
 * and the history as it was known before the correction.
 */
describe('an action’s rating history over HTTP', () => {
  let h: HttpHarness;
  let firstRatingId: string;
  let beforeCorrection: string;
  const history = (query = '') => h.http().get(`/api/plans/h-plan/actions/1.1/history${query}`).set(h.as('inspector')).expect(200);

  // Recorded at set instants, so "as known before the correction" does not rest on the clock ticking between two requests.
  const clock = settableClock('2024-05-01T09:00:00.000Z');

  beforeAll(async () => {
    h = await httpHarness('rating-history');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'h-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/h-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/h-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    const first = await h.http().post('/api/plans/h-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'R', commentary: 'Caseloads above 25', effectiveAt: '2020-02-01', reason: 'February board' }).expect(201);
    firstRatingId = first.body.events[0].eventId;
    await h.http().post('/api/plans/h-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'A', effectiveAt: '2020-03-01', reason: 'March board' }).expect(201);
    beforeCorrection = new Date().toISOString();
    clock.set('2024-05-01T09:05:00.000Z');
    await h.http().post(`/api/plans/h-plan/actions/1.1/ratings/${firstRatingId}/correction`).set(h.as('lead')).send({ code: 'A', commentary: 'Typed R for A', reason: 'keying error' }).expect(201);
  });
  afterAll(async () => {
    await h.close();
    clock.restore();
  });

  it('lists each rating with the one before it, and the correction naming the rating it corrects', async () => {
    const { body } = await history();
    const entries = body.entries.map((e: Record<string, unknown>) => ({ type: e.type, summary: e.summary, code: e.code, previousCode: e.previousCode, correctsEventId: e.correctsEventId, commentary: e.commentary, reason: e.reason }));
    expect(entries.filter((e: { type: string }) => e.type !== 'ActionAdded')).toEqual([
      { type: 'RatingChanged', summary: 'Rated R', code: 'R', commentary: 'Caseloads above 25', reason: 'February board' },
      // A correction stands where the rating it corrects stands in effective order (the original R stays
      // above it), so the next rating reads "was A".
      { type: 'RatingCorrected', summary: 'Rating corrected to A (recorded as R)', code: 'A', previousCode: 'R', correctsEventId: firstRatingId, commentary: 'Typed R for A', reason: 'keying error' },
      { type: 'RatingChanged', summary: 'Rated A (was A)', code: 'A', previousCode: 'A', reason: 'March board' },
    ]);
    expect(body.entries[0]).toMatchObject({ type: 'ActionAdded', summary: 'Action added to priority 1: Caseloads', effectiveAt: '2020-01-01T00:00:00.000Z', actor: { role: 'board' }, source: 'api' });
  });

  it('leaves out what does not apply rather than sending empty fields', async () => {
    const { body } = await history();
    const added = body.entries[0];
    for (const field of ['code', 'previousCode', 'commentary', 'correctsEventId', 'evidenceId', 'fileHash']) expect(added).not.toHaveProperty(field);
    expect(added.reason).toBe('set up');
    expect(body.entries[1]).not.toHaveProperty('previousCode');
  });

  it('shows the history as it was known before the correction, and as at a date before the second rating', async () => {
    const known = (await history(`?knownAt=${encodeURIComponent(beforeCorrection)}`)).body.entries;
    expect(known.map((e: { summary: string }) => e.summary)).toEqual(['Action added to priority 1: Caseloads', 'Rated R', 'Rated A (was R)']);
    const asOf = (await history('?asOf=2020-02-15')).body.entries;
    expect(asOf.map((e: { summary: string }) => e.summary)).toEqual(['Action added to priority 1: Caseloads', 'Rated R', 'Rating corrected to A (recorded as R)']);
  });

  // The server keeps the streams it has read (ActionHistories) and reads only what was appended since:
  // a history read after a write must show it, in its place, and each event once, however reads interleave.
  it('shows what was written after it was last read, a backdated rating in its place, each event once', async () => {
    await history();
    clock.set('2024-05-01T09:10:00.000Z');
    await h.http().post('/api/plans/h-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'G', effectiveAt: '2020-05-01', reason: 'May board' }).expect(201);
    await h.http().post('/api/plans/h-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'R', effectiveAt: '2020-02-15', reason: 'Mid-February review' }).expect(201);
    // Read several at once: each takes in the new events, none twice.
    const reads = await Promise.all(Array.from({ length: 4 }, () => history()));
    for (const { body } of reads) {
      expect(body.entries.map((e: { summary: string }) => e.summary)).toEqual([
        'Action added to priority 1: Caseloads',
        'Rated R',
        'Rating corrected to A (recorded as R)',
        'Rated R (was A)',
        'Rated A (was R)',
        'Rated G (was A)',
      ]);
      const ids = body.entries.map((e: { eventId: string }) => e.eventId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
