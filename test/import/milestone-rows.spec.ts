import { ImportPlanCommand } from '../../src/commands';
import { InvalidInput } from '../../src/domain/errors';
import { sunderlandExample } from '../../src/import/example-plan';
import { commandHarness, CommandHarness } from '../support/command-harness';

const board = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };
const HEADER = 'Priority,Priority title,Reference,Action,RAG Sept 17 (2017-09-30),Milestone,Milestone due,Milestone lead,Milestone status';

/**
 * Milestone rows in a plan file (the outcome → action → milestone shape): one milestone a row, the
 * further ones repeating their action's reference; dates as written; the same file again adds
 * nothing, a new version changes only the statuses that differ; a bad milestone cell refuses the
 * whole file, naming its row and column, appending nothing.
 */
describe('importing milestones from a plan file', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('import-milestones');
  });
  afterAll(() => h.close());

  const file = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
  const importFile = (planId: string, content: Buffer) => h.bus.execute(new ImportPlanCommand({ ...sunderlandExample(), planId, fileName: 'plan.csv', scale: 'rag-completed', content }, board));
  const refusal = async (content: Buffer): Promise<InvalidInput> => {
    const before = await h.eventCount();
    const error = await importFile('refused', content).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect(await h.eventCount()).toBe(before);
    return error as InvalidInput;
  };
  const milestonesOf = async (planId: string, reference: string) =>
    (await h.store.readStream(`action-${planId}/${reference}`)).filter((e) => e.type.startsWith('Milestone')).map((e) => [e.type, e.metadata.effectiveAt.slice(0, 10), e.data]);

  const DEVON_LIKE = [
    '1,Workforce,1.1,CSW workforce plan developed and implemented.,,CSW Workforce plan approved by SMT,August 17,MM/SM,Achieved',
    '1,Workforce,1.1,,,Workforce plan progress reporting to SMT bi monthly,"Sept, Nov 17, Jan, March 18",MM,On track',
    '1,Workforce,1.1,,,Go live,TBC,,',
    '1,Workforce,1.2,Another action,,,,,',
  ];

  it('adds each milestone to its action, dated at the file’s board date, its due date as written', async () => {
    const summary = await importFile('devon-like', file(...DEVON_LIKE));
    expect(summary).toMatchObject({ rows: 2 });
    const ids = { planId: 'devon-like', reference: '1.1' };
    expect(await milestonesOf('devon-like', '1.1')).toEqual([
      ['MilestoneAdded', '2017-09-30', { ...ids, milestoneId: 'm1', title: 'CSW Workforce plan approved by SMT', dueDate: '2017-08-31', dueAsWritten: 'August 17', lead: 'MM/SM', status: 'Achieved' }],
      ['MilestoneAdded', '2017-09-30', { ...ids, milestoneId: 'm2', title: 'Workforce plan progress reporting to SMT bi monthly', dueDate: '2017-09-30', dueAsWritten: 'Sept, Nov 17, Jan, March 18', lead: 'MM', status: 'On track' }],
      ['MilestoneAdded', '2017-09-30', { ...ids, milestoneId: 'm3', title: 'Go live', dueAsWritten: 'TBC', status: 'Not started' }],
    ]);
    expect(await milestonesOf('devon-like', '1.2')).toEqual([]);
  });

  it('adds nothing for the same file again, and only the changed status for a new version', async () => {
    const before = await h.eventCount();
    expect(await importFile('devon-like', file(...DEVON_LIKE))).toMatchObject({ eventsAppended: 0 });
    expect(await h.eventCount()).toBe(before);
    const updated = [...DEVON_LIKE];
    updated[1] = updated[1].replace('On track', 'Completed');
    await importFile('devon-like', file(...updated));
    const changes = (await milestonesOf('devon-like', '1.1')).filter(([type]) => type === 'MilestoneStatusChanged');
    expect(changes).toEqual([['MilestoneStatusChanged', '2017-09-30', { planId: 'devon-like', reference: '1.1', milestoneId: 'm2', status: 'Completed' }]]);
  });

  it.each([
    ['a due date with a month and no year', ['1,Workforce,1.1,Plan,,Reports,July/Oct/Jan/May,MM,'], 'row 2, column "Milestone due"', /without its year/],
    ['a date that is no date', ['1,Workforce,1.1,Plan,,Reports,soon,MM,'], 'row 2, column "Milestone due"', /"soon" is not a month/],
    ['a date, lead or status with no milestone', ['1,Workforce,1.1,Plan,,,Sept 17,MM,'], 'row 2, column "Milestone"', /name the milestone/],
    ['a further milestone under another priority', ['1,Workforce,1.1,Plan,,First,Sept 17,,', '2,Other,1.1,,,Second,Oct 17,,'], 'row 3, column "Priority"', /action 1.1 is in priority 1/],
    ['a further milestone naming another action', ['1,Workforce,1.1,Plan,,First,Sept 17,,', '1,Workforce,1.1,Other plan,,Second,Oct 17,,'], 'row 3, column "Action"', /differs from action 1.1/],
    ['a repeated reference with no milestone', ['1,Workforce,1.1,Plan,,First,Sept 17,,', '1,Workforce,1.1,Plan,,,,,'], 'row 3, column "Reference"', /already appears on row 2/],
  ])('refuses %s, naming row and column, appending nothing', async (_what, rows, field, message) => {
    const error = await refusal(file(...rows));
    expect(error.problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });
});
