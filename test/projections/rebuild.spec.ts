import * as c from '../../src/commands';
import { sunderlandExample } from '../../src/import/example-plan';
import { REPORTS } from '../../src/reports/report-catalogue';
import { commandHarness, CommandHarness } from '../support/command-harness';
import { QueryBus } from '@nestjs/cqrs';
import { readFileSync } from 'node:fs';

/** Every report, at several dates and knowledge times, for the comparison of two read-model builds. */
async function everyReport(queries: QueryBus, knownAt: string): Promise<Record<string, unknown>> {
  const planId = 'sunderland-2017';
  const asked: Record<string, Parameters<(typeof REPORTS)[string]['run']>[1]> = {};
  // Fixed instants only: a default of 'now' would differ between the two runs.
  for (const asOf of ['2016-01-31', 'Nov 16', 'Current', knownAt]) {
    asked[`plan-state@${asOf}`] = { planId, asOf, knownAt };
    asked[`completion-register@${asOf}`] = { planId, asOf, knownAt };
    asked[`overdue@${asOf}`] = { planId, asOf, knownAt };
    asked[`due-by@${asOf}`] = { planId, asOf, knownAt, dueBy: '2016-06-30' };
  }
  for (const [from, to] of [['Initial', 'Nov 16'], ['Nov 16', 'Current'], ['Nov 16', knownAt]] as const) {
    for (const name of ['rag-summary', 'previous-vs-current', 'added-between', 'committee']) asked[`${name}@${from}..${to}`] = { planId, from, to, knownAt };
  }
  for (const reference of ['1.1', '3.2', '4.12']) asked[`history@${reference}`] = { planId, reference, asOf: knownAt, knownAt };
  // The Devon example's milestones (dates as written), by the milestone reports and the overdue actions.
  for (const asOf of ['2017-09-30', '2017-10-01', knownAt]) {
    asked[`milestones-overdue@devon ${asOf}`] = { planId: 'devon-2017-18', asOf, knownAt };
    asked[`overdue@devon ${asOf}`] = { planId: 'devon-2017-18', asOf, knownAt };
  }
  asked['milestones-due@devon'] = { planId: 'devon-2017-18', from: '2017-04-01', to: '2018-12-31', asOf: knownAt, knownAt };
  asked['milestones-completed@devon'] = { planId: 'devon-2017-18', from: '2017-03-31', to: 'Sept 17', knownAt };
  asked['plan-state@devon'] = { planId: 'devon-2017-18', asOf: knownAt, knownAt };
  const answers: Record<string, unknown> = {};
  for (const [key, parameters] of Object.entries(asked)) answers[key] = (await REPORTS[key.split('@')[0]].run(queries, parameters)).data;
  return answers;
}

describe('rebuilding the read models from zero', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('rebuild');
    await h.bus.execute(new c.ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
    const devon = { planId: 'devon-2017-18', title: 'Improvement Plan 2017/18', council: 'Devon', scale: 'rag-completed', signOffRole: 'qa' as const };
    await h.bus.execute(new c.ImportPlanCommand({ ...devon, fileName: 'plan.csv', content: readFileSync('examples/devon-2017-18/plan.csv') }, { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
    const ref = { planId: 'sunderland-2017', reference: '3.2' };
    // Live changes after the import, including a correction, so incremental and rebuilt paths both see supersession.
    await h.projector.start();
    const dg = await h.send(c.ChangeRatingCommand, { ...ref, code: 'A', commentary: 'Audit found drift', effectiveAt: '2017-03-15', reason: 'March board' }, 'lead');
    await h.send(c.CorrectRatingCommand, { ...ref, correctsEventId: dg.events[0].eventId, code: 'LG', reason: 'A was typed in error' }, 'lead');
    await h.send(c.SubmitEvidenceCommand, { ...ref, evidenceId: 'ev-mash', title: 'MASH audit', fileHash: 'b'.repeat(64) }, 'lead');
    await h.send(c.AcceptEvidenceCommand, { ...ref, evidenceId: 'ev-mash' }, 'board');
    await h.send(c.SignOffCompletionCommand, { ...ref, commentary: 'Agreed complete' }, 'board');
    await h.send(c.WithdrawActionCommand, { planId: 'sunderland-2017', reference: 'NEW 3', reason: 'Merged into NEW 2' }, 'board');
    await h.projector.caughtUp();
  });
  afterAll(() => h.close());

  it('gives the same answer as the incrementally built read models, for every report', async () => {
    const knownAt = new Date().toISOString();
    const queries = h.get(QueryBus);
    const incremental = await everyReport(queries, knownAt);
    const rebuiltCount = await h.projector.rebuild();
    expect(rebuiltCount).toBe(await h.eventCount());
    const rebuilt = await everyReport(queries, knownAt);
    expect(Object.keys(rebuilt).length).toBeGreaterThan(30);
    expect(rebuilt).toEqual(incremental);
    // And the answers are not empty: the plan is there, with the live changes in it.
    expect(JSON.stringify(rebuilt[`completion-register@${knownAt}`])).toContain('ev-mash');
    expect(JSON.stringify(rebuilt['milestones-due@devon'])).toContain('"due":"Sept, Nov 17, Jan, March 18"');
    expect((rebuilt['milestones-overdue@devon 2017-10-01'] as { overdue: unknown[] }).overdue).toHaveLength(9);
  });
});
