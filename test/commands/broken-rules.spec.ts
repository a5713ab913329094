import * as c from '../../src/commands';
import { DomainError, InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { commandHarness, CommandHarness, givenSunderlandPlan } from '../support/command-harness';

const plan = { planId: 'sunderland-2017', reference: '3.2' };

/** Each broken rule is refused with an error that says what to do, and appends nothing to the log. */
describe('broken rules append nothing', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('broken-rules');
    await givenSunderlandPlan(h);
    await h.send(c.SubmitEvidenceCommand, { ...plan, evidenceId: 'ev-1', title: 'MASH audit, March 2017' }, 'lead');
  });
  afterAll(() => h.close());

  async function expectRefused(attempt: () => Promise<unknown>, type: abstract new (...args: never[]) => DomainError, message: RegExp, field?: string) {
    const before = await h.eventCount();
    const error = await attempt().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    if (field) expect((error as InvalidInput).problems.map((p) => p.field)).toContain(field);
    expect(await h.eventCount()).toBe(before);
  }

  it('an unknown RAG code', () =>
    expectRefused(() => h.send(c.ChangeRatingCommand, { ...plan, code: 'PURPLE' }, 'lead'), InvalidInput, /not on this plan's RAG scale; use one of R, A, LG, DG/, 'code'));

  it('a future effective date', () =>
    expectRefused(() => h.send(c.ChangeRatingCommand, { ...plan, code: 'LG', effectiveAt: '2999-01-01', reason: 'x' }, 'lead'), InvalidInput, /in the future/, 'effectiveAt'));

  it('a backdated change without a reason', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await expectRefused(() => h.send(c.ChangeRatingCommand, { ...plan, code: 'LG', effectiveAt: yesterday }, 'lead'), InvalidInput, /backdated.*give a reason/, 'reason');
  });

  it('completion without accepted evidence', () =>
    expectRefused(() => h.send(c.SignOffCompletionCommand, plan, 'qa'), RuleBroken, /accept at least one evidence item before signing it off/));

  it('sign-off by the wrong role', async () => {
    await h.send(c.AcceptEvidenceCommand, { ...plan, evidenceId: 'ev-1' }, 'qa');
    await expectRefused(() => h.send(c.SignOffCompletionCommand, plan, 'lead'), NotPermitted, /only the Quality Assurance service \(qa\) may/);
  });

  it('sign-off before the hold at DG ends', async () => {
    await h.send(c.ChangeRatingCommand, { ...plan, code: 'DG', commentary: 'Sustained for the quarter' }, 'lead');
    const threeMonthsOn = new Date();
    threeMonthsOn.setUTCMonth(threeMonthsOn.getUTCMonth() + 3);
    await expectRefused(() => h.send(c.SignOffCompletionCommand, plan, 'qa'), RuleBroken, new RegExp(`requires 3 months, so it can be signed off from ${threeMonthsOn.toISOString().slice(0, 7)}`));
  });

  it('rating a withdrawn action', async () => {
    await h.send(c.AddActionCommand, { planId: 'sunderland-2017', reference: '3.3', priorityNumber: 3, title: 'Implement a duty social work team' }, 'board');
    await h.send(c.WithdrawActionCommand, { planId: 'sunderland-2017', reference: '3.3', reason: 'Merged into 3.2 by the board' }, 'board');
    await expectRefused(() => h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', reference: '3.3', code: 'LG' }, 'lead'), RuleBroken, /was withdrawn/);
  });

  it('a missing field, an unknown field and a wrong type, all named at once', async () => {
    const before = await h.eventCount();
    const error = await h.send(c.ChangeRatingCommand, { planId: 'sunderland-2017', code: 7, comentary: 'typo' }, 'lead').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).problems.map((p) => p.field).sort()).toEqual(['code', 'comentary', 'reference']);
    expect(await h.eventCount()).toBe(before);
  });

  it('an inspector trying to write', () =>
    expectRefused(() => h.send(c.ChangeRatingCommand, { ...plan, code: 'LG' }, 'inspector'), NotPermitted, /ofsted.hmi \(inspector\) may not rate an action/));
});
