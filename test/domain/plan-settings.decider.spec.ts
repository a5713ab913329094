import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { PlanCommand } from '../../src/domain/plan/plan.commands';
import { evolvePlan, initialPlanState, planDecider, planInForceAt, PlanState } from '../../src/domain/plan/plan.decider';
import { PlanEvent } from '../../src/domain/plan/plan.events';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../support/decider-spec';

const board = { id: 'board.chair', role: 'board' };
const now = new Date('2017-06-30T12:00:00Z');
const spec = deciderSpec<PlanState, PlanCommand, PlanEvent>({ ...planDecider, now });
const planId = 'sunderland-2017';

const created = recorded<PlanEvent>({ type: 'PlanCreated', data: { planId, title: 'Learning and Improvement Plan', council: 'Sunderland', signOffRole: 'board', ratingMethod: 'direct' } }, '2016-01-01');
const scaled = recorded<PlanEvent>({ type: 'RagScaleDefined', data: { planId, scale: RAG_SCALE_PRESETS['sunderland-5'] } }, '2016-01-01');
const toQa = recorded<PlanEvent>({ type: 'PlanSettingsChanged', data: { planId, signOffRole: 'qa' } }, '2017-04-01');
const held = recorded<PlanEvent>({ type: 'PlanSettingsChanged', data: { planId, minimumHold: { code: 'DG', months: 3 } } }, '2017-05-01');
const fold = (events: PlanEvent[]) => events.reduce((state, event) => evolvePlan(state, event as never), initialPlanState());

describe('plan decider: settings as events', () => {
  it('records only what changed, with the reason on the decision', () => {
    spec
      .given([created, scaled])
      .when({ type: 'ChangePlanSettings', signOffRole: 'qa', separationOfDuties: true, reason: 'From April the QA service reviews evidence and signs off' }, board)
      .then((decision) => {
        expect(decision.events).toEqual([{ type: 'PlanSettingsChanged', data: { planId, signOffRole: 'qa' } }]);
        expect(decision.reason).toBe('From April the QA service reviews evidence and signs off');
      });
  });

  it('creates a plan with separation of duties on unless told otherwise', () => {
    spec.given([]).when({ type: 'CreatePlan', planId: 'p-1', title: 't', council: 'c', scale: 'rag' }, board).then((d) => expect(d.events[0].data).toMatchObject({ separationOfDuties: true }));
    spec.given([]).when({ type: 'CreatePlan', planId: 'p-1', title: 't', council: 'c', scale: 'rag', separationOfDuties: false }, board).then((d) => expect(d.events[0].data).toMatchObject({ separationOfDuties: false }));
  });

  it('refuses a change that changes nothing, naming the rule and the settings in force', () => {
    const error = spec.given([created, scaled]).when({ type: 'ChangePlanSettings', signOffRole: 'board', reason: 'x' }, board).thenRefuses(RuleBroken, /already has these settings .*sign-off by board, separation of duties on, no minimum hold/);
    expect((error as RuleBroken).rule).toBe('settings-unchanged');
    spec.given([created, scaled]).when({ type: 'ChangePlanSettings', minimumHold: null, reason: 'x' }, board).thenRefuses(RuleBroken, /already has these settings/);
  });

  it('refuses without a reason, and a bad value naming the field', () => {
    spec.given([created, scaled]).when({ type: 'ChangePlanSettings', signOffRole: 'qa' }, board).thenRefuses(InvalidInput, /reason: say why/);
    const role = spec.given([created, scaled]).when({ type: 'ChangePlanSettings', signOffRole: 'lead' as never, reason: 'x' }, board).thenRefuses(InvalidInput);
    expect((role as InvalidInput).field).toBe('signOffRole');
    const hold = spec.given([created, scaled]).when({ type: 'ChangePlanSettings', minimumHold: { code: 'C', months: 3 }, reason: 'x' }, board).thenRefuses(InvalidInput);
    expect((hold as InvalidInput).field).toBe('minimumHold.code');
  });

  it('is for the board or an administrator only', () => {
    for (const role of ['lead', 'qa', 'inspector', 'auditor']) {
      spec.given([created, scaled]).when({ type: 'ChangePlanSettings', signOffRole: 'qa', reason: 'x' }, { id: 'someone', role }).thenRefuses(NotPermitted, /change the plan's settings/);
    }
  });

  it('ends a hold with null, and keeps the settings in force at each date', () => {
    spec.given([created, scaled, toQa, held]).when({ type: 'ChangePlanSettings', minimumHold: null, reason: 'the board no longer asks for a hold' }, board).then([
      { type: 'PlanSettingsChanged', data: { planId, minimumHold: null } },
    ]);
    const plan = fold([created, scaled, toQa, held]);
    expect([plan.signOffRole, plan.minimumHold]).toEqual(['qa', { code: 'DG', months: 3 }]);
    const march = planInForceAt(plan, '2017-03-31T00:00:00.000Z');
    expect([march.signOffRole, march.minimumHold, march.separationOfDuties]).toEqual(['board', undefined, true]);
    expect(planInForceAt(plan, '2017-04-15T00:00:00.000Z').signOffRole).toBe('qa');
  });

  it('slots a backdated change into its place: a later change keeps what it set', () => {
    const backdated = recorded<PlanEvent>({ type: 'PlanSettingsChanged', data: { planId, signOffRole: 'board', separationOfDuties: false } }, '2017-02-01');
    const plan = fold([created, scaled, toQa, backdated]);
    expect([plan.signOffRole, plan.separationOfDuties]).toEqual(['qa', false]);
    expect(planInForceAt(plan, '2017-03-01T00:00:00.000Z').signOffRole).toBe('board');
    // Compared with the settings in force on its own date, not today's.
    spec.given([created, scaled, toQa]).when({ type: 'ChangePlanSettings', signOffRole: 'board', effectiveAt: '2017-02-01', reason: 'recorded late' }, board).thenRefuses(RuleBroken, /settings-unchanged|already has these settings on 2017-02-01/);
  });
});
