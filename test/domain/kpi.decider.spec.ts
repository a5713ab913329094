import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { KpiCommand } from '../../src/domain/kpi/kpi.commands';
import { KpiDecisionContext, kpiDecider } from '../../src/domain/kpi/kpi.decider';
import { KpiEvent } from '../../src/domain/kpi/kpi.events';
import { readPeriod } from '../../src/domain/kpi/kpi.periods';
import { KpiState } from '../../src/domain/kpi/kpi.state';
import { directionOf, ragOf } from '../../src/projections/kpi-table/kpi-table';
import { deciderSpec, recorded } from '../support/decider-spec';
import { board, criteriaPlan, inspector, lead, now, sunderland } from './action.fixtures';

const spec = deciderSpec<KpiState, KpiCommand, KpiEvent, Pick<KpiDecisionContext, 'plan'>>({ ...kpiDecider, context: () => ({ plan: sunderland }), now });
const ids = { planId: 'sunderland-2017', kpiId: 'KPI 1' };
const defined = recorded<KpiEvent>({ type: 'KpiDefined', data: { ...ids, priorityNumber: 3, name: 'Assessments within 45 days', unit: '%', target: 85, betterWhen: 'higher', amberWithin: 5, period: 'monthly' } }, '2016-04-01');
const april = recorded<KpiEvent>({ type: 'KpiValueRecorded', data: { ...ids, period: '2016-04', value: 70 } }, '2016-04-01', lead, 'april');
const define: KpiCommand = { type: 'DefineKpi', kpiId: 'KPI 1', priorityNumber: 3, name: 'Assessments within 45 days', unit: '%', target: 85, betterWhen: 'higher', amberWithin: 5, period: 'monthly', effectiveAt: '2016-04-01', reason: 'April board' };

describe('KPI decider', () => {
  it('defines a KPI of a priority, on a plan rated directly or from criteria alike', () => {
    spec.given([]).when(define, board).then([defined].map(({ type, data }) => ({ type, data })) as KpiEvent[]);
    const onCriteria = deciderSpec<KpiState, KpiCommand, KpiEvent, Pick<KpiDecisionContext, 'plan'>>({ ...kpiDecider, context: () => ({ plan: { ...criteriaPlan, planId: 'sunderland-2017' } }), now });
    onCriteria.given([]).when(define, board).then((decision) => expect(decision.events[0].type).toBe('KpiDefined'));
  });

  it('lets only the board define or change a KPI, and leads and the board give figures', () => {
    spec.given([]).when(define, lead).thenRefuses(NotPermitted, /board/);
    spec.given([defined]).when({ type: 'ChangeKpi', target: 90 }, lead).thenRefuses(NotPermitted, /board/);
    spec.given([defined]).when({ type: 'RecordKpiValue', period: '2016-05', value: 1 }, inspector).thenRefuses(NotPermitted, /lead or board/);
    spec.given([defined]).when({ type: 'RecordKpiValue', period: '2016-05', value: 1 }, board).then((d) => expect(d.events[0].type).toBe('KpiValueRecorded'));
  });

  it('refuses a priority the plan does not have, a second definition, and a change that changes nothing', () => {
    expect((spec.given([]).when({ ...define, priorityNumber: 9 }, board).thenRefuses(InvalidInput, /no priority 9; its priorities are 1, 3/) as InvalidInput).field).toBe('priorityNumber');
    spec.given([defined]).when(define, board).thenRefuses(RuleBroken, /already defined/);
    expect((spec.given([defined]).when({ type: 'ChangeKpi', target: 85, name: 'Assessments within 45 days' }, board).thenRefuses(InvalidInput, /nothing to change/) as InvalidInput).field).toBe('body');
  });

  it('records only what a change changes, from when it takes effect', () => {
    spec
      .given([defined])
      .when({ type: 'ChangeKpi', target: 90, amberWithin: 5, effectiveAt: '2017-01-01', reason: 'new target from January' }, board)
      .then((d) => {
        expect(d.events).toEqual([{ type: 'KpiChanged', data: { ...ids, changes: { target: 90 } } }]);
        expect(d.effectiveAt).toBe('2017-01-01T00:00:00.000Z');
      });
  });

  it('gives a figure the start of its period as its effective date, read as people write the period', () => {
    spec.given([defined]).when({ type: 'RecordKpiValue', period: 'Sept 2016', value: 80.5, commentary: 'Up again' }, lead).then((d) => {
      expect(d.events).toEqual([{ type: 'KpiValueRecorded', data: { ...ids, period: '2016-09', value: 80.5, commentary: 'Up again' } }]);
      expect(d.effectiveAt).toBe('2016-09-01T00:00:00.000Z');
      expect(d.reason).toBeUndefined();
    });
  });

  it('refuses a period not begun, one before the KPI took effect, the wrong kind of period, a second figure for a period, and an effective date', () => {
    const field = (command: KpiCommand, message: RegExp) => (spec.given([defined, april]).when(command, lead).thenRefuses(InvalidInput, message) as InvalidInput).field;
    expect(field({ type: 'RecordKpiValue', period: '2017-07', value: 1 }, /has not begun/)).toBe('period');
    expect(field({ type: 'RecordKpiValue', period: '2016-03', value: 1 }, /before KPI KPI 1 took effect/)).toBe('period');
    expect(field({ type: 'RecordKpiValue', period: '2016-Q3', value: 1 }, /reported monthly/)).toBe('period');
    expect(field({ type: 'RecordKpiValue', period: '2016-05', value: 1, effectiveAt: '2016-05-31' }, /start of the period/)).toBe('effectiveAt');
    spec.given([defined, april]).when({ type: 'RecordKpiValue', period: 'Apr 2016', value: 71 }, lead).thenRefuses(RuleBroken, /already has a figure for 2016-04 \(70\); correct it, naming event april/);
  });

  it('corrects a figure with a reason, at the period’s valid time, naming the figure or an earlier correction', () => {
    const corrected = spec.given([defined, april]).when({ type: 'CorrectKpiValue', correctsEventId: 'april', value: 72, reason: 'keyed 70 for 72' }, lead).then([
      { type: 'KpiValueCorrected', data: { ...ids, correctsEventId: 'april', period: '2016-04', value: 72 } },
    ]);
    expect(corrected).toMatchObject({ effectiveAt: '2016-04-01T00:00:00.000Z', reason: 'keyed 70 for 72' });
    const correction = recorded<KpiEvent>({ type: 'KpiValueCorrected', data: { ...ids, correctsEventId: 'april', period: '2016-04', value: 72 } }, '2016-04-01', lead, 'fix-1');
    spec.given([defined, april, correction]).when({ type: 'CorrectKpiValue', correctsEventId: 'fix-1', value: 73, reason: 'again' }, lead).then((d) => expect(d.events[0].data).toMatchObject({ correctsEventId: 'fix-1', value: 73 }));
    spec.given([defined, april, correction]).when({ type: 'CorrectKpiValue', correctsEventId: 'april', value: 72, reason: 'same' }, lead).thenRefuses(InvalidInput, /already 72/);
    expect((spec.given([defined, april]).when({ type: 'CorrectKpiValue', correctsEventId: 'april', value: 72 }, lead).thenRefuses(InvalidInput, /say why/) as InvalidInput).field).toBe('reason');
    spec.given([defined, april]).when({ type: 'CorrectKpiValue', correctsEventId: 'nope', value: 72, reason: 'x' }, lead).thenRefuses(NotFound, /not a figure of KPI KPI 1/);
  });

  it('refuses anything on a KPI not defined, and on a plan that does not exist', () => {
    spec.given([]).when({ type: 'RecordKpiValue', period: '2016-05', value: 1 }, lead).thenRefuses(NotFound, /No such KPI/);
    const noPlan = deciderSpec<KpiState, KpiCommand, KpiEvent, Pick<KpiDecisionContext, 'plan'>>({ ...kpiDecider, context: () => ({ plan: { ...sunderland, exists: false } }), now });
    noPlan.given([]).when(define, board).thenRefuses(NotFound, /No such plan/);
  });
});

describe('KPI periods, RAG and direction', () => {
  it.each([
    ['2018-04', 'monthly', '2018-04'],
    ['Apr 2018', 'monthly', '2018-04'],
    ['April 2018', 'monthly', '2018-04'],
    ['Sept 2018', 'monthly', '2018-09'],
    ['2018-Q1', 'quarterly', '2018-Q1'],
    ['Q4 2018', 'quarterly', '2018-Q4'],
  ] as const)('reads %s (%s) as %s', (typed, kind, stored) => expect(readPeriod(typed, kind)).toBe(stored));

  it.each([['2018-13', 'monthly'], ['Aprl 2018', 'monthly'], ['2018-Q5', 'quarterly'], ['2018-04', 'quarterly']] as const)('refuses %s (%s)', (typed, kind) => expect(() => readPeriod(typed, kind)).toThrow(InvalidInput));

  it('is Green at the target, Amber within the band (edges included, without float error), Red beyond, either way round', () => {
    expect([85, 84, 80, 79.9].map((v) => ragOf(v, 85, 'higher', 5))).toEqual(['Green', 'Amber', 'Amber', 'Red']);
    expect(ragOf(85.3, 85.1, 'lower', 0.2)).toBe('Amber');
    expect([22, 25, 25.5].map((v) => ragOf(v, 22, 'lower', 3))).toEqual(['Green', 'Amber', 'Red']);
    expect(ragOf(84.9, 85, 'higher', 0)).toBe('Red');
  });

  it('says improving or worsening by which way is better, and same for equal figures', () => {
    expect([directionOf(70, 80, 'higher'), directionOf(70, 80, 'lower'), directionOf(0.1 + 0.2, 0.3, 'higher')]).toEqual(['improving', 'worsening', 'same']);
  });
});
