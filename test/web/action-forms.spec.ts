import { httpHarness, HttpHarness } from '../support/http-harness';
import { csrfOf, signedInBrowsers } from '../support/web-sign-in';

const PLAN = '/plans/acts';
const ACTION = (reference: string) => `${PLAN}/actions/${encodeURIComponent(reference)}`;

/**
 * The forms for one action's commands, over HTTP as a browser posts them: each is shown only to
 * the roles the domain allows, keeps what was typed beside an error that names the field, pauses
 * on "Check your answers" (nothing recorded yet), and records exactly the command's events as the
 * signed-in caller once confirmed, ending on a confirmation panel. Another role is refused.
 */
describe('web forms for one action: check your answers, confirmation, refusals', () => {
  let h: HttpHarness;
  let evidenceId: string;
  let milestoneId: string;

  beforeAll(async () => {
    h = await httpHarness('action-forms');
    const send = async (role: 'board' | 'lead' | 'qa', path: string, body: object) => {
      const response = await h.http().post(path).set(h.as(role)).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
      return response.body as Record<string, unknown>;
    };
    const backdated = { effectiveAt: '2020-01-02', reason: 'Agreed at the first board, entered late' };
    await send('board', '/api/plans', { planId: 'acts', title: 'Action forms plan', council: 'Council', scale: 'sunderland-5', signOffRole: 'qa', effectiveAt: '2020-01-01', reason: 'Plan agreed then' });
    await send('board', '/api/plans/acts/priorities', { number: 1, title: 'Workforce', ...backdated });
    await send('board', '/api/plans/acts/priorities', { number: 2, title: 'Practice', ...backdated });
    for (const reference of ['1.1', '1.2', '1.3', '1.4']) {
      await send('board', '/api/plans/acts/actions', { reference, priorityNumber: 1, title: `Action ${reference}`, initialRating: 'A', ...backdated });
    }
    // A board date already reported, after the ratings above took effect.
    await send('board', '/api/plans/acts/reporting-points', { label: 'Jan 20', date: '2020-01-31' });
    milestoneId = String((await send('board', '/api/plans/acts/actions/1.1/milestones', { title: 'Recruit two social workers', status: 'On track' })).milestoneId);
    const upload = await h.http().post('/api/plans/acts/actions/1.1/evidence/upload').set(h.as('lead')).field('title', 'Staff list').attach('file', Buffer.from('names of staff\n'), 'staff.txt');
    if (upload.status >= 300) throw new Error(JSON.stringify(upload.body));
    evidenceId = String(upload.body.evidenceId);
    // 1.4 is completed: evidence accepted and signed off by QA.
    const done = String((await send('lead', '/api/plans/acts/actions/1.4/evidence', { title: 'Audit report' })).evidenceId);
    await send('qa', `/api/plans/acts/actions/1.4/evidence/${done}/acceptance`, {});
    await send('qa', '/api/plans/acts/actions/1.4/sign-off', {});
    // A plan whose ratings follow from the five criteria.
    await send('board', '/api/plans', { planId: 'crit', title: 'Criteria plan', council: 'Council', scale: 'rag', ratingMethod: 'criteria', signOffRole: 'board' });
    await send('board', '/api/plans/crit/priorities', { number: 1, title: 'Projects' });
    await send('board', '/api/plans/crit/actions', { reference: 'P1', priorityNumber: 1, title: 'Case management system' });
  });
  afterAll(() => h.close());

  /** One browser per user for the suite (sign-in is rate-limited), signed in through the form. */
  const signedIn = signedInBrowsers(() => h);
  /** What the check page carries to the record: its hidden fields, as a browser would post them. */
  const hiddenFields = (html: string) => {
    const form = html.slice(html.indexOf('<h2 class="govuk-heading-m">Now record it</h2>'));
    return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')]));
  };
  const appendedSince = async (position: number) => (await h.store.readAll({ after: position })).map((e) => ({ type: e.type, actor: e.metadata.actor.id }));

  interface Journey {
    user: string;
    path: string;
    invalid: Record<string, string>;
    /** The error summary's link to the field at fault, and its message. */
    error: { href: string; text: string };
    /** Something typed that must come back in the form. */
    kept?: string;
    valid: Record<string, string>;
    checkShows: string[];
    events: string[];
    panel: string;
    forbidden: string;
  }

  /** The whole of one form, for an allowed role and a forbidden one; returns the check page. */
  async function journey(j: Journey): Promise<string> {
    const agent = await signedIn(j.user);
    const form = await agent.get(j.path);
    expect(form.status).toBe(200);
    const csrfToken = csrfOf(form.text);
    const start = await h.eventCount();

    const bad = await agent.post(j.path).type('form').send({ csrfToken, ...j.invalid });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`<a href="${j.error.href}">${j.error.text}</a>`);
    if (j.kept) expect(bad.text).toContain(j.kept);
    expect(await h.eventCount()).toBe(start);

    const check = await agent.post(j.path).type('form').send({ csrfToken, ...j.valid });
    expect(check.status).toBe(200);
    expect(check.text).toContain('<h1 class="govuk-heading-l">Check your answers</h1>');
    for (const shown of j.checkShows) expect(check.text).toContain(shown);
    expect(await h.eventCount()).toBe(start);

    // "Change your answers" brings the form back as filled in, still recording nothing.
    const change = await agent.post(j.path).type('form').send({ ...hiddenFields(check.text), step: 'change' });
    expect(change.status).toBe(200);
    expect(change.text).not.toContain('Check your answers');
    expect(await h.eventCount()).toBe(start);

    const carried = hiddenFields(check.text);
    const recorded = await agent.post(j.path).type('form').send({ ...carried, step: 'confirm' });
    expect(recorded.status).toBe(303);
    expect(await appendedSince(start)).toEqual(j.events.map((type) => ({ type, actor: j.user })));
    const [first] = await h.store.readAll({ after: start });
    const confirmation = await agent.get(recorded.headers.location);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain(`Entry <strong class="app-hash">${first.eventId}</strong>`);
    // A confirmation is shown only for an entry on record.
    expect((await agent.get(recorded.headers.location.replace(/entry=[^&]+/, 'entry=ev-made-up'))).status).toBe(404);
    expect(confirmation.text).toMatch(new RegExp(`govuk-panel__title">\\s*${j.panel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const other = await signedIn(j.forbidden);
    expect((await other.get(j.path)).status).toBe(403);
    const forged = await other.post(j.path).type('form').send({ ...carried, csrfToken: csrfOf((await other.get('/plans')).text), step: 'confirm' });
    expect(forged.status).toBe(403);
    expect(await h.eventCount()).toBe(start + j.events.length);
    return check.text;
  }

  it('offers each form on the action page only to the roles that may use it', async () => {
    const board = (await (await signedIn('board.user')).get(ACTION('1.1'))).text;
    for (const form of ['amend', 'withdraw', 'add-milestone', 'correct-rating']) expect(board).toContain(`href="${ACTION('1.1')}/${form}"`);
    expect(board).toContain(`href="${PLAN}/add-action?priority=1"`);
    expect(board).toContain(`href="${ACTION('1.1')}/milestones/${milestoneId}/status"`);
    expect(board).not.toContain(`/evidence/${evidenceId}/erase`);
    expect(board).not.toContain(`${ACTION('1.1')}/criteria`);
    const lead = (await (await signedIn('lead.user')).get(ACTION('1.1'))).text;
    expect(lead).toContain(`href="${ACTION('1.1')}/correct-rating"`);
    expect(lead).not.toContain(`${ACTION('1.1')}/withdraw`);
    expect(lead).not.toContain('add-action');
    const admin = (await (await signedIn('admin.user')).get(ACTION('1.1'))).text;
    expect(admin).toContain(`href="${ACTION('1.1')}/evidence/${evidenceId}/erase"`);
    const inspector = (await (await signedIn('inspector.user')).get(ACTION('1.1'))).text;
    expect(inspector).not.toContain('id="change-this-action"');
  });

  it('does not offer "Rate this action" on a completed action, and says how to reopen it', async () => {
    const board = await signedIn('board.user');
    const page = (await board.get(ACTION('1.4'))).text;
    expect(page).not.toContain('Rate this action</a>');
    expect(page).toContain(`To rate it again, <a class="govuk-link" href="${ACTION('1.4')}/reopen">reopen it</a> with a reason.`);
    const rating = await board.get(`${ACTION('1.4')}/rating`);
    expect(rating.status).toBe(200);
    expect(rating.text).toContain('Action 1.4 is completed, so it cannot be rated.');
    expect(rating.text).toContain(`<a class="govuk-link" href="${ACTION('1.4')}/reopen">reopen this action</a>`);
    expect(rating.text).not.toContain('name="code"');
    // A lead cannot reopen: told whom to ask.
    const lead = await (await signedIn('lead.user')).get(`${ACTION('1.4')}/rating`);
    expect(lead.text).toContain('Ask the Quality Assurance service to reopen it');
  });

  it('corrects a backdated rating, saying first which Table 1 figures at the board date already reported will change', async () => {
    const lead = await signedIn('lead.user');
    const summary = async () => (await h.http().get('/api/plans/acts/reports/rag-summary?from=Jan%2020&to=Jan%2020').set(h.as('auditor'))).body as { totals: { counts: Record<string, [number, number]> } };
    const reported = (await summary()).totals.counts;
    const form = (await lead.get(`${ACTION('1.2')}/correct-rating`)).text;
    const ratingEvent = /name="correctsEventId" type="radio" value="([^"]+)"/.exec(form)![1];
    const check = await journey({
      user: 'lead.user',
      path: `${ACTION('1.2')}/correct-rating`,
      invalid: { correctsEventId: ratingEvent, commentary: 'Words typed before the mistake' },
      error: { href: '#code', text: 'Select what the rating should have been' },
      kept: 'Words typed before the mistake',
      valid: { correctsEventId: ratingEvent, code: 'LG', reason: 'The board agreed Light Green on 2 January' },
      checkShows: ['Corrected to', 'The board agreed Light Green on 2 January', 'Table 1 at Jan 20 (31 January 2020)'],
      events: ['RatingCorrected'],
      panel: 'Rating corrected',
      forbidden: 'inspector.user',
    });
    // The figures it said would change, as Table 1 held them then and holds them now.
    const after = (await summary()).totals.counts;
    expect(after.A[0]).toBe(reported.A[0] - 1);
    expect(after.LG[0]).toBe(reported.LG[0] + 1);
    expect(check).toMatch(new RegExp(`Total, Amber \\(A\\)</th>\\s*<td[^>]*>${reported.A[0]}</td>\\s*<td[^>]*>${after.A[0]}</td>`));
    expect(check).toMatch(new RegExp(`Total, Light Green \\(LG\\)</th>\\s*<td[^>]*>${reported.LG[0]}</td>\\s*<td[^>]*>${after.LG[0]}</td>`));
    expect(check).toMatch(/Priority 1 \(Workforce\), Amber \(A\)<\/th>/);
  });

  it('pauses a rating backdated before a reported board date on a check page naming the figures, then records it once', async () => {
    const lead = await signedIn('lead.user');
    const rating = `${ACTION('1.1')}/rating`;
    const csrfToken = csrfOf((await lead.get(rating)).text);
    const start = await h.eventCount();
    const typed = { code: 'R', commentary: 'Recruitment stalled', 'effectiveAt-day': '10', 'effectiveAt-month': '1', 'effectiveAt-year': '2020', reason: 'Reported at the January board' };
    const check = await lead.post(rating).type('form').send({ csrfToken, ...typed });
    expect(check.status).toBe(200);
    expect(check.text).toContain('Check your answers');
    expect(check.text).toContain('Table 1 at Jan 20 (31 January 2020)');
    expect(check.text).toMatch(/Total, Red \(R\)<\/th>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/);
    expect(await h.eventCount()).toBe(start);
    const change = await lead.post(rating).type('form').send({ ...hiddenFields(check.text), step: 'change' });
    expect(change.text).toContain('Recruitment stalled</textarea>');
    expect(change.text).toContain('value="R" checked');
    expect(await h.eventCount()).toBe(start);
    const recorded = await lead.post(rating).type('form').send({ ...hiddenFields(check.text), step: 'confirm' });
    expect(recorded.status).toBe(303);
    expect(await appendedSince(start)).toEqual([{ type: 'RatingChanged', actor: 'lead.user' }]);
    const table = (await h.http().get('/api/plans/acts/reports/rag-summary?from=Jan%2020&to=Jan%2020').set(h.as('auditor'))).body as { totals: { counts: Record<string, [number, number]> } };
    expect(table.totals.counts.R[0]).toBe(1);
    // Backdated to before the Red of 10 January, it is not what the board date shows (the Red is): the check page names no reported figure.
    const earlierTyped = { csrfToken, code: 'LG', 'effectiveAt-day': '5', 'effectiveAt-month': '1', 'effectiveAt-year': '2020', reason: 'Late entry' };
    const earlierCheck = await lead.post(rating).type('form').send(earlierTyped);
    expect(earlierCheck.text).toContain('Check your answers');
    expect(earlierCheck.text).not.toContain('Figures already reported to the board that will change');
    expect(await h.eventCount()).toBe(start + 1);
    expect((await lead.post(rating).type('form').send({ ...earlierTyped, step: 'confirm' })).status).toBe(303);
    expect(await h.eventCount()).toBe(start + 2);
    // Today's rating changes no reported figure, and still pauses on the check page before it is recorded.
    const todayCheck = await lead.post(rating).type('form').send({ csrfToken, code: 'A', commentary: 'Back on plan' });
    expect(todayCheck.text).toContain('Check your answers');
    expect(todayCheck.text).toContain('Today, when recorded');
    expect(await h.eventCount()).toBe(start + 2);
    const today = await lead.post(rating).type('form').send({ ...hiddenFields(todayCheck.text), step: 'confirm' });
    expect(today.status).toBe(303);
    expect(await h.eventCount()).toBe(start + 3);
  });

  it('adds an action to a priority', async () => {
    await journey({
      user: 'board.user',
      path: `${PLAN}/add-action`,
      invalid: { priorityNumber: '2', reference: '', title: 'Audit the front door' },
      error: { href: '#reference', text: 'Enter the reference, for example 3.2' },
      kept: 'Audit the front door',
      valid: { priorityNumber: '2', reference: '2.1', title: 'Audit the front door', 'dueDate-day': '31', 'dueDate-month': '3', 'dueDate-year': '2030', initialRating: '' },
      checkShows: ['2: Practice', '2.1', '31 March 2030', 'Not yet rated (TBC)'],
      events: ['ActionAdded'],
      panel: 'Action 2.1 added',
      forbidden: 'lead.user',
    });
    expect((await (await signedIn('board.user')).get(ACTION('2.1'))).text).toContain('Audit the front door');
  });

  it('amends an action, sending only what changed', async () => {
    await journey({
      user: 'board.user',
      path: `${ACTION('1.1')}/amend`,
      invalid: { priorityNumber: '1', title: '', lead: 'Head of Workforce' },
      error: { href: '#title', text: 'Enter what the action is' },
      kept: 'value="Head of Workforce"',
      valid: { priorityNumber: '1', title: 'Action 1.1', lead: 'Head of Workforce' },
      checkShows: ['Head of Workforce (was none)'],
      events: ['ActionAmended'],
      panel: 'Action 1.1 changed',
      forbidden: 'qa.user',
    });
    const amended = (await h.store.readAll({ after: (await h.eventCount()) - 1 }))[0];
    expect(amended.data).toMatchObject({ changes: { lead: 'Head of Workforce' } });
    expect(Object.keys((amended.data as { changes: object }).changes)).toEqual(['lead']);
  });

  it('withdraws an action with a reason', async () => {
    await journey({
      user: 'board.user',
      path: `${ACTION('1.3')}/withdraw`,
      invalid: { reason: '', 'effectiveAt-day': '3', 'effectiveAt-month': '2', 'effectiveAt-year': '2021' },
      error: { href: '#reason', text: 'Enter why it is being withdrawn' },
      kept: 'value="2021"',
      valid: { reason: 'Merged into 1.1 by the board' },
      checkShows: ['Merged into 1.1 by the board', 'Today'],
      events: ['ActionWithdrawn'],
      panel: 'Action 1.3 withdrawn',
      forbidden: 'lead.user',
    });
  });

  it('reopens a completed action with a reason', async () => {
    await journey({
      user: 'qa.user',
      path: `${ACTION('1.4')}/reopen`,
      invalid: { reason: '', 'effectiveAt-day': '31', 'effectiveAt-month': '2', 'effectiveAt-year': '2021' },
      error: { href: '#reason', text: 'Enter why it is being reopened' },
      kept: 'value="31"',
      valid: { reason: 'The March audit found the process not followed' },
      checkShows: ['The March audit found the process not followed'],
      events: ['ActionReopened'],
      panel: 'Action 1.4 reopened',
      forbidden: 'lead.user',
    });
  });

  it('assesses the five criteria on a plan rated by them, and not on a plan rated directly', async () => {
    const lead = await signedIn('lead.user');
    const direct = await lead.get(`${ACTION('1.1')}/criteria`);
    expect(direct.text).toContain('This plan rates its actions directly, not from the five criteria.');
    expect(direct.text).not.toContain('name="clearScope"');
    const path = '/plans/crit/actions/P1/criteria';
    await journey({
      user: 'lead.user',
      path,
      invalid: { clearScope: 'yes', resourceAllocated: 'no' },
      error: { href: '#clearResourceRequirements', text: 'Select yes or no for clear resource requirements' },
      kept: 'name="resourceAllocated" type="radio" value="no" checked',
      valid: { clearScope: 'yes', clearResourceRequirements: 'yes', resourceAllocated: 'yes', projectPlanDeveloped: 'yes', ambitiousDeliveryTimescales: 'no' },
      checkShows: ['The rating that follows', 'Amber: one criterion unmet (ambitious delivery timescales)'],
      // One command: the assessment, and the rating that follows from it.
      events: ['CriteriaAssessed', 'RatingChanged'],
      panel: 'Criteria assessed',
      forbidden: 'auditor.user',
    });
  });

  it('adds a milestone and then changes its status', async () => {
    await journey({
      user: 'board.user',
      path: `${ACTION('1.1')}/add-milestone`,
      invalid: { title: '', lead: 'Team manager', 'dueDate-day': '30', 'dueDate-month': '9', 'dueDate-year': '' },
      error: { href: '#title', text: 'Enter what the milestone is' },
      kept: 'value="Team manager"',
      valid: { title: 'Induction programme running', 'dueDate-day': '30', 'dueDate-month': '9', 'dueDate-year': '2030', lead: 'Team manager' },
      checkShows: ['Induction programme running', '30 September 2030', 'Team manager'],
      events: ['MilestoneAdded'],
      panel: 'Milestone added',
      forbidden: 'lead.user',
    });
    await journey({
      user: 'lead.user',
      path: `${ACTION('1.1')}/milestones/${milestoneId}/status`,
      invalid: { status: '', commentary: 'Two of three posts filled' },
      error: { href: '#status', text: 'Enter the milestone’s status, for example On track' },
      kept: 'Two of three posts filled',
      valid: { status: 'Achieved', commentary: 'Both posts filled' },
      checkShows: ['Achieved (was On track)', 'Both posts filled'],
      events: ['MilestoneStatusChanged'],
      panel: 'Milestone updated',
      forbidden: 'auditor.user',
    });
  });

  it('erases an evidence file lawfully, keeping its fingerprint on record', async () => {
    await journey({
      user: 'admin.user',
      path: `${ACTION('1.1')}/evidence/${evidenceId}/erase`,
      invalid: { reason: '   ' },
      error: { href: '#reason', text: 'Enter the lawful basis for erasing the file' },
      valid: { reason: 'Erasure request of 3 March under UK GDPR Article 17' },
      checkShows: ['staff.txt', 'SHA-256 ', 'Erasure request of 3 March under UK GDPR Article 17'],
      events: ['EvidenceRedacted'],
      panel: 'File erased',
      forbidden: 'board.user',
    });
    const page = (await (await signedIn('admin.user')).get(ACTION('1.1'))).text;
    expect(page).toContain('File erased on');
    expect(page).not.toContain(`/evidence/${evidenceId}/erase`);
  });
});
