import { ChangeRatingCommand } from '../../src/commands';
import { ConcurrencyError } from '../../src/domain/errors';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../support/command-harness';

describe('two people rating the same action at once', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('concurrency');
    await givenSunderlandPlan(h);
  });
  afterAll(() => h.close());

  it('lets exactly one win each time; the other gets a concurrency error and nothing is lost', async () => {
    const rounds = 20;
    const winners: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, second] = round % 2 === 0 ? ['LG', 'DG'] : ['A', 'LG'];
      const outcomes = await Promise.allSettled([
        h.send(ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: first, commentary: `round ${round} by the first lead` }, 'lead'),
        h.send(ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.2', code: second, commentary: `round ${round} by the second lead` }, 'board'),
      ]);
      const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConcurrencyError);
      expect((rejected[0].reason as Error).message).toMatch(/Reload and try again/);
      winners.push(outcomes[0].status === 'fulfilled' ? first : second);
    }
    const events = await h.store.readStream('action-sunderland-2017/3.2');
    const ratings = events.filter((e) => e.type === 'RatingChanged').map((e) => (e.data as { code: string }).code);
    // The initial A, then exactly the winner of each round, in order.
    expect(ratings).toEqual(['A', ...winners]);
  });
});
