import { InvalidInput } from '../../src/domain/errors';
import { board, spec, ids, added } from './action.fixtures';

/** AddMilestone takes a due date as the plan writes it, records it as written beside the date it counts as due, and refuses what it cannot read. */
describe('action decider: a milestone’s due date as written', () => {
  it.each([
    ['Sept 17', { dueDate: '2017-09-30', dueAsWritten: 'Sept 17' }],
    ['Sept, Nov 17', { dueDate: '2017-09-30', dueAsWritten: 'Sept, Nov 17' }],
    ['TBC', { dueAsWritten: 'TBC' }],
    // A date written YYYY-MM-DD is recorded as it always was, with nothing beside it.
    ['2017-09-30', { dueDate: '2017-09-30' }],
  ])('records "%s"', (dueDate, recorded) => {
    spec.given([added]).when({ type: 'AddMilestone', milestoneId: 'm1', title: 'Framework presented to SMT', dueDate, lead: 'VC' }, board).then([
      { type: 'MilestoneAdded', data: { ...ids, milestoneId: 'm1', title: 'Framework presented to SMT', ...recorded, lead: 'VC', status: 'Not started' } },
    ]);
  });

  it('refuses a month without its year, naming dueDate', () => {
    spec.given([added]).when({ type: 'AddMilestone', milestoneId: 'm1', title: 'Reports', dueDate: 'July/Oct/Jan/May' }, board).thenRefuses(InvalidInput, /^dueDate: .*without its year/);
  });
});
