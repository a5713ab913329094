import { ImportPlanCommand } from '../../src/commands';
import { InvalidInput } from '../../src/domain/errors';
import { GetPlanState } from '../../src/projections/plan-state/get-plan-state.query';
import { PlanSnapshot } from '../../src/projections/plan-snapshot/plan-snapshot';
import { commandHarness, CommandHarness } from '../support/command-harness';

const board = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };

/** The optional columns of a plan file that give its shape: Section, Priority recommendations, Recommendations, SRO. */
describe('importing a plan file with sections, recommendations and SROs', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('import-shape');
  });
  afterAll(() => h.close());

  const importCsv = (planId: string, csv: string) =>
    h.bus.execute(new ImportPlanCommand({ planId, title: 'Plan', council: 'Anyshire', scale: 'rag-completed', signOffRole: 'qa', fileName: 'plan.csv', content: Buffer.from(csv) }, board));

  const HEADER = 'Priority,Priority title,Section,Priority recommendations,Reference,Action,Lead,SRO,Recommendations,RAG Current (2018-03-31)';

  it('records the sections, the numbered recommendations (saying the file gives no text), the links and the SROs', async () => {
    const csv = [
      HEADER,
      '1,Front door,1: Help and protection,"1, 2",1.1,One front door,Head of MASH,DCS,2,G',
      '1,Front door,,,1.2,Thresholds training,Service manager,,,A',
      '2,Workforce,Section 2,,2.1,Recruit social workers,PSW,,"3; 4 (a)",R',
    ].join('\n');
    await importCsv('shaped', csv);
    await h.projector.start();
    await h.projector.caughtUp();
    const plan = await h.query<PlanSnapshot>(new GetPlanState('shaped'));
    expect(plan.sections).toEqual([
      { number: 1, title: 'Help and protection' },
      { number: 2, title: 'Section 2' },
    ]);
    expect(plan.priorities.map((p) => [p.number, p.section, p.recommendations])).toEqual([
      [1, 1, ['1', '2']],
      [2, 2, undefined],
    ]);
    expect(plan.recommendations?.map((r) => r.number)).toEqual(['1', '2', '3', '4 (a)']);
    expect(plan.recommendations?.[0].text).toBe('Recommendation 1 (its text is not in plan.csv; the file gives only its number)');
    expect(plan.actions.map((a) => [a.reference, a.lead, a.seniorOwner, a.recommendations])).toEqual([
      ['1.1', 'Head of MASH', 'DCS', ['2']],
      ['1.2', 'Service manager', undefined, undefined],
      ['2.1', 'PSW', undefined, ['3', '4 (a)']],
    ]);
  });

  it('refuses a section or a recommendation it cannot read, naming row and column, and appends nothing', async () => {
    const before = await h.store.headPosition();
    const csv = [HEADER, '1,Front door,Help and protection,,1.1,One front door,Head of MASH,,"2, <b>",G'].join('\n');
    const refused = await importCsv('badly-shaped', csv).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInput);
    const fields = (refused as InvalidInput).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['row 2, column "Section"', 'row 2, column "Recommendations"']));
    expect(await h.store.headPosition()).toBe(before);
  });
});
