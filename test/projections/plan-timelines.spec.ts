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

  // Each evidence item is a group of the timeline, and reads step over blocks of groups none of
  // which had taken effect by their date (GROUP_BLOCK): items taken in one by one, some backdated
  // before others already held, must each appear from its own date, in the timeline held since the
  // first test (taken in fact by fact) and in one loaded whole by a fresh application alike.
  it('shows each of many evidence items from its own date, however they came in, taken in or loaded whole', async () => {
    const reader = server.get(PlanFactsReader);
    await reader.planAsAt('sunderland-2017', now(), now()); // held before the items come in
    const items: { title: string; effectiveAt: string; sent: number }[] = [];
    const submit = async (title: string, effectiveAt?: string) => {
      const result = await otherProcess.send(c.SubmitEvidenceCommand, { ...ref, title, ...(effectiveAt ? { effectiveAt, reason: 'Found in the case files' } : {}) }, 'lead');
      items.push({ title, effectiveAt: result.events[0].effectiveAt, sent: items.length });
    };
    // Twenty items effective as they are sent (more groups than a block)…
    for (let i = 0; i < 20; i++) await submit(`Block item ${i}`);
    // …then five backdated to the instants of earlier ones, each taken in before the items held after it.
    for (const i of [17, 3, 11, 0, 8]) await submit(`Block item ${i} again`, items[i].effectiveAt);
    await otherProcess.projector.start(); // its rebuild above left it stopped
    await otherProcess.projector.caughtUp();
    const restarted = await commandHarness('timelines-evidence', server.database.dir);
    try {
      const inEffectiveOrder = [...items].sort((a, b) => (a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : a.sent - b.sent));
      const dates = [new Date(Date.parse(items[0].effectiveAt) - 1).toISOString(), ...items.map((item) => item.effectiveAt)];
      for (const asOf of dates) {
        const expected = inEffectiveOrder.filter((item) => item.effectiveAt <= asOf).map((item) => item.title);
        for (const h of [server, restarted]) {
          const plan = await h.get(PlanFactsReader).planAsAt('sunderland-2017', asOf, now());
          const titles = plan?.actions.find((a) => a.reference === '3.2')?.evidence.map((e) => e.title).filter((t) => t.startsWith('Block item '));
          expect({ asOf, titles }).toEqual({ asOf, titles: expected });
        }
      }
    } finally {
      await restarted.close();
    }
  });
});
