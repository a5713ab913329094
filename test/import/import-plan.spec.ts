import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportPlanCommand } from '../../src/commands';
import { InvalidInput } from '../../src/domain/errors';
import { EXAMPLE_FOLDER, sunderlandExample } from '../../src/import/example-plan';
import { GetPlanState } from '../../src/projections/plan-state/get-plan-state.query';
import { PlanSnapshot } from '../../src/projections/plan-snapshot/plan-snapshot';
import { commandHarness, CommandHarness } from '../support/command-harness';

const board = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };
const csv = readFileSync(join(EXAMPLE_FOLDER, 'plan.csv'));

describe('importing a plan from a spreadsheet', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await commandHarness('import');
  });
  afterAll(() => h.close());

  const importFile = (planId: string, fileName: string, content: Buffer, onProgress?: (done: number, total: number) => void) =>
    h.bus.execute(new ImportPlanCommand({ ...sunderlandExample(), planId, fileName, content }, board, onProgress));

  it('produces the events with the dates of the RAG columns, marked as imported, reporting progress', async () => {
    const progress: number[] = [];
    const summary = await importFile('csv-plan', 'plan.csv', csv, (done) => progress.push(done));
    expect(summary).toMatchObject({ rows: 67, alreadyUpToDate: false });
    expect(progress[progress.length - 1]).toBe(67);
    const events = await h.store.readStream('action-csv-plan/1.1');
    expect(events.map((e) => [e.type, e.metadata.effectiveAt.slice(0, 10), (e.data as { code?: string }).code])).toEqual([
      ['ActionAdded', '2015-09-01', undefined],
      ['RatingChanged', '2015-09-01', 'A'],
      ['RatingChanged', '2017-02-28', 'DG'],
    ]);
    expect(events.every((e) => e.metadata.source === 'import' && e.metadata.actor.id === 'board.clerk' && e.metadata.reason === 'Imported from plan.csv')).toBe(true);
  });

  it('appends nothing when the same file is imported again', async () => {
    const before = await h.eventCount();
    const summary = await importFile('csv-plan', 'plan.csv', csv);
    expect(summary).toMatchObject({ alreadyUpToDate: true, eventsAppended: 0 });
    expect(await h.eventCount()).toBe(before);
  });

  it('reads the same plan from an .xlsx workbook as from the CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    for (const record of parse(csv, { bom: true }) as string[][]) sheet.addRow(record);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await importFile('xlsx-plan', 'plan.xlsx', xlsx);
    const [fromCsv, fromXlsx] = await Promise.all([
      h.query<PlanSnapshot>(new GetPlanState('csv-plan', '2017-02-28')),
      h.query<PlanSnapshot>(new GetPlanState('xlsx-plan', '2017-02-28')),
    ]);
    const strip = (plan: PlanSnapshot) =>
      plan.actions.map((a) => ({ reference: a.reference, title: a.title, lead: a.lead, dueDate: a.dueDate, code: a.displayCode, successMeasures: a.successMeasures }));
    expect(strip(fromXlsx)).toEqual(strip(fromCsv));
    expect(fromXlsx.actions).toHaveLength(67);
  });

  it('refuses a file with bad rows, naming each row and column, and appends nothing from it', async () => {
    const lines = csv.toString().split('\r\n');
    lines[1] = lines[1].replace(',03/16,A,A,DG,', ',13/16,A,A,DG,');
    lines[2] = lines[2].replace(/^1,/, 'x,');
    const bad = lines.join('\r\n');
    const before = await h.eventCount();
    const error = await importFile('bad-plan', 'bad.csv', Buffer.from(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    const fields = (error as InvalidInput).problems.map((p) => p.field);
    expect(fields).toEqual(['row 2, column "Due date"', 'row 3, column "Priority"']);
    expect((error as InvalidInput).message).toMatch(/row 2, column "Due date": "13\/16" is not a date/);
    expect(await h.eventCount()).toBe(before);
    expect(await h.store.readStream('plan-bad-plan')).toEqual([]);
  });

  it('refuses an unknown RAG code in a cell, naming its row and column', async () => {
    const bad = csv.toString().replace(',A,LG,DG,', ',A,BLUE,DG,');
    const before = await h.eventCount();
    const error = (await importFile('bad-code', 'plan.csv', Buffer.from(bad)).catch((e: unknown) => e)) as InvalidInput;
    expect(error.message).toMatch(/row \d+, column "RAG Nov 16 \(2016-11-30\)": "BLUE" is not on this plan's RAG scale/);
    expect(await h.eventCount()).toBe(before);
  });

  it('records who the file says reported and signed off as data, and a later column no longer completed as an imported reopening', async () => {
    const small = [
      'Priority,Reference,Action,RAG Nov 16 (2016-11-30),RAG Current (2017-02-28),Reported by,Signed off by',
      '1,1.1,Recruit permanent social workers,C,LG,Workforce board,Improvement Board (chair)',
      '1,1.2,Audit the workforce skills,DG,C,,Improvement Board (chair)',
    ].join('\r\n');
    const content = Buffer.from(small);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await importFile('reported', 'board-return.csv', content);
    const first = await h.store.readStream('action-reported/1.1');
    expect(first.map((e) => [e.type, e.metadata.effectiveAt.slice(0, 10), e.metadata.actor, (e.data as { imported?: unknown }).imported])).toEqual([
      ['ActionAdded', '2016-11-30', board.actor, undefined],
      ['CompletionImported', '2016-11-30', board.actor, { file: 'board-return.csv', sha256, reportedOn: '2016-11-30', reportedBy: 'Improvement Board (chair)' }],
      ['ActionReopened', '2017-02-28', board.actor, { file: 'board-return.csv', sha256, reportedOn: '2017-02-28', reportedBy: 'Workforce board' }],
      ['RatingChanged', '2017-02-28', board.actor, { file: 'board-return.csv', sha256, reportedOn: '2017-02-28', reportedBy: 'Workforce board' }],
    ]);
    const second = await h.store.readStream('action-reported/1.2');
    expect(second.map((e) => [e.type, (e.data as { imported?: { reportedBy?: string } }).imported?.reportedBy])).toEqual([
      ['ActionAdded', undefined],
      ['RatingChanged', undefined],
      ['CompletionImported', 'Improvement Board (chair)'],
    ]);
    const plan = await h.query<PlanSnapshot>(new GetPlanState('reported', '2017-02-28'));
    expect(plan.actions.map((a) => [a.reference, a.displayCode])).toEqual([
      ['1.1', 'LG'],
      ['1.2', 'C'],
    ]);
  });

  it('refuses a file that is not a plan', async () => {
    const error = (await importFile('nothing', 'notes.txt', Buffer.from('hello')).catch((e: unknown) => e)) as InvalidInput;
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message).toMatch(/neither \.csv nor \.xlsx/);
  });
});
