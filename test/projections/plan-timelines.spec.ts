import * as c from '../../src/commands';
import { PlanFactsReader } from '../../src/projections/plan-facts/plan-facts.reader';
import { PlanTimelines } from '../../src/projections/plan-facts/plan-timelines';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../support/command-harness';

/**
 * Plans' timelines are kept in memory for fast as-of reads. They must never answer
 * from a stale copy: not after a new rating, not when another process (a second
 * server, a CLI rebuild) changed the read models.
 */
describe('the in-memory plan timelines', () => {
  let server: CommandHarness;
  let otherProcess: CommandHarness;
  const ref = { planId: 'sunderland-2017', reference: '3.2' };
  const now = () => new Date().toISOString();
  const ratingOf32 = async (h: CommandHarness) => (await h.get(PlanFactsReader).planAsAt('sunderland-2017', now(), now()))?.actions.find((a) => a.reference === '3.2')?.rating?.code;

  beforeAll(async () => {
    server = await commandHarness('timelines');
    // A second application on the same files stands for another process.
    otherProcess = await commandHarness('timelines-other', server.database.dir);
    await givenSunderlandPlan(server);
    await server.projector.start();
    await server.projector.caughtUp();
  });
  afterAll(async () => {
    await otherProcess.close(); // left open, its connections outlived the suite in the worker
    await server.close();
  });

  it('shows a new rating as soon as it is projected', async () => {
    expect(await ratingOf32(server)).toBe('A');
    expect(server.get(PlanTimelines).size.plans).toBe(1);
    await server.send(c.ChangeRatingCommand, { ...ref, code: 'LG', commentary: 'Improving' }, 'lead');
    await server.projector.caughtUp();
    expect(await ratingOf32(server)).toBe('LG');
  });

  it('shows what another process projected, and survives that process rebuilding the read models', async () => {
    await server.projector.stop(); // only the other process projects from here on
    expect(await ratingOf32(server)).toBe('LG');
    await otherProcess.send(c.ChangeRatingCommand, { ...ref, code: 'DG', commentary: 'Sustained' }, 'lead');
    await otherProcess.projector.start();
    await otherProcess.projector.caughtUp();
    expect(await ratingOf32(server)).toBe('DG');
    const before = await server.get(PlanFactsReader).planAsAt('sunderland-2017', '2100-01-01T00:00:00.000Z', now());
    await otherProcess.projector.rebuild();
    const after = await server.get(PlanFactsReader).planAsAt('sunderland-2017', '2100-01-01T00:00:00.000Z', before!.knownAt);
    expect(after).toEqual(before);
  });

  it('hands out snapshots that cannot change what the next reader sees', async () => {
    const plan = await server.get(PlanFactsReader).planAsAt('sunderland-2017', now(), now());
    const rating = plan!.actions.find((a) => a.reference === '3.2')!.rating!;
    expect(() => {
      (rating as { code: string }).code = 'R';
    }).toThrow(TypeError);
    expect(await ratingOf32(server)).toBe('DG');
  });

  it('loads a plan once when readers (or the preload) ask for it at the same time, and counts its facts once', async () => {
    // A fresh application: nothing in memory yet.
    const restarted = await commandHarness('timelines-restarted', server.database.dir);
    try {
      const timelines = restarted.get(PlanTimelines);
      expect(timelines.size).toEqual({ plans: 0, facts: 0, preload: 'not started' });
      const [first, second] = await Promise.all([timelines.timelineOf('sunderland-2017'), timelines.timelineOf('sunderland-2017')]);
      expect(second).toBe(first);
      expect(timelines.size).toEqual({ plans: 1, facts: first!.factCount, preload: 'not started' });
      await Promise.all([timelines.warm(), timelines.timelineOf('sunderland-2017')]);
      expect(timelines.size).toEqual({ plans: 1, facts: first!.factCount, preload: 'done' });
    } finally {
      await restarted.close();
    }
  });
});
