import { InvalidInput, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { PlanCommand } from '../../src/domain/plan/plan.commands';
import { planDecider, PlanState } from '../../src/domain/plan/plan.decider';
import { PlanEvent } from '../../src/domain/plan/plan.events';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../support/decider-spec';

const board = { id: 'board.chair', role: 'board' };
const now = new Date('2017-06-30T12:00:00Z');
const spec = deciderSpec<PlanState, PlanCommand, PlanEvent>({ ...planDecider, now });

const created = recorded<PlanEvent>(
  { type: 'PlanCreated', data: { planId: 'sunderland-2017', title: 'Learning and Improvement Plan', council: 'Sunderland', signOffRole: 'qa', ratingMethod: 'direct' } },
  '2017-01-01',
);
const scaled = recorded<PlanEvent>({ type: 'RagScaleDefined', data: { planId: 'sunderland-2017', scale: RAG_SCALE_PRESETS['sunderland-5'] } }, '2017-01-01');

describe('plan decider', () => {
  it('creates a plan with a preset scale: PlanCreated then RagScaleDefined', () => {
    spec
      .given([])
      .when({ type: 'CreatePlan', planId: 'sunderland-2017', title: 'Learning and Improvement Plan', council: 'Sunderland', scale: 'sunderland-5', minimumHold: { code: 'dg', months: 3 } }, board)
      .then((decision) => {
        expect(decision.events.map((e) => e.type)).toEqual(['PlanCreated', 'RagScaleDefined']);
        expect(decision.events[0].data).toMatchObject({ signOffRole: 'qa', ratingMethod: 'direct', minimumHold: { code: 'DG', months: 3 } });
        const scale = (decision.events[1] as Extract<PlanEvent, { type: 'RagScaleDefined' }>).data.scale;
        expect(scale.codes.map((c) => c.code)).toEqual(['TBC', 'R', 'A', 'LG', 'DG', 'C']);
        expect(decision.effectiveAt).toBe(now.toISOString());
      });
  });

  it('accepts a custom scale with its own codes, flags and colours', () => {
    const scale = {
      name: 'devon',
      codes: [
        { code: 'NS', label: 'Not started', colour: '#d4351c' },
        { code: 'OT', label: 'On Track', colour: '#00703c', onTrack: true },
        { code: 'ACH', label: 'Achieved', colour: '#1d70b8', terminal: true },
      ],
    };
    spec.given([]).when({ type: 'CreatePlan', planId: 'devon-2017', title: 'Improvement Plan', council: 'Devon', scale, signOffRole: 'board' }, board).then((decision) => {
      expect((decision.events[1].data as { scale: unknown }).scale).toEqual(scale);
    });
  });

  it('refuses a custom scale with a repeated code, naming the code', () => {
    const scale = { name: 'bad', codes: [{ code: 'R', label: 'Red', colour: 'red' }, { code: 'r', label: 'Red again', colour: 'red' }] };
    const error = spec.given([]).when({ type: 'CreatePlan', planId: 'bad-plan', title: 'x', council: 'y', scale }, board).thenRefuses(InvalidInput, /appears twice/);
    expect((error as InvalidInput).field).toBe('scale.codes[1].code');
  });

  it('refuses an unknown preset and lists the ones there are', () => {
    spec.given([]).when({ type: 'CreatePlan', planId: 'x-plan', title: 'x', council: 'y', scale: 'traffic-lights' }, board).thenRefuses(InvalidInput, /sunderland-5, rag-completed, rag/);
  });

  it('refuses a criteria-rated plan whose scale lacks R, A or G', () => {
    spec.given([]).when({ type: 'CreatePlan', planId: 'x-plan', title: 'x', council: 'y', scale: 'sunderland-5', ratingMethod: 'criteria' }, board).thenRefuses(InvalidInput, /lacks G/);
  });

  it('refuses a plan id that is already taken', () => {
    spec.given([created, scaled]).when({ type: 'CreatePlan', planId: 'sunderland-2017', title: 'x', council: 'y', scale: 'rag' }, board).thenRefuses(RuleBroken, /already exists/);
  });

  it('refuses plan changes from a lead, an inspector or an auditor', () => {
    for (const role of ['lead', 'inspector', 'auditor']) {
      spec.given([created, scaled]).when({ type: 'AddPriority', number: 1, title: 'Workforce' }, { id: 'someone', role }).thenRefuses(NotPermitted, /board/);
    }
  });

  it('adds and amends priorities, keeping the number', () => {
    const added = recorded<PlanEvent>({ type: 'PriorityAdded', data: { planId: 'sunderland-2017', number: 1, title: 'Workforce' } }, '2017-01-01');
    spec.given([created, scaled]).when({ type: 'AddPriority', number: 2, title: 'Early help', outcome: 'Coherent early help' }, board).then([
      { type: 'PriorityAdded', data: { planId: 'sunderland-2017', number: 2, title: 'Early help', outcome: 'Coherent early help' } },
    ]);
    spec.given([created, scaled, added]).when({ type: 'AddPriority', number: 1, title: 'Again' }, board).thenRefuses(RuleBroken, /Priority 1 already exists/);
    spec.given([created, scaled, added]).when({ type: 'AmendPriority', number: 1, title: 'Recruiting, retaining and developing a skilled workforce' }, board).then([
      { type: 'PriorityAmended', data: { planId: 'sunderland-2017', number: 1, title: 'Recruiting, retaining and developing a skilled workforce' } },
    ]);
    spec.given([created, scaled, added]).when({ type: 'AmendPriority', number: 1, title: 'Workforce' }, board).thenRefuses(InvalidInput, /nothing would change/);
  });

  it('records a named reporting point such as "Jan 17", once', () => {
    const point = recorded<PlanEvent>({ type: 'ReportingPointRecorded', data: { planId: 'sunderland-2017', label: 'Jan 17', date: '2017-01-31' } }, '2017-01-01');
    spec.given([created, scaled]).when({ type: 'RecordReportingPoint', label: 'Jan 17', date: '2017-01-31' }, board).then([
      { type: 'ReportingPointRecorded', data: { planId: 'sunderland-2017', label: 'Jan 17', date: '2017-01-31' } },
    ]);
    spec.given([created, scaled, point]).when({ type: 'RecordReportingPoint', label: 'Jan 17', date: '2017-02-01' }, board).thenRefuses(RuleBroken, /already exists/);
  });

  it('refuses a reporting point dated before the plan took effect, naming the date, and takes one on that day (issue 25)', () => {
    const refused = spec.given([created, scaled]).when({ type: 'RecordReportingPoint', label: 'Nov 16', date: '2016-11-30' }, board).thenRefuses(InvalidInput, /2016-11-30 is before plan sunderland-2017 took effect \(2017-01-01\)/);
    expect((refused as InvalidInput).field).toBe('date');
    spec.given([created, scaled]).when({ type: 'RecordReportingPoint', label: 'Start', date: '2017-01-01' }, board).then([
      { type: 'ReportingPointRecorded', data: { planId: 'sunderland-2017', label: 'Start', date: '2017-01-01' } },
    ]);
  });

  it('refuses a new scale that drops a code past ratings may use', () => {
    spec.given([created, scaled]).when({ type: 'DefineRagScale', scale: 'rag' }, board).thenRefuses(RuleBroken, /drops LG, DG, C/);
  });

  it('refuses a command type it does not know, rather than deciding nothing', () => {
    spec.given([created, scaled]).when({ type: 'RenamePlan' } as unknown as PlanCommand, board).thenRefuses(InvalidInput, /"RenamePlan" is not a plan command/);
  });

  it('refuses a backdated change without a reason and a future one outright', () => {
    spec.given([created, scaled]).when({ type: 'AddPriority', number: 3, title: 'Assessment', effectiveAt: '2017-01-15' }, board).thenRefuses(InvalidInput, /backdated/);
    spec.given([created, scaled]).when({ type: 'AddPriority', number: 3, title: 'Assessment', effectiveAt: '2017-07-01' }, board).thenRefuses(InvalidInput, /in the future/);
    spec
      .given([created, scaled])
      .when({ type: 'AddPriority', number: 3, title: 'Assessment', effectiveAt: '2017-01-15', reason: 'agreed at the January board' }, board)
      .then((decision) => {
        expect(decision.effectiveAt).toBe('2017-01-15T00:00:00.000Z');
        expect(decision.reason).toBe('agreed at the January board');
      });
  });
});
