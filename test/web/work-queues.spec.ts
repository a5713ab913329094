import { createHash } from 'node:crypto';
import { Projector } from '../../src/projections/projector/projector.service';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { csrfOf, signedInBrowsers } from '../support/web-sign-in';

const PLAN = 'queues';
const A = `/api/plans/${PLAN}`;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The plan's section of a page listing many plans: from its heading to the next plan's. */
function sectionOf(html: string, title: string): string {
  const start = html.indexOf(`<h2 class="govuk-heading-m">${title}</h2>`);
  if (start < 0) throw new Error(`no section for ${title}`);
  const next = html.indexOf('<h2 class="govuk-heading-m">', start + 10);
  return html.slice(start, next < 0 ? undefined : next);
}

/** References of the actions a plan page lists, in order. */
const listed = (html: string) => [...html.matchAll(/<span class="govuk-!-font-weight-bold">([^<]+)<\/span>/g)].map((m) => m[1]);

/**
 * Each role's work queue, the plan page's filters, and evidence files in and out,
 * over HTTP with a browser's cookies, on the shipped example (signed off by the
 * board) and a plan of our own signed off by QA.
 */
describe('work queues, plan filters and evidence files', () => {
  let h: HttpHarness;

  const as = signedInBrowsers(() => h);

  beforeAll(async () => {
    h = await httpHarness('work-queues', { loadExample: true });
    // The example is loaded on start; its read models first, so the pages show it.
    await h.app.get(Projector).caughtUp(20_000);
    const board = h.as('board');
    const setUp = { effectiveAt: day(-60), reason: 'set up for the test' };
    const post = async (path: string, body: object, who = board) => {
      const response = await h.http().post(path).set(who).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response;
    };
    await post('/api/plans', { planId: PLAN, title: 'Queues plan', council: 'Testshire', scale: 'sunderland-5', signOffRole: 'qa', ...setUp });
    await post(`${A}/priorities`, { number: 1, title: 'Workforce', ...setUp });
    await post(`${A}/priorities`, { number: 2, title: 'Practice', ...setUp });
    await post(`${A}/reporting-points`, { label: 'Last board', date: day(-30), ...setUp });
    // Two actions lead.user leads, from before the last board: 1.1 due within days and never rated, 1.2 rated only before that board.
    await post(`${A}/actions`, { reference: '1.1', priorityNumber: 1, title: 'Recruit permanent social workers', lead: 'Head of Workforce', leadUser: 'lead.user', dueDate: day(7), ...setUp });
    await post(`${A}/actions`, { reference: '1.2', priorityNumber: 1, title: 'Reduce caseloads', lead: 'Head of Workforce', leadUser: 'lead.user', dueDate: day(200), initialRating: 'A', ...setUp });
    // Led by the name on lead.user's account ("A lead"), with no user id recorded: theirs too.
    await post(`${A}/actions`, { reference: '2.2', priorityNumber: 2, title: 'Supervise practice weekly', lead: 'A Lead', ...setUp });
    // Someone else's, added and rated since the last board: the board's new action and rating to agree.
    await post(`${A}/actions`, { reference: '2.1', priorityNumber: 2, title: 'Audit case files monthly', lead: 'Principal Social Worker', leadUser: 'other.lead', dueDate: day(-5), initialRating: 'R' });
    await post(`${A}/actions/1.1/evidence`, { evidenceId: 'ev-rota', title: 'Recruitment rota' }, h.as('lead'));
    await post(`${A}/actions/1.2/evidence`, { evidenceId: 'ev-caseloads', title: 'Caseload report' }, h.as('lead'));
    // Evidence waiting in the example, which the board signs off: what QA saw with an empty Review column.
    await post('/api/plans/sunderland-2017/actions/3.2/evidence', { evidenceId: 'ev-example', title: 'MASH audit, March 2017' }, h.as('lead'));
  }, 60_000);
  afterAll(() => h?.close());

  it('shows QA on the shipped example who reviews there, without an empty Review column or links it would be refused', async () => {
    const qa = await as('qa.user');
    const page = await qa.get('/review');
    expect(page.status).toBe(200);
    const example = sectionOf(page.text, 'Safeguarding Children Learning and Improvement Plan');
    expect(example).toContain('reviewed and signed off by the Improvement Board');
    expect(example).toContain('In this plan only the Improvement Board reviews evidence and signs actions off.');
    expect(example).not.toMatch(/>Review<|>Sign off</);
    expect(page.text).not.toMatch(/<td class="govuk-table__cell">\s*<\/td>/);
    // In its own plan QA gets the link, and it opens.
    const own = sectionOf(page.text, 'Queues plan');
    const review = /href="([^"]+\/evidence\/ev-rota\/review)"/.exec(own)![1];
    expect((await qa.get(review)).status).toBe(200);
  });

  it('gives the lead the actions they lead that are due and that want an update, and no one else’s', async () => {
    const lead = await as('lead.user');
    const page = await lead.get('/your-work');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/your-work"');
    const mine = sectionOf(page.text, 'Queues plan');
    const due = mine.slice(mine.indexOf('Your actions due'), mine.indexOf('Your actions awaiting an update'));
    expect(due).toContain('Your actions due (1)');
    expect(due).toContain('>1.1<');
    expect(due).not.toContain('>1.2<');
    const update = mine.slice(mine.indexOf('Your actions awaiting an update'));
    expect(update).toContain('Your actions awaiting an update (3)');
    expect(update).toContain(`href="/plans/${PLAN}/actions/2.2/rating"`);
    expect(update).toContain(`href="/plans/${PLAN}/actions/1.1/rating"`);
    expect(update).toContain(`href="/plans/${PLAN}/actions/1.2/rating"`);
    expect(mine).not.toContain('>2.1<');
  });

  it('gives the board the actions added and the ratings given since its last board date', async () => {
    const board = await as('board.user');
    const page = await board.get('/your-work');
    const plan = sectionOf(page.text, 'Queues plan');
    const since = `since the board of`;
    expect(plan).toContain('New actions to note (1)');
    expect(plan).toContain('Ratings to agree (1)');
    expect(plan).toContain(since);
    const ratings = plan.slice(plan.indexOf('Ratings to agree'));
    expect(ratings).toContain('>2.1<');
    expect(ratings).not.toContain('>1.2<');
    // The board does not review in this plan: it is told who does, with no links.
    expect(plan).toContain('reviewed and actions signed off by the Quality Assurance service, not by you (2 evidence items awaiting review');
  });

  it('returns QA to the queue it came from after each decision, with a success banner, and records each once', async () => {
    const qa = await as('qa.user');
    const work = await qa.get('/your-work');
    const reviewHref = /href="([^"]+\/ev-rota\/review\?from=your-work)"/.exec(work.text)![1].replace(/&amp;/g, '&');
    const form = await qa.get(reviewHref);
    expect(form.text).toContain('name="from" value="your-work"');
    expect(form.text).toContain('Back to your work');
    const before = await h.eventCount();
    const empty = await qa.post(reviewHref.split('?')[0]).type('form').send({ csrfToken: csrfOf(form.text), from: 'your-work', decision: 'reject' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#reason"');
    expect(await h.eventCount()).toBe(before);

    const acceptCheck = await qa.post(reviewHref.split('?')[0]).type('form').send({ csrfToken: csrfOf(form.text), from: 'your-work', decision: 'accept' });
    expect(acceptCheck.status).toBe(200);
    expect(acceptCheck.text).toContain('Check your answers');
    expect(acceptCheck.text).toContain('<input type="hidden" name="from" value="your-work">');
    expect(await h.eventCount()).toBe(before);
    const accepted = await qa.post(reviewHref.split('?')[0]).type('form').send({ csrfToken: csrfOf(form.text), from: 'your-work', decision: 'accept', step: 'confirm' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe('/your-work?recorded=accepted');
    expect(await h.eventCount()).toBe(before + 1);
    const back = await qa.get(accepted.headers.location);
    expect(back.text).toContain('govuk-notification-banner--success');
    expect(back.text).toContain('The evidence has been accepted.');
    expect(sectionOf(back.text, 'Queues plan')).toContain(`href="/plans/${PLAN}/actions/1.1/sign-off?from=your-work"`);

    // From the review queue (no "from"), back to the review queue; a forged queue name is ignored, never followed.
    const rejectForm = await qa.get(`/plans/${PLAN}/actions/1.2/evidence/ev-caseloads/review`);
    const rejectCheck = await qa
      .post(`/plans/${PLAN}/actions/1.2/evidence/ev-caseloads/review`)
      .type('form')
      .send({ csrfToken: csrfOf(rejectForm.text), decision: 'reject', reason: 'Figures are for the wrong month' });
    expect(rejectCheck.text).toContain('Check your answers');
    expect(rejectCheck.text).toContain('Figures are for the wrong month');
    expect(await h.eventCount()).toBe(before + 1);
    const rejected = await qa
      .post(`/plans/${PLAN}/actions/1.2/evidence/ev-caseloads/review`)
      .type('form')
      .send({ csrfToken: csrfOf(rejectForm.text), from: 'https://evil.example/', decision: 'reject', reason: 'Figures are for the wrong month', step: 'confirm' });
    expect(await h.eventCount()).toBe(before + 2);
    expect(rejected.headers.location).toBe('/review?recorded=rejected');
    expect((await qa.get('/review?recorded=rejected')).text).toContain('The evidence has been rejected and the reason recorded.');
    expect((await qa.get('/review?recorded=constructor')).text).not.toContain('govuk-notification-banner');

    const signOffForm = await qa.get(`/plans/${PLAN}/actions/1.1/sign-off?from=your-work`);
    const signOffCheck = await qa.post(`/plans/${PLAN}/actions/1.1/sign-off`).type('form').send({ csrfToken: csrfOf(signOffForm.text), from: 'your-work' });
    expect(signOffCheck.text).toContain('Check your answers');
    expect(signOffCheck.text).toContain('<input type="hidden" name="from" value="your-work">');
    expect(await h.eventCount()).toBe(before + 2);
    const signedOff = await qa.post(`/plans/${PLAN}/actions/1.1/sign-off`).type('form').send({ csrfToken: csrfOf(signOffForm.text), from: 'your-work', step: 'confirm' });
    expect(await h.eventCount()).toBe(before + 3);
    expect(signedOff.status).toBe(303);
    expect(signedOff.headers.location).toBe('/your-work?recorded=signed-off');
    expect((await qa.get(signedOff.headers.location)).text).toContain('The action has been signed off as completed.');
    // The lead now sees the rejected evidence to send again.
    expect((await (await as('lead.user')).get('/your-work')).text).toMatch(/Evidence sent back \(1\)[\s\S]*Figures are for the wrong month/);
  });

  it('filters the plan page by priority, rating, status, lead, title and "my actions", in a query that can be shared', async () => {
    const lead = await as('lead.user');
    const all = await lead.get(`/plans/${PLAN}`);
    expect(listed(all.text)).toEqual(['1.1', '1.2', '2.1', '2.2']);
    expect(all.text).toContain('Showing all 4 actions.');
    const cases: [string, string[]][] = [
      ['priority=2', ['2.1', '2.2']],
      ['rating=R&rating=A', ['1.2', '2.1']],
      ['status=completed', ['1.1']],
      ['lead=Principal+Social+Worker', ['2.1']],
      ['search=CASELOADS', ['1.2']],
      ['search=audit+monthly', ['2.1']],
      ['mine=1', ['1.1', '1.2', '2.2']],
      ['mine=1&status=open', ['1.2', '2.2']],
      ['priority=1&rating=R', []],
    ];
    for (const [query, expected] of cases) {
      const page = await lead.get(`/plans/${PLAN}?${query}`);
      expect({ query, status: page.status, listed: listed(page.text) }).toEqual({ query, status: 200, listed: expected });
    }
    const filtered = await lead.get(`/plans/${PLAN}?rating=R&rating=A`);
    expect(filtered.text).toContain('Showing <strong>2</strong> of 4 actions that match the filters.');
    // The selected filters, each a link to the page without it.
    expect(filtered.text).toContain(`href="/plans/${PLAN}?rating=A"`);
    expect(filtered.text).toContain(`href="/plans/${PLAN}?rating=R"`);
    expect(filtered.text).toMatch(/<input class="govuk-checkboxes__input" id="rating-2" name="rating" type="checkbox" value="R" checked/);
    // Choosing another date keeps the filters: they ride in the date form.
    expect(filtered.text).toMatch(/class="app-clock[^"]*" novalidate>\s*<input type="hidden" name="rating" value="R"><input type="hidden" name="rating" value="A">/);
    // A filter the plan has no choice for is a 400 that names it.
    const bad = await lead.get(`/plans/${PLAN}?priority=9&rating=PURPLE`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#priority">The plan has no priority 9');
    expect(bad.text).toContain('<a href="#rating">The plan&#39;s RAG scale has no rating PURPLE');
  });

  it('refuses evidence whose content does not match its name at the API and the web form, and appends nothing', async () => {
    const upload = (bytes: Buffer, name: string) => h.http().post(`${A}/actions/1.2/evidence/upload`).set(h.as('lead')).field('title', name).attach('file', bytes, name);
    for (const [bytes, name, says] of [
      [Buffer.from('just some notes\n'), 'fake.exe', 'is named .exe but its content is plain text'],
      [PDF, 'minutes.docx', 'is named .docx but its content is a PDF'],
      [Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), 'audit.pdf', 'not accepted as evidence'],
    ] as const) {
      const before = await h.eventCount();
      const response = await upload(bytes, name);
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(JSON.stringify(response.body)).toContain('file');
      expect(JSON.stringify(response.body)).toContain(says);
      expect(await h.eventCount()).toBe(before);
    }
    const lead = await as('lead.user');
    const form = await lead.get(`/plans/${PLAN}/actions/1.2/evidence`);
    const before = await h.eventCount();
    const refused = await lead.post(`/plans/${PLAN}/actions/1.2/evidence`).field('csrfToken', csrfOf(form.text)).field('title', 'Sneaky').attach('file', Buffer.from('just some notes\n'), 'fake.exe');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#file">The file is named .exe but its content is plain text');
    expect(refused.text).toContain('value="Sneaky"');
    expect(await h.eventCount()).toBe(before);
  });

  it('sends evidence files under their own (made safe) names, typed by their content, as attachments with nosniff', async () => {
    const upload = async (bytes: Buffer, name: string) => {
      const response = await h.http().post(`${A}/actions/1.2/evidence/upload`).set(h.as('lead')).field('title', `File ${name}`).attach('file', bytes, name);
      expect(response.status).toBe(201);
      return response.body.evidenceId as string;
    };
    const files = [
      { bytes: PDF, name: 'Board minutes "May".pdf', type: 'application/pdf', saved: 'Board minutes _May_.pdf' },
      { bytes: Buffer.from('Team,Cases\r\nNorth,18\r\n'), name: 'caseloads.csv', type: 'text/csv', saved: 'caseloads.csv' },
      { bytes: Buffer.from('notes without an extension\n'), name: 'notes', type: 'text/plain', saved: 'notes.txt' },
    ];
    const lead = await as('lead.user');
    for (const file of files) {
      const evidenceId = await upload(file.bytes, file.name);
      const response = await lead.get(`/plans/${PLAN}/actions/1.2/evidence/${evidenceId}/file`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect({ name: file.name, status: response.status, type: response.headers['content-type'], nosniff: response.headers['x-content-type-options'] }).toEqual({ name: file.name, status: 200, type: file.type, nosniff: 'nosniff' });
      expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${file.saved.replace(/[.]/g, '\\.')}"`));
      expect(Buffer.compare(response.body as Buffer, file.bytes)).toBe(0);
    }
    // The API's download by hash: typed by content too, named by the hash with the type's extension.
    const sha = createHash('sha256').update(PDF).digest('hex');
    const byHash = await h.http().get(`/api/evidence/${sha}`).set(h.as('inspector'));
    expect(byHash.status).toBe(200);
    expect(byHash.headers['content-type']).toBe('application/pdf');
    expect(byHash.headers['content-disposition']).toContain(`filename="${sha}.pdf"`);
    expect(byHash.headers['x-content-type-options']).toBe('nosniff');
  });
});
