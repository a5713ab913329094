import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * Golden test: the Devon 2017/18 plan (shared/seeds/devon-2017-18-improvement-plan.txt, the three
 * "Outcome / Action / Milestones / Date(s) / Who / RAG" tables), imported by the README's command
 * with the built CLI, gives back the seed's milestones — each with its date as the plan writes it,
 * its lead ("Who") and its status — in the milestone reports and in plan-state in every format.
 *
 * SEED below is typed by hand from the seed text, not from examples/devon-2017-18/plan.csv and not by
 * the code: one row per milestone, in the seed's order, with the date it counts as due worked out by
 * hand (a month: its last day; several months: the last day of the earliest; "As required" and no
 * date: none). Where the seed's text runs several milestones into one row, they are split as
 * examples/devon-2017-18/README.md says; the two dates that give months without a year are the
 * only cells the example writes differently (YEARS_ADDED).
 */
const SEED_FILE = join(__dirname, '../../../shared/seeds/devon-2017-18-improvement-plan.txt');
const PLAN = 'devon-2017-18';

type Row = [reference: string, milestone: string, due: string, lead: string, status: string, countsAsDue: string | undefined];
const S4 = 'Achieved Caseloads were holding in Exeter and Mid & East but have been moving upwards in other localities and in P&T';
const S15 = 'Work progressing but high risk of delay due finance and risk modelling and timetabling of partner approval processes';
const SEED: Row[] = [
  ['1.1', 'Locality and Service Improvement Plan templates and guidance approved by SMT', 'July 17', 'DT', 'Completed', '2017-07-31'],
  ['1.1', 'Improvement plans approved by SMT', 'August 17', 'All SMT', 'Completed', '2017-08-31'],
  ['1.1', 'Quarterly locality position statements including progress reporting and sharing of lessons learned to SMT', 'July/Oct/Jan/May', 'All SMT', 'July completed', '2017-07-31'],
  ['2.1', 'Improvement Board established', 'June 17', 'ML', 'Achieved', '2017-06-30'],
  ['2.1', 'Improvement plan approved by Board and operational', 'July 17', 'ML', 'Achieved', '2017-07-31'],
  ['2.1', 'Review of progress by Board', 'September 17', 'ML', 'Anticipate Board to continue to Dec. Temp leadership arrangement secured Recruitment of social workers is the most significant challenges', '2017-09-30'],
  ['3.1', 'CSW Workforce plan approved by SMT', 'August 17', 'MM/SM', 'Achieved', '2017-08-31'],
  ['3.1', 'Workforce plan progress reporting to SMT bi monthly', 'Sept, Nov 17, Jan, March 18', 'MM', 'On track', '2017-09-30'],
  ['4.1', 'Caseload reports to SMT monthly', 'August 17', 'JM', S4, '2017-08-31'],
  ['4.1', 'Recommendations for target caseloads approved by SMT', 'August 17', 'MM', S4, '2017-08-31'],
  ['4.1', 'Management action initiated as required to maintain target caseloads', 'As required', 'AMs', S4, undefined],
  ['5.1', '2017/18 CSC Workforce training and development plan approved by SMT', 'Sept 17', 'VC', 'On Track', '2017-09-30'],
  ['5.1', 'Quarterly Academy training report to SMT', 'Dec/March / June', 'VC', 'On Track', '2017-12-31'],
  ['5.2', 'CSW practice model developed and approved by SMT', 'Oct 17', 'VC/JK', 'On Track', '2017-10-31'],
  ['5.2', 'Launch of framework with staff and partners', 'Nov 17', 'VC/JK', 'On Track', '2017-11-30'],
  ['5.2', 'Evaluation of impact of practice framework', 'April 18', 'VC/JK', 'On Track', '2018-04-30'],
  ['6.1', 'Liaison with Lancashire CSW to identify risks and vulnerabilities', 'June 17', 'NS/KC', 'Completed', '2017-06-30'],
  ['6.1', 'Revised risk mitigation plan approved by Board', 'July 17', 'NS/KC', 'Completed', '2017-07-31'],
  ['6.1', 'Eclipse go live', 'Jan 18', 'NS/KC', 'On Track', '2018-01-31'],
  ['6.1', 'Eclipse full implementation', '1 st April 18', 'NS/KC', '', '2018-04-01'],
  ['7.1', 'Review management information/performance data recommendations from service review against Care First capability.', 'July 17', 'JM', 'Completed', '2017-07-31'],
  ['7.1', 'Updated management workbook available to SMT', 'August 17', 'JM', 'Completed', '2017-08-31'],
  ['7.1', "Children's services performance framework developed", 'October 17', 'JM/NS', 'On Track', '2017-10-31'],
  ['7.1', 'Quality and performance framework implemented', 'Jan 18 (Eclipse go live)', 'JM/NS', '', '2018-01-31'],
  ['8.1', 'Quarterly QAF reports to SMT', 'From August 18', 'JK', 'On Track', '2018-08-31'],
  ['8.1', "Annual Children's Services self-assessment completed", 'April 18', 'ML', '', '2018-04-30'],
  ['8.1', 'Service review conducted and reports to CSLT', 'May 18', '', '', '2018-05-31'],
  ['9.1', 'Review of MASH staffing to SMT', 'July 17', 'AA/RG', 'Completed', '2017-07-31'],
  ['9.1', 'MASH/Initial Response improvement plan approved by SMT', 'August 17', 'RG', 'Completed', '2017-08-31'],
  ['9.1', 'MASH Improvement plan sign off by partnership', 'Sept 17', 'RG', '', '2017-09-30'],
  ['9.1', 'Impact evaluation report to SMT and the partnership', 'Feb 18', 'RG', '', '2018-02-28'],
  ['10.1', 'CSC CiN framework presented to SMT', 'Sept 17', 'VC', 'On Track', '2017-09-30'],
  ['10.1', 'CiN framework sign off by Partnership', 'Oct 17', 'VC', '', '2017-10-31'],
  ['10.1', 'Quality and impact review of CiN framework presented to SMT and partnership', 'Feb 18', 'VC', '', '2018-02-28'],
  ['10.2', 'Locality desktop review of all CiN', 'June 17', 'AMs', 'Completed', '2017-06-30'],
  ['10.2', 'CiN action plan included in locality improvement plans', 'July 17', 'LDs', 'Completed', '2017-07-31'],
  ['10.2', 'CiN Performance data reported monthly to SMT', 'August 17', 'JM', 'Completed', '2017-08-31'],
  ['11.1', 'CSC Early Help practice framework developed', 'Sept 17', 'RG', 'On Track', '2017-09-30'],
  ['11.1', 'Framework presented to partnership for sign off', 'Oct 17', 'RG', '', '2017-10-31'],
  ['11.1', 'Initial month impact review completed and presented to SMT/CSLT and Partnership', 'Jan 18', 'RG', '', '2018-01-31'],
  ['12.1', 'Transitions practice audit', 'Aug 17', 'AM', 'Audit rescheduled to September due to staff availability', '2017-08-31'],
  ['12.1', 'Improvement plan Actions will be progressed as identified in the SEND improvement plan', '', 'AM', '', undefined],
  ['12.1', 'Review practice audit', 'Dec 17 , April 18', 'AM', '', '2017-12-31'],
  ['13.1', 'Children in care and care leavers strategy approved by SMT and CSLT', 'Oct 17', 'KM', 'On track with revised timeline to ensure communication and engagement with stakeholders', '2017-10-31'],
  ['13.1', 'Children in care and care leavers strategy approved by Corporate Parenting Board', 'Nov 17', 'KM', '', '2017-11-30'],
  ['14.1', 'Strategic arrangements presented to Corporate Parenting Board and Partnership', 'Sept 17', 'ML', 'Work progressing timescale may require adjustment to reflect above', '2017-09-30'],
  ['14.1', 'Structure implemented', 'Oct 17', 'ML', '', '2017-10-31'],
  ['14.1', 'Integrated improvement delivery framework implemented and reporting to Corporate Parenting Board and DCFP', 'Jan 18', 'ML', '', '2018-01-31'],
  ['15.1', 'Business case presented to DCC cabinet', 'Nov 2017', 'KD', S15, '2017-11-30'],
  ['15.1', 'Relevant functions of partner Local Authorities transferred to DCC', 'April 2018', 'KD', S15, '2018-04-30'],
];
/** The seed's two dates of months with no year, as the example writes them (README "Corrections"). */
const YEARS_ADDED: Record<string, string> = { 'July/Oct/Jan/May': 'July/Oct 17, Jan/May 18', 'Dec/March / June': 'Dec 17/March / June 18' };
/** A blank status in the seed: nothing reported, which the plan records as the status every milestone starts with. */
const NOT_STARTED = 'Not started';

interface Line {
  reference: string;
  milestone: string;
  due: string;
  dueDate?: string;
  lead?: string;
  status: string;
}
const expected = (row: Row): Line => {
  const [reference, milestone, due, lead, status, countsAsDue] = row;
  return { reference, milestone, due: YEARS_ADDED[due] ?? due, ...(countsAsDue ? { dueDate: countsAsDue } : {}), ...(lead ? { lead } : {}), status: status || NOT_STARTED };
};
const pick = (l: Line): Line => ({ reference: l.reference, milestone: l.milestone, due: l.due, ...(l.dueDate ? { dueDate: l.dueDate } : {}), ...(l.lead ? { lead: l.lead } : {}), status: l.status });
const key = (l: { reference: string; milestone: string }) => `${l.reference} ${l.milestone}`;
const bySeedOrder = (rows: Row[]) => rows.map(expected);
/** Sorted by the hand-worked date (no date last), ties in the seed's order: the order a board reads them in. */
const byHandDate = (rows: Row[]) => rows.map((r, i) => ({ r, i })).sort((a, b) => (a.r[5] ?? '9999').localeCompare(b.r[5] ?? '9999') || a.i - b.i).map((x) => expected(x.r));

describe('the Devon 2017/18 example: its milestones as the seed writes them', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('golden-devon');
  const report = (name: string, ...args: string[]) => {
    const run = runCli(database.dir, ['report', name, '--plan', PLAN, ...args]);
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    return run.stdout;
  };
  const json = <T>(name: string, ...args: string[]): T => JSON.parse(report(name, ...args, '--format', 'json')) as T;
  let imported: { status: number | null; stdout: string; stderr: string };
  let board: Record<string, string>;

  beforeAll(() => {
    board = { PLAN_AUDIT_TOKEN: cliToken(database.dir, 'board.clerk', 'board') };
    // The command in README.md, as a board member would type it.
    imported = runCli(database.dir, ['import', '--plan', PLAN, '--file', 'examples/devon-2017-18/plan.csv', '--title', "Children's Social Care Improvement Plan 2017/18", '--council', 'Devon', '--scale', 'rag-completed', '--sign-off-role', 'qa'], board);
  });
  afterAll(() => database.remove());

  it('speaks the plan\'s own words once named as the README says: outcomes and actions, in three sections', () => {
    const named = runCli(database.dir, ['name-levels', '--plan', PLAN, '--preset', 'outcome/action', '--effective', '2017-09-30', '--reason', 'the plan says outcomes and actions'], board);
    expect(named.stderr).toBe('');
    const md = report('plan-state', '--as-of', '2017-09-30');
    expect(md).toContain('Outcome 1: We consistently provide Good services across all areas of Devon');
    expect(md).not.toMatch(/Priority \d/);
    const state = json<{ sections: { number: number; title: string }[] }>('plan-state', '--as-of', '2017-09-30');
    expect(state.sections.map((s) => s.title)).toEqual(['Leadership and Management', 'Right service right time and High Quality Statutory Services', 'Looked after Children Properly Looked After and Care Leavers are Listened to and Supported to Aspire and Achieve']);
  });

  it('the hand-typed table is the seed’s: every milestone, date and status appears in the seed text', () => {
    const seed = readFileSync(SEED_FILE, 'utf8');
    expect(SEED).toHaveLength(50);
    for (const [, milestone, due, lead, status] of SEED) {
      expect(seed).toContain(milestone);
      if (due) expect(seed).toContain(due);
      if (lead) expect(seed).toContain(lead);
      // The statuses the seed splits over a page break are checked by their two halves.
      for (const part of status === S15 ? ['Work progressing but high risk of delay due', 'finance and risk modelling and timetabling of partner approval processes'] : status ? [status] : []) expect(seed).toContain(part);
    }
  });

  it('imports with the README’s command: 15 outcomes, 17 actions, 50 milestones', () => {
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('Imported 17 rows into plan devon-2017-18');
    const plan = json<{ priorities: unknown[]; actions: { milestones: unknown[] }[] }>('plan-state');
    expect(plan.priorities).toHaveLength(15);
    expect(plan.actions).toHaveLength(17);
    expect(plan.actions.flatMap((a) => a.milestones)).toHaveLength(50);
  });

  it('plan-state holds each milestone with its date as written, the date it counts as due, its lead and status', () => {
    const plan = json<{ actions: { reference: string; milestones: { title: string; dueDate?: string; dueAsWritten?: string; lead?: string; status: string }[] }[] }>('plan-state');
    const lines = plan.actions.flatMap((a) =>
      a.milestones.map((m) => pick({ reference: a.reference, milestone: m.title, due: m.dueAsWritten ?? m.dueDate ?? '', dueDate: m.dueDate, lead: m.lead, status: m.status })),
    );
    expect(lines).toEqual(bySeedOrder(SEED));
  });

  it('milestones due in the plan year are every dated milestone, earliest first; "As required" and no date are due in no window', () => {
    const due = json<{ due: Line[] }>('milestones-due', '--from', '2017-04-01', '--to', '2018-12-31').due.map(pick);
    expect(due).toEqual(byHandDate(SEED.filter((r) => r[5] !== undefined)));
    expect(due).toHaveLength(48);
    // A month's milestone is due by the end of its month: "Sept 17" falls in a window of 30 September only.
    const lastDayOfSeptember = json<{ due: Line[] }>('milestones-due', '--from', '2017-09-30', '--to', '2017-09-30').due.map(key);
    expect(lastDayOfSeptember).toEqual(['2.1 Review of progress by Board', '3.1 Workforce plan progress reporting to SMT bi monthly', ...['5.1', '9.1', '10.1', '11.1', '14.1'].map((ref) => key(expected(SEED.find((r) => r[0] === ref && r[2] === 'Sept 17')!)))]);
    expect(json<{ due: Line[] }>('milestones-due', '--from', '2017-09-01', '--to', '2017-09-29').due).toEqual([]);
  });

  it('overdue milestones as at the report date (30 Sept 2017) and the day after, worked out by hand', () => {
    expect(json<{ overdue: Line[] }>('milestones-overdue', '--as-of', '2017-09-30').overdue.map(key)).toEqual([
      '1.1 Quarterly locality position statements including progress reporting and sharing of lessons learned to SMT',
      '12.1 Transitions practice audit',
    ]);
    const dayAfter = json<{ overdue: Line[] }>('milestones-overdue', '--as-of', '2017-10-01').overdue;
    expect(dayAfter.map(key)).toEqual([
      '1.1 Quarterly locality position statements including progress reporting and sharing of lessons learned to SMT',
      '12.1 Transitions practice audit',
      '2.1 Review of progress by Board',
      '3.1 Workforce plan progress reporting to SMT bi monthly',
      '5.1 2017/18 CSC Workforce training and development plan approved by SMT',
      '9.1 MASH Improvement plan sign off by partnership',
      '10.1 CSC CiN framework presented to SMT',
      '11.1 CSC Early Help practice framework developed',
      '14.1 Strategic arrangements presented to Corporate Parenting Board and Partnership',
    ]);
    // Shown as written, with lead and status.
    expect(pick(dayAfter[2])).toEqual(expected(SEED[5]));
  });

  it('overdue actions: none has a date of its own, so each is listed for its overdue milestones, with them', () => {
    const report = json<{ overdue: { reference: string; dueDate?: string; overdueMilestones?: Line[] }[] }>('overdue', '--as-of', '2017-10-01');
    expect(report.overdue.map((a) => a.reference)).toEqual(['1.1', '2.1', '3.1', '5.1', '9.1', '10.1', '11.1', '12.1', '14.1']);
    expect(report.overdue.every((a) => a.dueDate === undefined)).toBe(true);
    expect(report.overdue.find((a) => a.reference === '12.1')!.overdueMilestones!.map(pick)).toEqual([expected(SEED[40])]);
  });

  it('milestones completed by the report date: the 17 the seed marks Completed or Achieved', () => {
    const done = json<{ completed: Line[] }>('milestones-completed', '--from', '2017-03-31', '--to', '2017-09-30').completed.map(pick);
    expect(done).toEqual(byHandDate(SEED.filter((r) => /^(Completed|Achieved)\b/.test(r[4]))));
    expect(done).toHaveLength(17);
    // Nothing was completed after the report: the period after it is empty.
    expect(json<{ completed: Line[] }>('milestones-completed', '--from', '2017-09-30', '--to', '2017-12-31').completed).toEqual([]);
  });

  it('the committee report with sections=milestones carries the milestones due since the board before and those overdue at this one, the same as their own reports', () => {
    const committee = json<{ milestones: { due: { due: Line[] }; overdue: { overdue: Line[] } } }>('committee', '--from', '2017-09-30', '--to', '2017-10-01', '--sections', 'milestones');
    expect(committee.milestones.due.due.length).toBeGreaterThan(0);
    // Each read as known when it was made: the same but for that instant.
    const own = json<Record<string, unknown>>('milestones-due', '--from', '2017-09-30', '--to', '2017-10-01', '--as-of', '2017-10-01');
    expect({ ...committee.milestones.due, knownAt: undefined }).toEqual({ ...own, knownAt: undefined });
    expect(committee.milestones.overdue.overdue.map(key)).toHaveLength(9);
    const md = report('committee', '--from', '2017-09-30', '--to', '2017-10-01', '--sections', 'milestones');
    expect(md).toContain('12.1');
    expect(md).toContain('Transitions practice audit');
  });

  it('plan-state in md, csv and html shows every milestone with its date as written, lead and status', () => {
    const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const escapeCsv = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const md = report('plan-state', '--format', 'md');
    const csv = report('plan-state', '--format', 'csv');
    const html = report('plan-state', '--format', 'html');
    for (const line of bySeedOrder(SEED)) {
      const cells = [line.reference, line.milestone, line.due, line.lead ?? '', line.status];
      expect(md).toContain(`| ${cells.join(' | ')} |`);
      expect(csv).toContain(cells.map(escapeCsv).join(','));
      const htmlCells = cells.map((c) => `<td>${escapeHtml(c)}</td>`);
      expect(html.replace(/<td[^>]*>/g, '<td>')).toContain(htmlCells.join(''));
    }
  });

  it('plan-state as a Word document shows every milestone with its date as written, lead and status, row by row', async () => {
    const out = join(database.dir, 'plan-state.docx');
    report('plan-state', '--format', 'docx', '--out', out);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => unescape([...cell[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))));
    for (const line of bySeedOrder(SEED)) expect(rows).toContainEqual([line.reference, line.milestone, line.due, line.lead ?? '', line.status]);
  });
});
