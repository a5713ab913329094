import * as c from '../../src/commands';
import { RuleBroken } from '../../src/domain/errors';
import { RecordTogetherCommand } from '../../src/commands/record-together/record-together.command';
import { RecordedTogether } from '../../src/commands/record-together/record-together.handler';
import { ACTORS, commandHarness, CommandHarness, givenSunderlandPlan } from '../support/command-harness';

/** The batch form of the write: many commands decided in order, appended in one transaction or not at all. */
describe('recording many commands together', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('record-together');
    await givenSunderlandPlan(h);
  });
  afterAll(() => h.close());

  const board = { actor: ACTORS.board, source: 'cli' as const };
  const lead = { actor: ACTORS.lead, source: 'cli' as const };
  const qa = { actor: ACTORS.qa, source: 'cli' as const };
  const action = { planId: 'sunderland-2017', reference: '3.4' };

  it('decides each command on the states the ones before it left, and appends them all', async () => {
    const before = await h.eventCount();
    const { outcome, recorded }: RecordedTogether<string | undefined> = await h.bus.execute(
      new RecordTogetherCommand(async (batch) => {
        await batch.decide(new c.AddActionCommand({ ...action, priorityNumber: 3, title: 'Audit case files monthly' }, board));
        // Rating an action added a moment ago in the same batch: only possible if the batch folded it in.
        await batch.decide(new c.ChangeRatingCommand({ ...action, code: 'A' }, lead));
        return (await batch.action(action.planId, action.reference)).ratings?.entry.code;
      }),
    );
    expect(outcome).toBe('A');
    expect(recorded.map((r) => [r.streamId, r.events.map((e) => e.type)])).toEqual([['action-sunderland-2017/3.4', ['ActionAdded', 'RatingChanged']]]);
    expect(await h.eventCount()).toBe(before + 2);
  });

  it('appends nothing when the work throws, even what was decided before the refusal', async () => {
    const before = await h.eventCount();
    const refused = h.bus.execute(
      new RecordTogetherCommand(async (batch) => {
        await batch.decide(new c.ChangeRatingCommand({ ...action, code: 'LG' }, lead));
        // No accepted evidence: the sign-off is refused, and the rating decided before it goes too.
        await batch.decide(new c.SignOffCompletionCommand(action, qa));
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(RuleBroken);
    expect(await h.eventCount()).toBe(before);
  });
});
