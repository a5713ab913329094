import { DataSource } from 'typeorm';
import * as c from '../../../src/commands';
import { EventNotProjected } from '../../../src/projections/projector/projector-recovery';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../../support/command-harness';

/**
 * An event the projection cannot fold, for a reason that is not a lock or the disk (here a
 * trigger in the real read-models file refuses every new fact, as a bug would), is tried five
 * times and the projector stops there, naming its position and id; it never skips to the next.
 */
describe('the projector at an event it cannot project', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('projector-stops');
    await givenSunderlandPlan(h);
    await h.projector.start();
    await h.projector.caughtUp();
  });
  afterAll(() => h.close());

  it('stops at that event, names it, and keeps the read models at the event before', async () => {
    const before = await h.eventCount();
    expect(await h.projector.checkpoint()).toBe(before);
    await h.get(DataSource).query(`CREATE TRIGGER a_projection_bug BEFORE INSERT ON plan_facts BEGIN SELECT RAISE(ABORT, 'a projection bug'); END`);

    await h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: 'LG' }, 'lead');
    await h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: 'DG' }, 'lead');
    const [failing] = await h.store.readAll({ after: before, limit: 1 });

    const deadline = Date.now() + 20_000;
    while (h.projector.status().state !== 'stopped' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    const status = h.projector.status();
    expect(status.state).toBe('stopped');
    expect(status.reason).toContain(`position ${failing.globalPosition} (event ${failing.eventId})`);
    expect(status.lastError).toMatchObject({ position: failing.globalPosition, eventId: failing.eventId });
    expect(status.lastError!.message).toContain('a projection bug');
    expect(status.restarts).toBe(4); // tried five times: the first, and four restarts after a backoff
    expect(await h.projector.checkpoint()).toBe(before);
    await expect(h.projector.caughtUp(1000)).rejects.toBeInstanceOf(EventNotProjected);

    // A reader's start does not pass over it, and nothing after it is projected meanwhile.
    await h.projector.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.projector.status().state).toBe('stopped');
    expect(await h.projector.checkpoint()).toBe(before);
  });
});
