import { EventEnvelope } from '../../src/event-store/envelope';
import { PlanFactsReader } from '../../src/projections/plan-facts/plan-facts.reader';
import { Projector } from '../../src/projections/projector/projector.service';
import { replayPlan } from '../../src/projections/replay/replay-plan';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Codes as people type and paste them, through the JSON API (issue 22, item 8): case and
 * surrounding spaces ignored and said; a letter from another script that Unicode lists as a
 * look-alike of one code of the plan's scale taken, kept as typed in the event and said; anything
 * else refused with 400, naming the field, the character's code point and the plan's codes,
 * appending nothing.
 */
describe('codes as typed and pasted, over HTTP', () => {
  let h: HttpHarness;
  const plan = '/api/plans/codes-plan';
  const rate = (reference: string, code: string) =>
    h.http().post(`${plan}/actions/${reference}/ratings`).set(h.as('lead')).send({ code, effectiveAt: '2024-02-01', reason: 'February board' });
  const events = async (): Promise<EventEnvelope[]> => h.store.readAll({ after: 0, limit: 10_000 });
  const lastEvent = async (): Promise<EventEnvelope> => (await events()).at(-1)!;

  beforeAll(async () => {
    h = await httpHarness('codes-as-typed');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'codes-plan', title: 'Plan', council: 'Council', scale: 'sunderland-5', effectiveAt: '2024-01-01', reason: 'set up' }).expect(201);
    await h.http().post(`${plan}/priorities`).set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2024-01-01', reason: 'set up' }).expect(201);
    for (const reference of ['1.1', '1.2', '1.3', '1.4']) {
      await h.http().post(`${plan}/actions`).set(board).send({ reference, priorityNumber: 1, title: `Action ${reference}`, effectiveAt: '2024-01-01', reason: 'set up' }).expect(201);
    }
  });
  afterAll(() => h.close());

  it('takes "dg " as DG, says so in the response, and records only the code', async () => {
    const { body } = await rate('1.1', 'dg ').expect(201);
    expect(body.notes).toEqual(['"dg " read as DG']);
    const recorded = await lastEvent();
    expect(recorded).toMatchObject({ type: 'RatingChanged', data: { code: 'DG' } });
    expect(recorded.data).not.toHaveProperty('codeAsTyped');
  });

  it('says nothing about a code typed exactly', async () => {
    const { body } = await rate('1.1', 'LG').expect(201);
    expect(body).not.toHaveProperty('notes');
  });

  it.each([
    ['Greek capital alpha', '1.2', 'Α', 'A', '"Α" read as A: "Α" (U+0391, a Greek letter) taken as A'],
    ['Cyrillic capital a', '1.3', 'А', 'A', '"А" read as A: "А" (U+0410, a Cyrillic letter) taken as A'],
    ['fullwidth DG', '1.4', 'ＤＧ', 'DG', '"ＤＧ" read as DG: "Ｄ" (U+FF24, a fullwidth Latin letter) taken as D, "Ｇ" (U+FF27, a fullwidth Latin letter) taken as G'],
    ['Latin L and Cyrillic G-like Ԍ', '1.2', 'LԌ', 'LG', '"LԌ" read as LG: "Ԍ" (U+050C, a Cyrillic letter) taken as G'],
  ])('takes a %s as the code, keeps it as typed in the event and says so', async (_name, reference, typed, code, note) => {
    const { body } = await rate(reference, typed).expect(201);
    expect(body.notes).toEqual([note]);
    const recorded = await lastEvent();
    expect(recorded).toMatchObject({ type: 'RatingChanged', data: { code, codeAsTyped: typed } });
  });

  it.each([
    ['a Cyrillic letter like no code', 'Ж', '"Ж" (U+0416, a Cyrillic letter) is not on this plan\'s RAG scale; use one of R, A, LG, DG'],
    ['an emoji', '🟢', '"🟢" (U+1F7E2, an emoji) is not on this plan\'s RAG scale; use one of R, A, LG, DG'],
    ['a zero-width space inside A', 'A\u200bG', '"A\u200bG" is not on this plan\'s RAG scale: U+200B (an invisible formatting character) is not a letter of any code; use one of R, A, LG, DG'],
    ['a combining acute accent on A', 'A\u0301', '"A\u0301" is not on this plan\'s RAG scale: U+0301 (a combining mark) is not a letter of any code; use one of R, A, LG, DG'],
    ['an accented capital A', 'Á', '"Á" (U+00C1, a Latin letter) is not on this plan\'s RAG scale; use one of R, A, LG, DG'],
  ])('refuses %s with 400 naming the field and the code point, appending nothing', async (_name, typed, message) => {
    const before = await h.eventCount();
    const { body } = await rate('1.1', typed).expect(400);
    expect(body.fields).toEqual([{ field: 'code', message }]);
    expect(await h.eventCount()).toBe(before);
  });

  it('reads an initial rating, a correction and a minimum hold by the same rule', async () => {
    const board = h.as('board');
    const added = await h.http().post(`${plan}/actions`).set(board).send({ reference: '1.5', priorityNumber: 1, title: 'Action 1.5', initialRating: 'R', effectiveAt: '2024-01-01', reason: 'set up' }).expect(201);
    const ratingId = added.body.events.find((e: { type: string }) => e.type === 'RatingChanged').eventId;
    const corrected = await h.http().post(`${plan}/actions/1.5/ratings/${ratingId}/correction`).set(h.as('lead')).send({ code: 'А', reason: 'keying error' }).expect(201);
    expect(corrected.body.notes).toEqual(['"А" read as A: "А" (U+0410, a Cyrillic letter) taken as A']);
    expect(await lastEvent()).toMatchObject({ type: 'RatingCorrected', data: { code: 'A', codeAsTyped: 'А' } });

    const initial = await h.http().post(`${plan}/actions`).set(board).send({ reference: '1.6', priorityNumber: 1, title: 'Action 1.6', initialRating: 'Ꭱ', effectiveAt: '2024-01-01', reason: 'set up' }).expect(201);
    expect(initial.body.notes).toEqual(['"Ꭱ" read as R: "Ꭱ" (U+13A1, a Cherokee letter) taken as R']);
    expect(await lastEvent()).toMatchObject({ type: 'RatingChanged', data: { code: 'R', codeAsTyped: 'Ꭱ', derivedFrom: 'initial' } });
    const refusedInitial = await h.http().post(`${plan}/actions`).set(board).send({ reference: '1.7', priorityNumber: 1, title: 'Action 1.7', initialRating: 'Ж', effectiveAt: '2024-01-01', reason: 'set up' }).expect(400);
    expect(refusedInitial.body.fields).toEqual([{ field: 'initialRating', message: expect.stringContaining('U+0416') }]);

    const held = await h.http().patch(`${plan}/settings`).set(board).send({ minimumHold: { code: 'DԌ', months: 3 }, effectiveAt: '2024-01-02', reason: 'hold DG before sign-off' }).expect(200);
    expect(held.body.notes).toEqual(['"DԌ" read as DG: "Ԍ" (U+050C, a Cyrillic letter) taken as G']);
    expect(await lastEvent()).toMatchObject({ type: 'PlanSettingsChanged', data: { minimumHold: { code: 'DG', months: 3, codeAsTyped: 'DԌ' } } });
  });

  it('shows the code in the rating history, with the input as typed beside it', async () => {
    const { body } = await h.http().get(`${plan}/actions/1.2/history`).set(h.as('inspector')).expect(200);
    const ratings = body.entries.filter((e: { type: string }) => e.type === 'RatingChanged');
    expect(ratings.map((e: Record<string, unknown>) => ({ code: e.code, codeAsTyped: e.codeAsTyped, summary: e.summary }))).toEqual([
      { code: 'A', codeAsTyped: 'Α', summary: 'Rated A, typed as "Α" (U+0391)' },
      { code: 'LG', codeAsTyped: 'LԌ', summary: 'Rated LG (was A), typed as "LԌ" (U+050C)' },
    ]);
  });

  it('keeps the hash chain whole and the read side equal to the replay oracle', async () => {
    const verified = await h.http().get('/api/audit/verification').set(h.as('auditor')).expect(200);
    expect(verified.body.ok).toBe(true);
    const projector = h.app.get(Projector);
    await projector.caughtUp();
    const now = new Date().toISOString();
    const fromModels = await h.app.get(PlanFactsReader).planAsAt('codes-plan', now, now);
    const fromReplay = replayPlan(await events(), 'codes-plan', now, now);
    expect(fromModels).toEqual(fromReplay);
    expect(fromModels!.actions.find((a) => a.reference === '1.4')!.rating?.code).toBe('DG');
  });
});
