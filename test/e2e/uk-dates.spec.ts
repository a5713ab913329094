import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CLI, cliAdmin, cliToken, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const PLAN = 'uk-dates';
const PASSWORD = 'correct horse battery staple';
/** Pages and exports must not shift a date-only value, whatever the machine's zone: both run in London's. */
const LONDON = { TZ: 'Europe/London' };

/** The plan as a council's spreadsheet holds it: every date written the UK way, the board's two meetings one in summer time and one in winter. */
const UK_PLAN = [
  'Priority,Priority title,Reference,Action,Lead,Due date,RAG Jul 18 (25/07/2018),RAG Jan 19 (15 January 2019)',
  '1,Workforce,1.1,Recruit permanent social workers,Jo,31/01/19,DG,A',
  '1,Workforce,1.2,Cut caseloads,Sam,1/2/2019,R,R',
  '1,Workforce,1.3,Audit supervision,Ali,28 Feb 2019,,A',
  '1,Workforce,1.4,Train managers,Kim,03/19,A,A',
].join('\n');

interface LoggedEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { effectiveAt: string; source: string };
}

/**
 * Item 5 of issue 25 end to end: every door a person types at (the CLI, the query
 * strings people type, the web forms, an imported file) takes UK dates, day first,
 * and refuses a day that does not exist naming the field, appending nothing; the API's
 * request bodies stay ISO; and pages and exports never shift a date-only value by a time
 * zone, checked with the built server and CLI running in Europe/London on a summer
 * (25 July 2018, BST) and a winter (15 January 2019, GMT) date.
 */
describe('dates as people write them, at every door, and never a day late in summer time', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(240_000);
  const database = tempDatabase('uk-dates');
  const files = mkdtempSync(join(tmpdir(), 'plan-audit-uk-dates-files-'));
  const tokens: Record<string, string> = {};
  let server: RunningServer;

  /** Events in the log, read from the SQLite file itself: whether a server runs there or not. */
  const eventCount = () => {
    const db = new Database(database.file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const events = (ref?: string) =>
    runCli(database.dir, ['events', '--plan', PLAN, ...(ref ? ['--ref', ref] : []), '--json'])
      .stdout.trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedEvent);
  const asBoard = { PLAN_AUDIT_TOKEN: '' };
  const remote = (who: string, ...args: string[]) => runCli(join(files, 'elsewhere'), args, { PLAN_AUDIT_SERVER: server.baseUrl, PLAN_AUDIT_TOKEN: tokens[who], ...LONDON });
  const api = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${tokens['board.chair']}` } });

  beforeAll(() => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    tokens['board.chair'] = cliToken(database.dir, 'board.chair', 'board');
    asBoard.PLAN_AUDIT_TOKEN = tokens['board.chair'];
    // A lead who signs in to the web pages with a password.
    const added = runCli(database.dir, ['add-user', '--id', 'lead.web', '--role', 'lead'], { ...cliAdmin(database.dir), PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
    if (added.status !== 0) throw new Error(added.stderr);
    tokens['lead.web'] = runCli(database.dir, ['create-token', '--user', 'lead.web'], cliAdmin(database.dir)).stdout.trim();
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
    rmSync(files, { recursive: true, force: true });
  });

  describe('import: a plan file with UK dates in its cells and headings', () => {
    it('refuses a file with a day that does not exist, or a heading whose date it cannot read, naming the row and column, and appends nothing', () => {
      const refusal = (name: string, content: string) => {
        const path = join(files, name);
        writeFileSync(path, content);
        const result = runCli(database.dir, ['import', '--plan', PLAN, '--file', path], { ...asBoard, ...LONDON });
        expect(result.status).toBe(2);
        return result.stderr;
      };
      expect(refusal('impossible.csv', UK_PLAN.replace('28 Feb 2019', '31/02/2019'))).toContain(
        'row 4, column "Due date": "31/02/2019" is not a real date: February 2019 has 28 days; write it day first, for example 31/01/2019',
      );
      expect(refusal('heading.csv', UK_PLAN.replace('(15 January 2019)', '(15 Janvier 2019)'))).toContain(
        'column "RAG Jan 19 (15 Janvier 2019)": a RAG column heading must give its date, e.g. "RAG Nov 16 (30/11/2016)"',
      );
      expect(refusal('heading-day.csv', UK_PLAN.replace('(25/07/2018)', '(31/06/2018)'))).toContain('column "RAG Jul 18 (31/06/2018)": "31/06/2018" is not a real date: June 2018 has 30 days');
      expect(existsSync(database.file) ? eventCount() : 0).toBe(0);
    });

    it('reads 31/01/19, 1/2/2019, 28 Feb 2019, 03/19 and the headings 25/07/2018 and 15 January 2019, day first', () => {
      const path = join(files, 'plan.csv');
      writeFileSync(path, UK_PLAN);
      const result = runCli(database.dir, ['import', '--plan', PLAN, '--file', path, '--title', 'UK dates plan'], { ...asBoard, ...LONDON });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const plan = events();
      expect(plan.filter((e) => e.type === 'ReportingPointRecorded').map((e) => [e.data.label, e.data.date])).toEqual([
        ['Jul 18', '2018-07-25'],
        ['Jan 19', '2019-01-15'],
      ]);
      expect(plan[0]).toMatchObject({ type: 'PlanCreated', metadata: { effectiveAt: '2018-07-25T00:00:00.000Z' } });
      const dueDates = ['1.1', '1.2', '1.3', '1.4'].map((ref) => events(ref).find((e) => e.type === 'ActionAdded')!.data.dueDate);
      expect(dueDates).toEqual(['2019-01-31', '2019-02-01', '2019-02-28', '2019-03-31']);
    });

    it('reads a workbook whose Due date cells are Excel dates (summer and winter) or UK text, on their own days in London', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Plan');
      const rows = UK_PLAN.split('\n').map((line) => line.split(','));
      rows[1][5] = new Date(Date.UTC(2019, 6, 25)) as unknown as string; // 25 July 2019: British Summer Time
      rows[2][5] = new Date(Date.UTC(2019, 0, 15)) as unknown as string; // 15 January 2019: GMT
      for (const row of rows) sheet.addRow(row);
      const path = join(files, 'plan.xlsx');
      writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
      const result = runCli(database.dir, ['import', '--plan', `${PLAN}-xlsx`, '--file', path], { ...asBoard, ...LONDON });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const dueDates = ['1.1', '1.2', '1.3', '1.4'].map((ref) => {
        const logged = runCli(database.dir, ['events', '--plan', `${PLAN}-xlsx`, '--ref', ref, '--json']).stdout.trim().split('\n');
        return (JSON.parse(logged[0]) as LoggedEvent).data.dueDate;
      });
      expect(dueDates).toEqual(['2019-07-25', '2019-01-15', '2019-02-28', '2019-03-31']);
    });
  });

  describe('the CLI, the API and the web pages, on the built server running in London', () => {
    let before: number;
    beforeAll(async () => {
      server = await startServer(database.dir, { LOAD_EXAMPLE: '', ...LONDON });
    });

    describe('CLI options', () => {
      it('takes --due, --date and --effective as people write them and sends the server ISO', () => {
        const steps = [
          ['amend-action', '--plan', PLAN, '--ref', '1.2', '--due', '31 March 2019', '--effective', '20/01/19', '--reason', 'agreed at the board, entered late'],
          ['reporting-point', '--plan', PLAN, '--label', 'Mar 19', '--date', '29/03/19', '--effective', '29 Mar 2019', '--reason', 'the March board'],
          ['rate', '--plan', PLAN, '--ref', '1.3', '--code', 'DG', '--effective', '29/03/2019', '--reason', 'as reported to the March board'],
        ];
        for (const step of steps) {
          const result = remote('board.chair', ...step);
          expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
        }
        expect(events('1.2').find((e) => e.type === 'ActionAmended')).toMatchObject({ data: { changes: { dueDate: '2019-03-31' } }, metadata: { effectiveAt: '2019-01-20T00:00:00.000Z', source: 'api' } });
        expect(events().find((e) => e.type === 'ReportingPointRecorded' && e.data.label === 'Mar 19')).toMatchObject({ data: { date: '2019-03-29' }, metadata: { effectiveAt: '2019-03-29T00:00:00.000Z' } });
        expect(events('1.3').pop()).toMatchObject({ type: 'RatingChanged', data: { code: 'DG' }, metadata: { effectiveAt: '2019-03-29T00:00:00.000Z' } });
      });

      it('refuses 31/02/2019 and garbage naming the option, saying why and what is accepted, and appends nothing', () => {
        before = eventCount();
        const impossible = remote('board.chair', 'amend-action', '--plan', PLAN, '--ref', '1.1', '--due', '31/02/2019');
        expect(impossible.status).toBe(2);
        expect(impossible.stderr).toMatch(/^Invalid input:\n {2}- --due: "31\/02\/2019" is not a real date: February 2019 has 28 days; write it day first, for example 31\/01\/2019, 31\/01\/19, 31 January 2019, 31 Jan 2019 or 2019-01-31 \(a two-digit year 00–69 is 2000–2069, 70–99 is 1970–1999\)/);
        const garbage = remote('board.chair', 'rate', '--plan', PLAN, '--ref', '1.1', '--code', 'DG', '--effective', 'last Tuesday', '--reason', 'x');
        expect(garbage.status).toBe(2);
        expect(garbage.stderr).toContain('--effective: "last Tuesday" is not a date; write it day first, for example 31/01/2019');
        // Month first is not how the UK writes it: 01/31/2019 has no month 31.
        const american = remote('board.chair', 'reporting-point', '--plan', PLAN, '--label', 'Bad', '--date', '01/31/2019');
        expect(american.stderr).toContain('"01/31/2019" is not a real date: there is no month 31');
        expect(eventCount()).toBe(before);
      });

      it('reads report dates as people write them, and exports them unshifted in summer and winter time', () => {
        const summer = runCli(database.dir, ['report', 'plan-state', '--plan', PLAN, '--as-of', '25/07/2018', '--format', 'csv'], LONDON);
        expect(summer.status).toBe(0);
        expect(summer.stdout).toContain('2019-01-31');
        const table1 = runCli(database.dir, ['report', 'committee', '--plan', PLAN, '--from', '25 July 2018', '--to', '15/01/19', '--format', 'md'], LONDON);
        expect(table1.stderr).toBe('');
        expect(table1.stdout).toContain('Position at 15/01/19 (2019-01-15) compared with 25 July 2018 (2018-07-25)');
        const due = runCli(database.dir, ['report', 'due-by', '--plan', PLAN, '--due-by', '1 Feb 19', '--format', 'json'], LONDON);
        expect(JSON.parse(due.stdout)).toMatchObject({ dueBy: '2019-02-01' });
        const refused = runCli(database.dir, ['report', 'plan-state', '--plan', PLAN, '--as-of', '31/02/2019'], LONDON);
        expect(refused.status).toBe(2);
        expect(refused.stderr).toContain('asOf: "31/02/2019" is not a real date: February 2019 has 28 days');
      });
    });

    describe('API query strings people type, and bodies that stay ISO', () => {
      it('reads asOf, from, to and dueBy written the UK way', async () => {
        const state = await api(`/api/plans/${PLAN}?asOf=${encodeURIComponent('25/07/18')}`);
        expect(state.status).toBe(200);
        expect(await state.json()).toMatchObject({ asOf: '2018-07-25T23:59:59.999Z' });
        const summary = await api(`/api/plans/${PLAN}/reports/rag-summary?from=${encodeURIComponent('25 Jul 2018')}&to=${encodeURIComponent('15/01/2019')}`);
        expect(summary.status).toBe(200);
        const body = (await summary.json()) as { columns: { asOf: string }[] };
        expect(body.columns.map((c) => c.asOf)).toEqual(['2018-07-25T23:59:59.999Z', '2019-01-15T23:59:59.999Z']);
        const due = await api(`/api/plans/${PLAN}/reports/due-by?dueBy=${encodeURIComponent('31 January 2019')}`);
        expect(await due.json()).toMatchObject({ dueBy: '2019-01-31' });
      });

      it('refuses a query date that does not exist with a 400 naming it; refuses a UK date in a body (the API stays ISO); appends nothing', async () => {
        before = eventCount();
        const impossible = await api(`/api/plans/${PLAN}/reports/completion-register?asOf=${encodeURIComponent('31/02/2019')}`);
        expect(impossible.status).toBe(400);
        expect(await impossible.json()).toMatchObject({ fields: [{ field: 'asOf', message: expect.stringContaining('"31/02/2019" is not a real date: February 2019 has 28 days; write it day first, for example 31/01/2019') }] });
        const body = await fetch(`${server.baseUrl}/api/plans/${PLAN}/actions/1.1/ratings`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokens['board.chair']}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: 'DG', effectiveAt: '20/03/2019', reason: 'typed the UK way' }),
        });
        expect(body.status).toBe(400);
        expect(await body.json()).toMatchObject({ fields: [expect.objectContaining({ field: 'effectiveAt' })] });
        expect(eventCount()).toBe(before);
      });

      it('exports a report with both dates as they were, in summer and winter time', async () => {
        const html = await api(`/api/plans/${PLAN}/reports/committee?from=${encodeURIComponent('Jul 18')}&to=${encodeURIComponent('Jan 19')}&format=html`);
        expect(html.status).toBe(200);
        const text = await html.text();
        expect(text).toContain('Position at Jan 19 (2019-01-15) compared with Jul 18 (2018-07-25)');
        expect(text).not.toContain('2018-07-26');
      });
    });

    describe('web pages', () => {
      let lead: ReturnType<typeof request.agent>;
      const csrfOf = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)![1];
      const RATING = `/plans/${PLAN}/actions/1.4/rating`;

      beforeAll(async () => {
        lead = request.agent(server.baseUrl);
        const token = csrfOf((await lead.get('/sign-in')).text);
        const signedIn = await lead.post('/sign-in').type('form').send({ csrfToken: token, user: 'lead.web', password: PASSWORD, next: '/plans' });
        expect(signedIn.status).toBe(303);
      });

      it('records a rating whose date boxes were filled in 20 / March / 19', async () => {
        const token = csrfOf((await lead.get(RATING)).text);
        const typed = { csrfToken: token, code: 'DG', 'effectiveAt-day': '20', 'effectiveAt-month': 'March', 'effectiveAt-year': '19', reason: 'reported at the March board' };
        const atCheck = eventCount();
        const check = await lead.post(RATING).type('form').send(typed);
        expect(check.status).toBe(200);
        // The check page reads the boxes back as a UK date, and nothing is appended until confirmed.
        expect(check.text).toContain('Check your answers');
        expect(check.text).toContain('20 March 2019');
        expect(eventCount()).toBe(atCheck);
        const response = await lead.post(RATING).type('form').send({ ...typed, step: 'confirm' });
        expect(response.status).toBe(303);
        expect(eventCount()).toBe(atCheck + 1);
        expect(events('1.4').pop()).toMatchObject({ type: 'RatingChanged', data: { code: 'DG' }, metadata: { effectiveAt: '2019-03-20T00:00:00.000Z' } });
      });

      it('refuses 31 / 2 / 2019 and a month it cannot read by the date boxes, saying why, and appends nothing', async () => {
        before = eventCount();
        for (const [month, message] of [
          ['2', 'The date it took effect must be a real date (February 2019 has 28 days), for example 30 11 2016'],
          ['Febtober', 'The date it took effect must be a real date, for example 30 11 2016 or 30 Nov 16'],
        ]) {
          const token = csrfOf((await lead.get(RATING)).text);
          const response = await lead.post(RATING).type('form').send({ csrfToken: token, code: 'R', 'effectiveAt-day': '31', 'effectiveAt-month': month, 'effectiveAt-year': '2019', reason: 'x' });
          expect(response.status).toBe(400);
          expect(response.text).toContain(`<a href="#effectiveAt-day">${message}</a>`);
        }
        expect(eventCount()).toBe(before);
      });

      it('compares the plan between two dates typed the UK way in the summary page’s boxes, shown on their own days', async () => {
        const page = await lead.get(`/plans/${PLAN}/summary?fromDate=${encodeURIComponent('25/07/2018')}&toDate=${encodeURIComponent('15 January 2019')}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('25/07/2018 is the plan as effective on 25 July 2018; 15 January 2019 on 15 January 2019.');
        const typo = await lead.get(`/plans/${PLAN}/summary?fromDate=${encodeURIComponent('31/02/2019')}`);
        expect(typo.text).toContain('&quot;31/02/2019&quot; is not a real date: February 2019 has 28 days; write it day first, for example 31/01/2019');
        expect(typo.text).not.toMatch(/use YYYY-MM-DD/);
        // The error is by the box it was typed in, linked from the summary, with what was typed kept.
        expect(typo.text).toContain('href="#fromDate"');
        expect(typo.text).toMatch(/id="fromDate-error"/);
        expect(typo.text).toMatch(/id="fromDate" name="fromDate" type="text" value="31\/02\/2019"/);
        expect(typo.text).not.toMatch(/id="from-error"/);
      });

      it('shows a plan effective 25 July 2018 (summer time) and 15 January 2019 (winter) on those days, not a day late', async () => {
        const board = await lead.get(`/plans/${PLAN}/summary?from=${encodeURIComponent('Jul 18')}&to=${encodeURIComponent('Jan 19')}`);
        expect(board.text).toContain('Jul 18 is the plan as effective on 25 July 2018; Jan 19 on 15 January 2019.');
        expect(board.text).not.toContain('26 July 2018');
        for (const [asOf, shown] of [
          ['25/07/2018', '25 July 2018'],
          ['2019-01-15', '15 January 2019'],
        ]) {
          const plan = await lead.get(`/plans/${PLAN}?asOf=${encodeURIComponent(asOf)}`);
          expect(plan.status).toBe(200);
          expect(plan.text).toContain(`as effective on ${shown}</strong>`);
        }
        // A shared link's UK date is put back in the date boxes as that day.
        const linked = await lead.get(`/plans/${PLAN}?asOf=${encodeURIComponent('25/07/2018')}`);
        expect(['day', 'month', 'year'].map((box) => new RegExp(`name="asOf-${box}"[^>]*value="(\\d+)"`).exec(linked.text)?.[1])).toEqual(['25', '7', '2018']);
        const action = await lead.get(`/plans/${PLAN}/actions/1.1?asOf=${encodeURIComponent('25 Jul 18')}`);
        expect(action.text).toContain('as effective on 25 July 2018</strong>');
        expect(action.text).toContain('31 January 2019');
        expect(action.text).not.toContain('26 July 2018');
      });
    });
  });
});
