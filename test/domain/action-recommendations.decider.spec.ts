import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { ActionEvent } from '../../src/domain/action/action.events';
import { PlanState } from '../../src/domain/plan/plan.decider';
import { recorded } from '../support/decider-spec';
import { added, board, ids, lead, specFor, sunderland } from './action.fixtures';

/** An item answers any number of the recommendations its plan records; an SRO is one of its details. */
const workstreams: PlanState = {
  ...sunderland,
  shape: {
    words: { section: { singular: 'section', plural: 'sections' }, group: { singular: 'workstream', plural: 'workstreams' }, item: { singular: 'project', plural: 'projects' } },
    sections: {},
    groupSections: {},
    recommendations: { '1': 'Thresholds', '4 (a)': 'Early help offer' },
    groupLinks: {},
  },
};
const spec = specFor(workstreams);
const linked = recorded<ActionEvent>({ type: 'ActionRecommendationLinked', data: { ...ids, recommendation: '4 (a)' } }, '2016-07-01', board);

describe('action decider: recommendations an item answers, and its SRO', () => {
  it('links an item to a recommendation the plan records, and unlinks it', () => {
    spec.given([added]).when({ type: 'LinkActionRecommendation', recommendation: ' 4 (a) ' }, board).then([{ type: 'ActionRecommendationLinked', data: { ...ids, recommendation: '4 (a)' } }]);
    spec.given([added, linked]).when({ type: 'UnlinkActionRecommendation', recommendation: '4 (a)' }, board).then([{ type: 'ActionRecommendationUnlinked', data: { ...ids, recommendation: '4 (a)' } }]);
  });

  it('refuses a recommendation the plan does not record, a link made twice, an unlink of no link, and a lead', () => {
    spec.given([added]).when({ type: 'LinkActionRecommendation', recommendation: '9' }, board).thenRefuses(InvalidInput, /no recommendation 9 \(it has: 1, 4 \(a\)\)/);
    spec.given([added, linked]).when({ type: 'LinkActionRecommendation', recommendation: '4 (a)' }, board).thenRefuses(RuleBroken, /project 3.2 already answers recommendation 4 \(a\)/);
    spec.given([added]).when({ type: 'UnlinkActionRecommendation', recommendation: '1' }, board).thenRefuses(RuleBroken, /project 3.2 is not linked to recommendation 1/);
    spec.given([added]).when({ type: 'LinkActionRecommendation', recommendation: '1' }, lead).thenRefuses(NotPermitted, /may not link a recommendation/);
  });

  it('names an SRO when the item is added or amended, and only what changes is recorded', () => {
    spec
      .given([])
      .when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'Refocus the MASH', lead: 'Head of MASH', seniorOwner: 'DCS' }, board)
      .then([{ type: 'ActionAdded', data: { ...ids, priorityNumber: 3, title: 'Refocus the MASH', lead: 'Head of MASH', seniorOwner: 'DCS' } }]);
    spec.given([added]).when({ type: 'AmendAction', seniorOwner: 'Director of Children’s Services' }, board).then([{ type: 'ActionAmended', data: { ...ids, changes: { seniorOwner: 'Director of Children’s Services' } } }]);
    const tooLong = spec.given([added]).when({ type: 'AmendAction', seniorOwner: 'x'.repeat(201) }, board).thenRefuses(InvalidInput) as InvalidInput;
    expect(tooLong.problems.map((p) => p.field)).toEqual(['seniorOwner']);
  });
});
