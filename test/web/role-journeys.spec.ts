import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { photographedAtBothWidths } from '../support/page-widths';
import { ARTIFACTS, axeViolations, describeInChromium, openBrowser, PASSWORD, PersonBrowser, startWebServer, WebFixture } from '../support/browser';

const VERIFIER = join(__dirname, '../../tools/verify-export.js');
const DOWNLOADS = join(ARTIFACTS, 'journey-downloads');
const PLAN_ID = 'journeys-2026';
const PLAN_TITLE = 'Children’s Services Improvement Plan (journeys)';
const EVIDENCE = Buffer.from('Workforce dashboard\nPermanent social workers: 91%\n');

/** A navigation to the page whose path ends so (a query after it, such as ?recorded=rating, is the page's own). */
const endsWith = (path: string) => (url: URL) => url.pathname.endsWith(path);

/** A day `offset` days from today, as London sees it, in its three date boxes and as an ISO date. */
function londonDay(offset = 0, at = Date.now()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at + offset * 86_400_000))
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}`, iso: `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` };
}

/**
 * Issue 26, "what it must show": each role's whole job in a real browser, from the sign-in page and
 * the pages' own links, buttons and forms; no address is typed after the sign-in page. Every page
 * state reached is checked with axe (no violation of any kind), photographed at 1280 and 320 pixels,
 * and must not scroll sideways at 320. The lead's journey is done with the keyboard alone.
 *
 * QA reopens the action it signed off last, after the inspector and the auditor have read it as completed.
 */
describeInChromium('each role’s whole job from the pages alone', () => {
  let web: WebFixture;
  const people: PersonBrowser[] = [];
  const reached: string[] = [];
  /** The UK minute the actions were added in, the earlier minute the inspector asks about. */
  let added: ReturnType<typeof londonDay>;
  // Each journey is a person's whole job, with every page looked at twice and checked by axe.
  jest.setTimeout(120_000);

  beforeAll(async () => {
    web = await startWebServer('browser-journeys', {
      people: [
        { id: 'board.chair', role: 'board' },
        { id: 'lead.jo', role: 'lead' },
        { id: 'qa.sam', role: 'qa' },
        { id: 'ofsted.hmi', role: 'inspector' },
        { id: 'audit.office', role: 'auditor' },
      ],
      systems: [{ id: 'board.system', role: 'board' }],
    });
    mkdirSync(DOWNLOADS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    for (const person of people) await person.close();
    await web?.stop();
  });

  /** A fresh browser profile for one person, at the sign-in page: the only address any journey is given. */
  async function arrive(): Promise<PersonBrowser> {
    const person = await openBrowser();
    people.push(person);
    // A step that cannot be found fails in seconds, not after the suite's whole budget.
    person.page.setDefaultTimeout(10_000);
    await person.page.goto(`${web.baseUrl}/sign-in`);
    return person;
  }

  async function signIn(person: PersonBrowser, user: string) {
    await look(person, `sign in (${user})`);
    await person.page.getByLabel('User name').fill(user);
    await person.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  /**
   * The page as it stands: no axe violation, nothing blocked by the CSP or failed to load, a
   * screenshot at 1280 and at 320 pixels, and no sideways scroll at 320.
   */
  async function look(person: PersonBrowser, name: string) {
    const page = person.page;
    await page.waitForLoadState('load');
    reached.push(name);
    expect({ name, violations: await axeViolations(page, `journey ${name}`) }).toEqual({ name, violations: [] });
    expect({ name, ...(await photographedAtBothWidths(page, `journey ${name}`)) }).toEqual({ name, width: 'fits', sticking: [] });
    expect({ name, problems: person.problems }).toEqual({ name, problems: [] });
  }

  /** Follow a link or button by its name, then look at where it led. */
  async function follow(person: PersonBrowser, role: 'link' | 'button', name: string | RegExp, pageName: string) {
    await person.page.getByRole(role, { name }).first().click();
    await look(person, pageName);
  }

  /** Our plan's part of "Your work", which lists every plan: from its heading to the next. */
  const planSection = (page: Page) =>
    page.evaluate(`(() => { const out = []; let on = false; for (const e of document.querySelectorAll('main > *')) { if (e.tagName === 'H2') on = e.textContent.trim() === ${JSON.stringify(PLAN_TITLE)}; if (on) out.push(e.textContent); } return out.join(' ').replace(/\\s+/g, ' '); })()`) as Promise<string>;
  const mainButton = (page: Page) => page.locator('main').getByRole('button').last();
  const banner = (page: Page) => page.locator('.govuk-notification-banner, .govuk-panel').first().textContent();

  it('the board sets up a plan from the task list, QA signing off', async () => {
    const board = await arrive();
    const page = board.page;
    await signIn(board, 'board.chair');
    await look(board, 'board: plans');
    await follow(board, 'button', 'Create a plan', 'board: create a plan');
    // The errors first, as a person who presses on meets them.
    const before = await web.eventCount();
    await mainButton(page).click();
    await look(board, 'board: create a plan, with errors');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a short name for the plan');
    await page.getByLabel('Short name for the plan').fill(PLAN_ID);
    await page.getByLabel('Title', { exact: true }).fill(PLAN_TITLE);
    await page.getByLabel('Council').fill('Example Borough Council');
    await page.locator('input[name="scale"][value="rag-completed"]').check();
    await page.getByLabel('The Quality Assurance service').check();
    await page.getByLabel('Yes', { exact: true }).check();
    const began = londonDay(-60);
    await page.locator('#effectiveAt-day').fill(began.day);
    await page.locator('#effectiveAt-month').fill(began.month);
    await page.locator('#effectiveAt-year').fill(began.year);
    await page.getByLabel('Reason for an earlier date (if needed)').fill('Agreed by the Improvement Board; entered from its papers');
    await mainButton(page).click();
    await look(board, 'board: create a plan, check your answers');
    expect(await page.locator('main').textContent()).toContain('Check your answers');
    expect(await web.eventCount()).toBe(before);
    await mainButton(page).click();
    await look(board, 'board: plan created');
    expect(await banner(page)).toContain('Plan created');
    expect(await web.eventCount()).toBeGreaterThan(before);

    await follow(board, 'link', 'Set up the rest of the plan', 'board: set up the plan (task list)');
    await follow(board, 'link', /^Add priorities/, 'board: add a priority');
    await page.getByLabel('Priority number').fill('1');
    await page.getByLabel('Title', { exact: true }).fill('A stable, skilled social work workforce');
    await mainButton(page).click();
    await look(board, 'board: add a priority, check your answers');
    await mainButton(page).click();
    await look(board, 'board: priority added');
    await follow(board, 'link', 'Back to setting up the plan', 'board: task list, a priority added');
    // The last board, two weeks ago: ratings given since are for the next board to agree.
    await follow(board, 'link', /^Add board dates/, 'board: add a board date');
    const lastBoard = londonDay(-14);
    await page.getByLabel('Name of the board date').fill('Last board');
    await page.locator('#date-day').fill(lastBoard.day);
    await page.locator('#date-month').fill(lastBoard.month);
    await page.locator('#date-year').fill(lastBoard.year);
    await mainButton(page).click();
    await look(board, 'board: add a board date, check your answers');
    await mainButton(page).click();
    await look(board, 'board: board date added');

    const { body: plan } = await web.api('board.system', 'GET', `/api/plans/${PLAN_ID}`);
    expect(plan).toMatchObject({ title: PLAN_TITLE, signOffRole: 'qa', separationOfDuties: true, priorities: [{ number: 1 }], reportingPoints: [{ label: 'Last board', date: lastBoard.iso }] });

    // The plan's actions, from the task list's "Add actions" and the add-action form, each checked before it is recorded.
    const backdated = londonDay(-30);
    const due = londonDay(5);
    for (const [reference, title] of [
      ['1.1', 'Implement a workforce strategy'],
      ['1.2', 'Reduce caseloads to 18'],
    ]) {
      // From the board date's confirmation back to the task list; from an action's, by the plan's own navigation.
      if (reference === '1.1') await follow(board, 'link', 'Back to setting up the plan', 'board: task list, a board date added');
      else {
        await follow(board, 'link', 'Back to the plan', `board: the plan, before action ${reference}`);
        await follow(board, 'link', 'Set up the plan', `board: task list, before action ${reference}`);
      }
      await follow(board, 'link', /^Add actions/, `board: add action ${reference}`);
      await page.getByLabel('1: A stable, skilled social work workforce').check();
      await page.getByLabel('Reference').fill(reference);
      await page.getByLabel('What is the action?').fill(title);
      await page.getByLabel('Lead (optional)').fill('Head of Workforce');
      await page.getByLabel('The lead’s user name (optional)').fill('lead.jo');
      await page.locator('#dueDate-day').fill(due.day);
      await page.locator('#dueDate-month').fill(due.month);
      await page.locator('#dueDate-year').fill(due.year);
      await page.locator('input[name="initialRating"][value="A"]').check();
      await page.locator('#effectiveAt-day').fill(backdated.day);
      await page.locator('#effectiveAt-month').fill(backdated.month);
      await page.locator('#effectiveAt-year').fill(backdated.year);
      await page.getByLabel('Reason for an earlier date (if needed)').fill('In the plan as agreed');
      const beforeAction = await web.eventCount();
      await page.getByRole('button', { name: 'Continue' }).click();
      await look(board, `board: add action ${reference}, check your answers`);
      expect(await web.eventCount()).toBe(beforeAction);
      await page.getByRole('button', { name: 'Add the action' }).click();
      await look(board, `board: action ${reference} added`);
      expect(await banner(page)).toContain(`Action ${reference} added`);
      // The minute 1.1 went on record: the inspector asks what was known then.
      if (reference === '1.1') added = londonDay();
    }
    const { body: withActions } = await web.api('board.system', 'GET', `/api/plans/${PLAN_ID}`);
    expect(withActions.actions.map((a: { reference: string; leadUser: string; rating: { code: string } }) => [a.reference, a.leadUser, a.rating?.code])).toEqual([
      ['1.1', 'lead.jo', 'A'],
      ['1.2', 'lead.jo', 'A'],
    ]);
    await web.caughtUp();
  });

  it('the lead rates an action with an update and submits evidence, with the keyboard alone', async () => {
    const lead = await arrive();
    const page = lead.page;
    // Any click of a pointer (a mouse, a finger) is counted, across page loads; keys never are.
    await lead.context.addInitScript(`document.addEventListener('pointerdown', () => sessionStorage.setItem('pointer', String(Number(sessionStorage.getItem('pointer') || 0) + 1)), true)`);
    await page.reload();
    const pointerPresses = async () => Number(await page.evaluate(`sessionStorage.getItem('pointer') || 0`));
    const focused = () => page.evaluate(`(() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.id || e.textContent || '').trim().replace(/\\s+/g, ' ') : '' })()`) as Promise<string>;
    /** Tab (or Shift+Tab) until the focused element is the one wanted, as a keyboard user would. */
    const tabTo = async (wanted: RegExp, back = false) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
        if (wanted.test(await focused())) return;
      }
      throw new Error(`Tab never reached ${wanted} on ${page.url()}`);
    };

    await look(lead, 'lead: sign in');
    await tabTo(/^user$/);
    await page.keyboard.type('lead.jo');
    await tabTo(/^password$/);
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: plans');
    await tabTo(/^Your work$/);
    await Promise.all([page.waitForURL(endsWith('/your-work')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: your work');
    const queue = await page.locator('main').textContent();
    expect(queue).toContain('Your actions awaiting an update (2)');

    // Evidence for 1.2 first (QA will send it back): from "Your work", through the action.
    await tabTo(/^1\.2$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.2')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: action 1.2');
    await tabTo(/^Submit evidence$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.2/evidence')), page.keyboard.press('Enter')]);
    await tabTo(/^title$/);
    await page.keyboard.type('Caseload report');
    await tabTo(/^description$/);
    await page.keyboard.type('On the shared drive, Workforce/Caseloads');
    await tabTo(/^Submit evidence$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.2')), page.keyboard.press('Enter')]);
    expect(await banner(page)).toContain('The evidence has been submitted for review');

    await tabTo(/^Your work$/, true);
    await Promise.all([page.waitForURL(endsWith('/your-work')), page.keyboard.press('Enter')]);

    await tabTo(/^Give an update on action 1\.1$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.1/rating')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: rate an action');
    // Pressing on with nothing chosen: the error summary takes the focus, and its link leads to the field.
    await tabTo(/^Record the rating$/);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await look(lead, 'lead: rate an action, with errors');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select a rating');
    // Into the radios (the first, Red), then down the group to Green with the arrow keys, as radios are used.
    await tabTo(/^code$/);
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Green (G)').isChecked()).toBe(true);
    await tabTo(/^commentary$/);
    await page.keyboard.type('Permanent recruitment is ahead of target for the second quarter running.');
    await tabTo(/^Record the rating$/);
    // The pause before the permanent record: "Check your answers", reached and left by the keyboard too; nothing appended yet.
    const beforeRating = await web.eventCount();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await look(lead, 'lead: check your answers, rating');
    expect(await page.locator('h1').textContent()).toContain('Check your answers');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Permanent recruitment is ahead of target');
    expect(await web.eventCount()).toBe(beforeRating);
    await tabTo(/^Record the rating$/);
    // The inspector asks about the minute the actions were added in: the rating is recorded in a later one.
    while (londonDay().time === added.time) await new Promise((r) => setTimeout(r, 500));
    await Promise.all([page.waitForURL(endsWith('/actions/1.1')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: action rated');
    expect(await banner(page)).toContain('The new rating has been recorded');
    expect(await web.eventCount()).toBe(beforeRating + 1);
    expect(await page.locator('.app-timeline').textContent()).toContain('Rated G (was A)');

    // Evidence with a file, chosen through the file picker the keyboard opens.
    await tabTo(/^Submit evidence$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.1/evidence')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: submit evidence');
    await tabTo(/^title$/);
    await page.keyboard.type('Workforce dashboard, March');
    await tabTo(/^file$/);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: 'workforce-dashboard.txt', mimeType: 'text/plain', buffer: EVIDENCE });
    await tabTo(/^Submit evidence$/);
    await Promise.all([page.waitForURL(endsWith('/actions/1.1')), page.keyboard.press('Enter')]);
    await look(lead, 'lead: evidence submitted');
    expect(await banner(page)).toContain('The evidence has been submitted for review');

    expect(await pointerPresses()).toBe(0);
    const { body: events } = await web.api('board.system', 'GET', `/api/streams/action-${PLAN_ID}%2F1.1/events`);
    expect(events.events.map((e: { type: string; metadata: { actor: { id: string } } }) => `${e.type} by ${e.metadata.actor.id}`).slice(-2)).toEqual(['RatingChanged by lead.jo', 'EvidenceSubmitted by lead.jo']);
  });

  /** The pause before a permanent record: the check page shows what was typed, and nothing is appended yet. */
  async function checkYourAnswers(who: Awaited<ReturnType<typeof arrive>>, name: string, shows: string, before: number): Promise<void> {
    await who.page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    await look(who, name);
    expect(await who.page.locator('.govuk-summary-list').textContent()).toContain(shows);
    expect(await web.eventCount()).toBe(before);
  }

  it('QA rejects evidence with a reason, accepts evidence and signs the action off', async () => {
    const qa = await arrive();
    const page = qa.page;
    await signIn(qa, 'qa.sam');
    await follow(qa, 'link', 'Evidence review', 'qa: evidence review queue');
    await follow(qa, 'link', /^Review Caseload report/, 'qa: review evidence');
    const before = await web.eventCount();
    await page.getByLabel('No, reject it').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await look(qa, 'qa: review evidence, with errors');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the reason the evidence is rejected');
    expect(await web.eventCount()).toBe(before);
    await page.getByLabel('If you reject it, why?').fill('The report is for the wrong month');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await checkYourAnswers(qa, 'qa: check your answers, reject', 'The report is for the wrong month', before);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL((url) => url.pathname === '/review');
    expect(await web.eventCount()).toBe(before + 1);
    await look(qa, 'qa: evidence rejected');
    expect(await banner(page)).toContain('The evidence has been rejected');

    await follow(qa, 'link', 'Your work', 'qa: your work');
    await follow(qa, 'link', /^Review “Workforce dashboard/, 'qa: review evidence 1.1');
    await page.getByLabel('Yes, accept it').check();
    await page.getByLabel('Comments if you accept it (optional)').fill('Figures match the HR system');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await checkYourAnswers(qa, 'qa: check your answers, accept', 'Figures match the HR system', before + 1);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL((url) => url.pathname === '/your-work');
    expect(await web.eventCount()).toBe(before + 2);
    await look(qa, 'qa: evidence accepted');
    expect(await banner(page)).toContain('The evidence has been accepted');
    await follow(qa, 'link', 'Sign off action 1.1', 'qa: sign off');
    await page.getByLabel('Comments (optional)').fill('Completed and evidenced');
    await page.getByRole('button', { name: 'Sign off as completed' }).click();
    await checkYourAnswers(qa, 'qa: check your answers, sign off', 'Completed and evidenced', before + 2);
    await page.getByRole('button', { name: 'Sign off as completed' }).click();
    await page.waitForURL((url) => url.pathname === '/your-work');
    expect(await web.eventCount()).toBe(before + 3);
    await look(qa, 'qa: signed off');
    expect(await banner(page)).toContain('The action has been signed off as completed');
    const { body: plan } = await web.api('board.system', 'GET', `/api/plans/${PLAN_ID}`);
    const byRef = Object.fromEntries(plan.actions.map((a: { reference: string }) => [a.reference, a]));
    expect(byRef['1.1'].status).toBe('completed');
    expect(byRef['1.2'].evidence.map((e: { status: string }) => e.status)).toEqual(['rejected']);
  });

  it('the board agrees the ratings at its meeting: the queue lists them, and a board date recorded today settles them', async () => {
    const board = await arrive();
    const page = board.page;
    await signIn(board, 'board.chair');
    await follow(board, 'link', 'Your work', 'board: your work, ratings to agree');
    expect(await planSection(page)).toContain('Ratings to agree (1)');
    // Today's meeting: from the plan, its task list, a board date today.
    await follow(board, 'link', /^the whole plan.*\(journeys\)$/, 'board: the plan');
    await follow(board, 'link', 'Set up the plan', 'board: task list again');
    await follow(board, 'link', /^Add board dates/, 'board: add today’s board date');
    const today = londonDay();
    await page.getByLabel('Name of the board date').fill('This board');
    await page.locator('#date-day').fill(today.day);
    await page.locator('#date-month').fill(today.month);
    await page.locator('#date-year').fill(today.year);
    await mainButton(page).click();
    await mainButton(page).click();
    await look(board, 'board: today’s board date added');
    await follow(board, 'link', 'Your work', 'board: your work, ratings agreed');
    const after = await planSection(page);
    expect(after).toContain('Ratings to agree (0)');
    expect(after).toMatch(/No rating has changed since the board of/);
  });

  it('the inspector reads the rating’s history as recorded at an earlier minute', async () => {
    const inspector = await arrive();
    const page = inspector.page;
    await signIn(inspector, 'ofsted.hmi');
    await follow(inspector, 'link', PLAN_TITLE, 'inspector: the plan');
    await follow(inspector, 'link', /^1\.1$/, 'inspector: action');
    const rating = () => page.locator('.govuk-summary-list').first().textContent();
    // Today it stands completed, signed off by QA, with the lead's update.
    expect(await rating()).toContain('Completed (C)');
    await page.locator('#knownAt-day').fill(added.day);
    await page.locator('#knownAt-month').fill(added.month);
    await page.locator('#knownAt-year').fill(added.year);
    await page.locator('#knownAt-time').fill(added.time);
    await page.locator('form:has(#knownAt-time)').getByRole('button').click();
    await page.waitForURL((url) => url.searchParams.has('knownAt-time'));
    await look(inspector, 'inspector: action as recorded at an earlier minute');
    expect(await page.locator('main').textContent()).toMatch(/as recorded by \d+ \w+ \d{4} at \d\d:\d\d/);
    expect(await rating()).toContain('Amber (A)');
    expect(await page.locator('main').textContent()).not.toContain('Permanent recruitment is ahead of target');
  });

  it('the auditor downloads the plan’s export and an action’s proof bundle, and both check out with tools/verify-export.js', async () => {
    const auditor = await arrive();
    const page = auditor.page;
    await signIn(auditor, 'audit.office');
    await follow(auditor, 'link', 'Keys, checkpoints and downloads', 'auditor: the signed record');
    const save = async (name: string | RegExp, file: string) => {
      const link = page.getByRole('link', { name }).first();
      expect(await link.count()).toBe(1);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), link.click()]);
      expect(await download.failure()).toBeNull();
      const path = join(DOWNLOADS, file);
      await download.saveAs(path);
      return path;
    };
    const key = await save(/^Download the public key/, 'key.pem');
    expect(readFileSync(key, 'utf8')).toContain('BEGIN PUBLIC KEY');
    const exported = await save(`Download the record of ${PLAN_TITLE} (JSONL)`, 'plan.jsonl');
    const verify = (path: string) => spawnSync(process.execPath, [VERIFIER, path, '--public-key', key], { encoding: 'utf8', timeout: 30_000 });
    const exportChecked = verify(exported);
    expect(exportChecked.stdout).toMatch(/RESULT: intact/);
    expect(exportChecked.status).toBe(0);

    await follow(auditor, 'link', 'Plans', 'auditor: plans');
    await follow(auditor, 'link', PLAN_TITLE, 'auditor: the plan');
    await follow(auditor, 'link', /^1\.1$/, 'auditor: action, with event ids');
    const bundle = await save(/^Download proof bundle\s*: the history of action 1\.1$/, 'history-1.1.json');
    const bundleChecked = verify(bundle);
    expect(bundleChecked.stdout).toMatch(/RESULT: intact/);
    expect(bundleChecked.status).toBe(0);
  });

  it('QA reopens the action it signed off, with a reason, from the action page', async () => {
    const qa = await arrive();
    const page = qa.page;
    await signIn(qa, 'qa.sam');
    await follow(qa, 'link', PLAN_TITLE, 'qa: the plan');
    await follow(qa, 'link', /^1\.1$/, 'qa: the completed action');
    await follow(qa, 'link', 'Reopen this action', 'qa: reopen the action');
    const before = await web.eventCount();
    await page.getByRole('button', { name: 'Continue' }).click();
    await look(qa, 'qa: reopen the action, with errors');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter why it is being reopened');
    await page.getByLabel('Why is this action being reopened?').fill('The audit found the strategy was not being followed');
    await page.getByRole('button', { name: 'Continue' }).click();
    await look(qa, 'qa: reopen the action, check your answers');
    expect(await web.eventCount()).toBe(before);
    await page.getByRole('button', { name: 'Reopen the action' }).click();
    await look(qa, 'qa: action reopened');
    expect(await banner(page)).toContain('Action 1.1 reopened');
    const { body: events } = await web.api('board.system', 'GET', `/api/streams/action-${PLAN_ID}%2F1.1/events`);
    expect(events.events.map((e: { type: string; metadata: { actor: { id: string } } }) => `${e.type} by ${e.metadata.actor.id}`).slice(-1)).toEqual(['ActionReopened by qa.sam']);
    const { body: plan } = await web.api('board.system', 'GET', `/api/plans/${PLAN_ID}`);
    expect(plan.actions.find((a: { reference: string }) => a.reference === '1.1').status).not.toBe('completed');
  });

  it('looked at every page state the journeys reach (each checked by axe, photographed and measured at 320 as it was reached)', () => {
    // The journeys' own count, so a journey cut short is seen here too.
    expect(reached.length).toBeGreaterThanOrEqual(49);
  });
});
