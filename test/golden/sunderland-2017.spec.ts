import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportPlanCommand } from '../../src/commands';
import { sunderlandExample } from '../../src/import/example-plan';
import { GetPreviousVsCurrent } from '../../src/projections/previous-vs-current/get-previous-vs-current.query';
import { GetRagSummary } from '../../src/projections/rag-summary/get-rag-summary.query';
import { PreviousVsCurrent } from '../../src/projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../../src/projections/rag-summary/rag-summary';
import { commandHarness, CommandHarness } from '../support/command-harness';

/**
 * Golden test: the tables generated from the transcribed example must equal the
 * tables printed in the seed report itself — read here from ../shared/seeds, not
 * retyped, so a transcription slip cannot hide behind a matching slip in the test.
 */
const SEED = join(__dirname, '../../../shared/seeds/sunderland-2017-improvement-plan-progress.txt');
const CODES = ['R', 'A', 'LG', 'DG', 'C'];

interface SeedTables {
  table1: Record<number, number[]>;
  totals: number[];
  /** Per priority: the "changes" table and the "Red or Amber" table, as "ref previous current". */
  changed: Record<number, string[]>;
  redOrAmber: Record<number, string[]>;
}

function readSeed(): SeedTables {
  const lines = readFileSync(SEED, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const table1: Record<number, number[]> = {};
  let totals: number[] = [];
  for (const line of lines) {
    const row = /^(\d)\. [^\t]+\t((?:\d+\t){9}\d+)\s*$/.exec(line);
    if (row) table1[Number(row[1])] = row[2].split('\t').map(Number);
    if (line.startsWith('<b>Totals</b>')) totals = [...line.matchAll(/<b>(\d+)<\/b>/g)].map((m) => Number(m[1]));
  }
  // Section 2: a sentence naming the priority and the kind of table, then "Action\tPrevious\tCurrent", then rows.
  const changed: Record<number, string[]> = {};
  const redOrAmber: Record<number, string[]> = {};
  let priority = 0;
  let target: Record<number, string[]> | undefined;
  for (const line of lines) {
    if (line.startsWith('### **3. Actions to be Added')) break;
    const heading = /Priority (\d)/.exec(line);
    if (heading && !line.includes('\t')) priority = Number(heading[1]);
    if (/changes to the actions under priority/i.test(line)) target = changed;
    else if (/Red or Amber|remains Amber/i.test(line)) target = redOrAmber;
    const row = /^\(?(\d+\.\d+)[^\t]*\t(R|A|LG|DG|C)\t(R|A|LG|DG|C)\s*$/.exec(line);
    if (row && target) (target[priority] ??= []).push(`${row[1]} ${row[2]} ${row[3]}`);
  }
  return { table1, totals, changed, redOrAmber };
}

describe('golden: the Sunderland 2017 example reproduces the seed report', () => {
  let h: CommandHarness;
  let seed: SeedTables;

  beforeAll(async () => {
    if (!existsSync(SEED)) throw new Error(`The seed report is missing at ${SEED}; the golden test reads its tables from there`);
    seed = readSeed();
    h = await commandHarness('golden');
    await h.bus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
  });
  afterAll(() => h.close());

  it('reads all seven priorities of Table 1 and its totals from the seed', () => {
    expect(Object.keys(seed.table1)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(seed.totals).toEqual([0, 0, 13, 8, 29, 8, 6, 26, 11, 17]);
    // Section 2 lists 33 changed actions and 8 red or amber ones across priorities 1-7.
    expect(Object.values(seed.changed).flat()).toHaveLength(33);
    expect(Object.values(seed.redOrAmber).flat()).toHaveLength(8);
    expect(Object.keys(seed.changed).sort()).toEqual(['1', '3', '4', '5', '6', '7']);
  });

  it('generates Table 1 ("Nov 16" vs "Current") equal to the seed cell for cell, with totals', async () => {
    const summary = await h.query<RagSummary>(new GetRagSummary('sunderland-2017', 'Nov 16', 'Current'));
    expect(summary.columns.map((c) => c.label)).toEqual(['Nov 16', 'Current']);
    const generated = Object.fromEntries(summary.rows.map((row) => [row.priority, CODES.flatMap((code) => row.counts[code])]));
    expect(generated).toEqual(seed.table1);
    expect(CODES.flatMap((code) => summary.totals.counts[code])).toEqual(seed.totals);
  });

  it('generates, for priorities 1 to 7, the same Previous vs Current and Red/Amber tables as section 2', async () => {
    const report = await h.query<PreviousVsCurrent>(new GetPreviousVsCurrent('sunderland-2017', 'Nov 16', 'Current'));
    const lines = (rows: { reference: string; previous: string; current: string }[]) => rows.map((r) => `${r.reference} ${r.previous} ${r.current}`);
    const generatedChanged = Object.fromEntries(report.priorities.filter((p) => p.changed.length > 0).map((p) => [p.priority, lines(p.changed)]));
    const generatedRedOrAmber = Object.fromEntries(report.priorities.filter((p) => p.redOrAmber.length > 0).map((p) => [p.priority, lines(p.redOrAmber)]));
    expect(generatedChanged).toEqual(seed.changed);
    expect(generatedRedOrAmber).toEqual(seed.redOrAmber);
  });
});
