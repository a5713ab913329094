import { evolveAction } from '../../src/domain/action/action.decider';
import { ActionEvent } from '../../src/domain/action/action.events';
import { ActionState, initialActionState, ratingsByEffectiveDate, ratingsOf } from '../../src/domain/action/action.state';
import { recorded } from '../support/decider-spec';

const lead = { id: 'lead.jo', role: 'lead' };
const ids = { planId: 'sunderland-2017', reference: '3.2' };

const rated = (eventId: string, code: string, effectiveAt: string) => recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code } }, effectiveAt, lead, eventId);
const corrected = (correctsEventId: string, code: string) =>
  recorded<ActionEvent>({ type: 'RatingCorrected', data: { ...ids, correctsEventId, code } } as ActionEvent, '2017-06-01', lead, `fix-${correctsEventId}`);
const fold = (events: ReturnType<typeof rated>[], from: ActionState = initialActionState()) => events.reduce(evolveAction, from);
const codes = (state: ActionState) => ratingsOf(state).map((r) => `${r.eventId}:${r.code}`);

describe('an action\'s ratings as its state keeps them', () => {
  it('lists every rating in the order recorded, and by effective date with a backdated one in its place', () => {
    const state = fold([rated('r1', 'A', '2017-01-31'), rated('r2', 'LG', '2017-03-31'), rated('r3', 'R', '2017-02-28')]);
    expect(codes(state)).toEqual(['r1:A', 'r2:LG', 'r3:R']);
    expect(ratingsByEffectiveDate(state).map((r) => r.eventId)).toEqual(['r1', 'r3', 'r2']);
  });

  it('applies a correction to the rating it names, newest, oldest or in between', () => {
    const state = fold([rated('r1', 'A', '2017-01-31'), rated('r2', 'LG', '2017-02-28'), rated('r3', 'DG', '2017-03-31')]);
    expect(codes(evolveAction(state, corrected('r2', 'R')))).toEqual(['r1:A', 'r2:R', 'r3:DG']);
    expect(codes(evolveAction(state, corrected('r1', 'G')))).toEqual(['r1:G', 'r2:LG', 'r3:DG']);
    expect(codes(evolveAction(state, corrected('r3', 'A')))).toEqual(['r1:A', 'r2:LG', 'r3:A']);
    expect(codes(evolveAction(state, corrected('nope', 'A')))).toEqual(['r1:A', 'r2:LG', 'r3:DG']);
  });

  it('leaves every earlier state as it was: states are shared between commands', () => {
    const before = fold([rated('r1', 'A', '2017-01-31'), rated('r2', 'LG', '2017-02-28')]);
    const after = fold([rated('r3', 'DG', '2017-03-31')], evolveAction(before, corrected('r1', 'R')));
    expect(codes(before)).toEqual(['r1:A', 'r2:LG']);
    expect(codes(after)).toEqual(['r1:R', 'r2:LG', 'r3:DG']);
  });
});
