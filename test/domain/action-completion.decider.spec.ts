import { ActionEvent } from '../../src/domain/action/action.events';
import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { recorded } from '../support/decider-spec';
import { board, lead, qa, sunderland, specFor, spec, ids, added, ratedA, ratedDG, submitted, accepted, completed } from './action.fixtures';

describe('action decider: completion', () => {
  describe('signing off completion', () => {
    it('completes an action held at DG for the minimum period with accepted evidence', () => {
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion', commentary: 'Completed and evidenced' }, qa).then([
        { type: 'ActionCompleted', data: { ...ids, code: 'C', evidenceIds: ['ev-1'], commentary: 'Completed and evidenced' } },
      ]);
    });

    it('refuses without accepted evidence', () => {
      spec.given([added, ratedDG, submitted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /accept at least one evidence item/);
    });

    it('refuses on evidence accepted only after the sign-off date', () => {
      spec
        .given([added, ratedDG, submitted, accepted])
        .when({ type: 'SignOffCompletion', effectiveAt: '2017-03-18', reason: 'entered late' }, qa)
        .thenRefuses(RuleBroken, /No evidence had been accepted for action 3.2 by 2017-03-18/);
    });

    it('refuses a rejected item as the only evidence', () => {
      const rejected = recorded<ActionEvent>({ type: 'EvidenceRejected', data: { ...ids, evidenceId: 'ev-1' } }, '2017-03-20', qa);
      spec.given([added, ratedDG, submitted, rejected]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /No evidence had been accepted/);
    });

    it('refuses the wrong role: the lead, and the board where QA signs off', () => {
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, lead).thenRefuses(NotPermitted, /only the Quality Assurance service/);
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, board).thenRefuses(NotPermitted);
    });

    it('lets the board sign off where the plan names the board', () => {
      const boardSigns = specFor({ ...sunderland, signOffRole: 'board' });
      boardSigns.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, board).then((d) => expect(d.events[0].type).toBe('ActionCompleted'));
      boardSigns.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(NotPermitted, /Improvement Board/);
    });

    it('refuses before the hold at DG has run its three months, and says from when it can be signed off', () => {
      const lateDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-05-01', lead, 'rating-late-dg');
      spec.given([added, lateDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /since 2017-05-01.*from 2017-08-01/);
    });

    it('refuses when the action is not at the held rating at all', () => {
      spec.given([added, ratedA, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /rated A/);
    });

    it('counts a backdated DG from the date it took effect, not the date it was entered', () => {
      const backdatedDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-01-15', lead, 'rating-backdated');
      const laterA = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A' } }, '2016-12-01', lead, 'rating-earlier-a');
      spec.given([added, backdatedDG, laterA, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).then((d) => expect(d.events[0].type).toBe('ActionCompleted'));
    });

    it('can be reopened with a reason, after which it can be rated again', () => {
      spec.given([added, ratedDG, submitted, accepted, completed]).when({ type: 'ReopenAction' }, qa).thenRefuses(InvalidInput, /why action 3.2 is being reopened/);
      const reopened = recorded<ActionEvent>({ type: 'ActionReopened', data: ids }, '2017-06-01', qa);
      spec.given([added, ratedDG, submitted, accepted, completed, reopened]).when({ type: 'ChangeRating', code: 'A' }, lead).then([{ type: 'RatingChanged', data: { ...ids, code: 'A' } }]);
    });
  });

  it('keeps status changes in date order: no withdrawal dated before the sign-off already recorded', () => {
    spec
      .given([added, ratedDG, submitted, accepted, completed])
      .when({ type: 'WithdrawAction', effectiveAt: '2017-04-01', reason: 'Superseded' }, board)
      .thenRefuses(InvalidInput, /before action 3.2's last change of status \(2017-05-10\)/);
  });
});
