import * as c from '../../../src/commands';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../../support/command-harness';

/**
 * Two readers asking for read-your-writes at the same moment both start the
 * projector. Each used to open a subscription of its own; the first, overwritten,
 * was never closed and went on reading the log after shutdown had closed it.
 */
describe('the projector started by two readers at once', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('projector-start');
    await givenSunderlandPlan(h);
  });
  afterAll(() => h.close());

  it('follows the log through one subscription, which stop closes', async () => {
    const subscribe = jest.spyOn(h.store, 'subscribeToAll');
    await Promise.all([h.projector.start(), h.projector.start(), h.projector.start()]);
    expect(subscribe).toHaveBeenCalledTimes(1);

    await h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: 'LG' }, 'lead');
    await h.projector.caughtUp();
    expect(await h.projector.checkpoint()).toBe(await h.eventCount());

    await h.projector.stop();
    await h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: 'DG' }, 'lead');
    await h.projector.start();
    expect(subscribe).toHaveBeenCalledTimes(2);
    await h.projector.caughtUp();
    expect(await h.projector.checkpoint()).toBe(await h.eventCount());
  });
});
