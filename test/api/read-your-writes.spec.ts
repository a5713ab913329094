import { PlanTimelines } from '../../src/projections/plan-facts/plan-timelines';
import { Projector } from '../../src/projections/projector/projector.service';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * A caller who reads after a 201 sees what it wrote: the write answers once the read models
 * hold it. Several leads rate one plan at once while each reads Table 1 and the plan straight
 * after its own write, as on the day of a board meeting; the plan's timeline is held and
 * taken forward in place, never reloaded.
 */
describe('read-your-writes over HTTP, with the plan read between writes', () => {
  let h: HttpHarness;
  const REFERENCES = ['1.1', '1.2', '1.3', '1.4'];
  const CODES = ['R', 'A', 'G'];

  beforeAll(async () => {
    h = await httpHarness('read-your-writes');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'ryw', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/ryw/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (const reference of REFERENCES) {
      await h.http().post('/api/plans/ryw/actions').set(board).send({ reference, priorityNumber: 1, title: `Action ${reference}`, initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    }
  });
  afterAll(() => h.close());

  it('shows each lead its own rating in the next read, and keeps the same timeline throughout', async () => {
    const timelines = h.app.get(PlanTimelines);
    await h.http().get('/api/plans/ryw').set(h.as('inspector')).expect(200);
    const held = await timelines.timelineOf('ryw');
    const ROUNDS = 40;
    let checked = 0;
    // One lead per action, all at once: each rates its action, then reads the plan and Table 1.
    await Promise.all(
      REFERENCES.map(async (reference, lead) => {
        for (let round = 0; round < ROUNDS; round++) {
          const code = CODES[(round + lead) % CODES.length];
          await h.http().post(`/api/plans/ryw/actions/${reference}/ratings`).set(h.as('lead')).send({ code, commentary: `round ${round}` }).expect(201);
          const plan = await h.http().get('/api/plans/ryw').set(h.as('inspector')).expect(200);
          const action = (plan.body as { actions: { reference: string; rating?: { code: string; commentary?: string } }[] }).actions.find((a) => a.reference === reference);
          expect(action?.rating).toMatchObject({ code, commentary: `round ${round}` });
          const table = await h.http().get('/api/plans/ryw/reports/rag-summary?from=2020-01-01').set(h.as('inspector')).expect(200);
          expect(JSON.stringify(table.body)).toContain('Workforce');
          checked += 1;
        }
      }),
    );
    expect(checked).toBe(REFERENCES.length * ROUNDS);
    // Taken forward in place: the same timeline object, holding every fact.
    expect(await timelines.timelineOf('ryw')).toBe(held);
    process.stdout.write(`read-your-writes: ${checked} ratings from ${REFERENCES.length} leads at once, each seen by its writer's next read; the plan's timeline was never reloaded\n`);
  }, 120000);
  it('holds a write\'s answer until the read models have it, when the projector is slow to take it', async () => {
    const projector = h.app.get(Projector);
    const answered: string[] = [];
    for (const [round, code] of ['R', 'G', 'A'].entries()) {
      // The projector is not following for a moment (as when busy with a large batch); it resumes 300 ms later.
      await projector.stop();
      const restart = new Promise<void>((resolve) => setTimeout(() => void projector.start().then(resolve), 300));
      const write = h.http().post('/api/plans/ryw/actions/1.1/ratings').set(h.as('lead')).send({ code, commentary: `slow ${round}` });
      const answer = await write;
      answered.push(`${answer.status}`);
      expect(answer.status).toBe(201);
      const plan = await h.http().get('/api/plans/ryw').set(h.as('inspector')).expect(200);
      expect((plan.body as { actions: { reference: string; rating?: { code: string } }[] }).actions.find((a) => a.reference === '1.1')?.rating?.code).toBe(code);
      await restart;
    }
    expect(answered).toEqual(['201', '201', '201']);
  }, 60000);
});
