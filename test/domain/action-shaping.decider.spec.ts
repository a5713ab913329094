import { ActionCommand } from '../../src/domain/action/action.commands';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { added, board, ids, lead, spec } from './action.fixtures';

describe('action decider: adding, amending and withdrawing actions', () => {
  describe('adding an action', () => {
    it('adds it unrated (TBC) when no initial rating is given, as the NEW 1..8 rows are', () => {
      spec.given([]).when({ type: 'AddAction', reference: 'NEW 1', priorityNumber: 1, title: 'Recruit a permanent workforce' }, board).then([
        { type: 'ActionAdded', data: { planId: 'sunderland-2017', reference: 'NEW 1', priorityNumber: 1, title: 'Recruit a permanent workforce' } },
      ]);
    });

    it('adds it with an initial rating as a separate RatingChanged, so a correction can name it', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'Refocus the MASH', initialRating: 'a' }, board).then((decision) => {
        expect(decision.events.map((e) => e.type)).toEqual(['ActionAdded', 'RatingChanged']);
        expect(decision.events[1].data).toEqual({ ...ids, code: 'A', derivedFrom: 'initial' });
      });
    });

    it('refuses a priority the plan does not have, naming the field', () => {
      const error = spec.given([]).when({ type: 'AddAction', reference: '9.1', priorityNumber: 9, title: 'x' }, board).thenRefuses(InvalidInput, /no priority 9/);
      expect((error as InvalidInput).field).toBe('priorityNumber');
    });

    it('refuses a reference that is already used', () => {
      spec.given([added]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'x' }, board).thenRefuses(RuleBroken, /already exists/);
    });

    it('refuses an action dated before its plan took effect', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.9', priorityNumber: 3, title: 'x', effectiveAt: '2015-01-01', reason: 'x' }, board).thenRefuses(InvalidInput, /before plan sunderland-2017 took effect/);
    });

    it('is for the board only', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'x' }, lead).thenRefuses(NotPermitted, /board/);
    });
  });

  describe('amending and withdrawing', () => {
    it('records only what changed in the wording', () => {
      spec.given([added]).when({ type: 'AmendAction', title: 'Refocus the work of the MASH front door', lead: 'Head of Safeguarding' }, board).then([
        { type: 'ActionAmended', data: { ...ids, changes: { title: 'Refocus the work of the MASH front door' } } },
      ]);
    });

    it('needs a reason to withdraw', () => {
      spec.given([added]).when({ type: 'WithdrawAction' }, board).thenRefuses(InvalidInput, /withdrawn from the plan/);
      spec.given([added]).when({ type: 'WithdrawAction', reason: 'Superseded by NEW 3' }, board).then([{ type: 'ActionWithdrawn', data: ids }]);
    });
  });

  it('refuses a command type it does not know, rather than deciding nothing', () => {
    const error = spec.given([added]).when({ type: 'RenameAction' } as unknown as ActionCommand, board).thenRefuses(InvalidInput, /"RenameAction" is not an action command/);
    expect((error as InvalidInput).field).toBe('type');
  });

  it('refuses anything on an action that does not exist', () => {
    spec.given([]).when({ type: 'ChangeRating', code: 'A' }, lead).thenRefuses(NotFound, /No such action/);
  });
});
