import { CommandBus } from '@nestjs/cqrs';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { ImportPlanCommand, ImportSummary } from '../../src/commands';
import { NotPermitted } from '../../src/domain/errors';
import { Role } from '../../src/domain/roles';
import { EventEnvelope } from '../../src/event-store/envelope';
import { sunderlandExample } from '../../src/import/example-plan';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Importing the Sunderland example records what the file reports, not what it wishes had
 * happened: every event is the importing board member's, in their own role; the file's
 * ratings and completions are imported history naming plan.csv and its SHA-256; no evidence,
 * acceptance or sign-off is made up; and the reports, read over HTTP, keep imported
 * completions apart from sign-offs. The import is sent on the command bus with the caller
 * a door would pass (a real user of the running app); the reads go through the real API.
 */
describe('an imported plan’s history is recorded as imported, by the member who imported it', () => {
  let h: HttpHarness;
  let bus: CommandBus;
  const example = sunderlandExample();
  const sha256 = createHash('sha256').update(example.content).digest('hex');
  const importAs = (role: Role): Promise<ImportSummary> => bus.execute(new ImportPlanCommand(example, { actor: { id: `${role}.user`, role }, source: 'import' }));
  const allEvents = async (): Promise<EventEnvelope[]> => {
    const events: EventEnvelope[] = [];
    for (let after = 0; ; ) {
      const page = await h.store.readAll({ after, limit: 5000 });
      if (page.length === 0) return events;
      events.push(...page);
      after = page[page.length - 1].globalPosition;
    }
  };
  const report = (name: string, format: string, query = '') => h.http().get(`/api/plans/sunderland-2017/reports/${name}?format=${format}${query}`).set(h.as('inspector')).expect(200);

  beforeAll(async () => {
    h = await httpHarness('imported-history');
    bus = h.app.get(CommandBus);
  });
  afterAll(() => h.close());

  it('refuses a user who may not import — lead, qa, admin, inspector — and appends nothing', async () => {
    for (const role of ['lead', 'qa', 'admin', 'inspector'] as const) {
      const error = await importAs(role).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotPermitted);
      expect(await h.eventCount()).toBe(0);
    }
  });

  it('records every event as the importing board member, with no evidence, acceptance or sign-off made up', async () => {
    const summary = await importAs('board');
    expect(summary.eventsAppended).toBeGreaterThan(0);
    const events = await allEvents();
    expect(events).toHaveLength(summary.eventsAppended);
    expect(new Set(events.map((e) => JSON.stringify(e.metadata.actor)))).toEqual(new Set([JSON.stringify({ id: 'board.user', role: 'board' })]));
    expect(events.filter((e) => e.metadata.actor.role === 'qa')).toEqual([]);
    expect(events.every((e) => e.metadata.source === 'import')).toBe(true);
    const types = new Set(events.map((e) => e.type));
    for (const invented of ['EvidenceSubmitted', 'EvidenceAccepted', 'ActionCompleted']) expect(types).not.toContain(invented);

    // The import itself, once: who imported which file.
    const files = events.filter((e) => e.type === 'PlanFileImported');
    expect(files.map((e) => e.data)).toEqual([{ planId: 'sunderland-2017', file: 'plan.csv', sha256, rows: 67 }]);

    // Every rating and completion is the file's report: the file, its real SHA-256, the date of its column.
    const history = events.filter((e) => e.type === 'RatingChanged' || e.type === 'CompletionImported');
    expect(history.filter((e) => e.type === 'CompletionImported')).toHaveLength(17);
    for (const event of history) {
      expect((event.data as { imported: unknown }).imported).toEqual({ file: 'plan.csv', sha256, reportedOn: event.metadata.effectiveAt.slice(0, 10) });
    }
    const completed412 = history.find((e) => e.type === 'CompletionImported' && (e.data as { reference: string }).reference === '4.12');
    expect(completed412?.metadata.effectiveAt).toBe('2017-02-28T00:00:00.000Z');
  });

  it('lists imported completions apart from sign-offs in the completion register (JSON)', async () => {
    const { body } = await report('completion-register', 'json', '&asOf=2017-02-28');
    expect(body.signedOff).toEqual([]);
    expect(body.imported).toHaveLength(17);
    const entry = body.imported.find((c: { reference: string }) => c.reference === '4.12');
    expect(entry).toMatchObject({
      completedAt: '2017-02-28T00:00:00.000Z',
      summary: 'completed — from plan.csv, reported 28 Feb 2017',
      imported: { file: 'plan.csv', sha256, reportedOn: '2017-02-28' },
      importedBy: { id: 'board.user', role: 'board' },
    });
    expect(entry).not.toHaveProperty('signedOffBy');
    expect(entry).not.toHaveProperty('evidence');
    // 1.3 was already completed at Nov 16: reported then, not at the later column.
    expect(body.imported.find((c: { reference: string }) => c.reference === '1.3').summary).toBe('completed — from plan.csv, reported 30 Nov 2016');
  });

  it('says so in Markdown, CSV, HTML and Word, with no sign-off or accepted evidence for them', async () => {
    const md = (await report('completion-register', 'md', '&asOf=2017-02-28')).text;
    const signedOff = md.slice(md.indexOf('Completion register: signed off'), md.indexOf('Completion register: from imported files'));
    expect(signedOff).toMatch(/None\./);
    expect(signedOff).not.toMatch(/4\.12/);
    const importedPart = md.slice(md.indexOf('Completion register: from imported files'));
    expect(importedPart).toContain('completed — from plan.csv, reported 28 Feb 2017');
    expect(importedPart).toContain(sha256);
    expect(importedPart).toContain('board.user (board)');

    const csv = (await report('completion-register', 'csv', '&asOf=2017-02-28')).text;
    const [signedOffBlock, importedBlock] = csv.split('\r\n\r\n');
    expect(signedOffBlock.split('\r\n')).toEqual(['Completion register: signed off', 'Action,Completed,Signed off by,Evidence accepted,Evidence SHA-256']);
    const [title, header, ...rows] = parse(importedBlock, { relax_column_count: true }) as string[][];
    expect([title, header]).toEqual([['Completion register: from imported files'], ['Action', 'Completed', 'As recorded', 'Imported by', 'File SHA-256']]);
    expect(rows).toHaveLength(17);
    expect(rows.find((row) => row[0].startsWith('4.12 '))?.slice(1)).toEqual(['2017-02-28', 'completed — from plan.csv, reported 28 Feb 2017', 'board.user (board)', sha256]);

    const html = (await report('completion-register', 'html', '&asOf=2017-02-28')).text;
    expect(html).toContain('completed — from plan.csv, reported 28 Feb 2017');
    const docx = await h.http().get('/api/plans/sunderland-2017/reports/completion-register?format=docx&asOf=2017-02-28').set(h.as('inspector')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('shows imported ratings and completions as imported in an action’s history', async () => {
    const { body } = await h.http().get('/api/plans/sunderland-2017/actions/1.2/history').set(h.as('inspector')).expect(200);
    const summaries = body.entries.map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual([
      'Action added to priority 1: Complete a skills and audit of the workforce to determine the current levels of professional competence and to inform the design of the learning and development offer.',
      'Rated A — imported from plan.csv, reported 1 Sep 2015',
      'Rated DG (was A) — imported from plan.csv, reported 30 Nov 2016',
      'Completed (C) — imported from plan.csv, reported 28 Feb 2017; not signed off here, no evidence accepted here',
    ]);
    expect(body.entries.every((e: { actor: unknown }) => JSON.stringify(e.actor) === JSON.stringify({ id: 'board.user', role: 'board' }))).toBe(true);
    expect(body.entries[3].imported).toEqual({ file: 'plan.csv', sha256, reportedOn: '2017-02-28' });
  });

  it('refuses a lead importing the file again though it would add nothing; the board’s second import appends nothing', async () => {
    const before = await h.eventCount();
    expect(await importAs('lead').catch((e: unknown) => e)).toBeInstanceOf(NotPermitted);
    expect(await importAs('board')).toMatchObject({ eventsAppended: 0, alreadyUpToDate: true });
    expect(await h.eventCount()).toBe(before);
  });

  it('lets the board reopen an imported completion, after which the same file still imports nothing', async () => {
    await h.http().post('/api/plans/sunderland-2017/actions/4.12/reopening').set(h.as('board')).send({ reason: 'Audit found the MASH work incomplete' }).expect(201);
    await h.http().post('/api/plans/sunderland-2017/actions/4.12/ratings').set(h.as('lead')).send({ code: 'A', commentary: 'Back in progress' }).expect(201);
    const before = await h.eventCount();
    expect(await importAs('board')).toMatchObject({ eventsAppended: 0 });
    expect(await h.eventCount()).toBe(before);
    const { body } = await report('completion-register', 'json');
    expect(body.imported.map((c: { reference: string }) => c.reference)).not.toContain('4.12');
    expect(body.imported).toHaveLength(16);
    // As at the file's date it was still completed, as the file reported.
    expect((await report('completion-register', 'json', '&asOf=2017-02-28')).body.imported).toHaveLength(17);
  });
});
