import { Page } from 'playwright-core';
import { AxeViolation, axeViolations, describeInChromium, signIn, startWebServer, WebFixture } from '../support/browser';
import { photographedAtBothWidths } from '../support/page-widths';
import { inLanes, launchOneBrowser, OneBrowser, watchedPage } from '../support/one-browser';

const PLAN = '/plans/sunderland-2017';

interface PageVisit {
  name: string;
  who: 'visitor' | 'board' | 'inspector' | 'auditor';
  /** Go to the page (and, for the error states, submit the form as it stands). */
  visit: (page: Page, baseUrl: string) => Promise<unknown>;
}

const open = (path: string) => (page: Page, baseUrl: string) => page.goto(`${baseUrl}${path}`);
const submitEmpty = (path: string, button: string) => async (page: Page, baseUrl: string) => {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('button', { name: button }).click();
  await page.waitForSelector('.govuk-error-summary');
};

/** Every page of the web UI, in each state a user meets it: as first shown, with errors, refused, not found. */
const PAGES: PageVisit[] = [
  { name: 'sign in', who: 'visitor', visit: open('/sign-in') },
  { name: 'sign in, with errors', who: 'visitor', visit: submitEmpty('/sign-in', 'Sign in') },
  { name: 'plans', who: 'board', visit: open('/plans') },
  { name: 'plan', who: 'board', visit: open(PLAN) },
  { name: 'plan, with a date that does not exist', who: 'board', visit: open(`${PLAN}?asOf-day=31&asOf-month=2&asOf-year=2017`) },
  { name: 'plan, filtered', who: 'board', visit: open(`${PLAN}?rating=R&rating=A&search=social`) },
  { name: 'plan, with a filter the plan has no choice for', who: 'board', visit: open(`${PLAN}?priority=99`) },
  { name: 'your work', who: 'board', visit: open('/your-work') },
  { name: 'plan as effective on Nov 16, for an inspector', who: 'inspector', visit: open(`${PLAN}?asOf=Nov%2016`) },
  { name: 'RAG summary and previous vs current', who: 'board', visit: open(`${PLAN}/summary`) },
  { name: 'completed actions', who: 'board', visit: open(`${PLAN}/completed`) },
  { name: 'actions due by a date', who: 'board', visit: open(`${PLAN}/due?dueBy=2017-03-31`) },
  { name: 'download reports', who: 'board', visit: open(`${PLAN}/downloads`) },
  { name: 'action', who: 'board', visit: open(`${PLAN}/actions/3.2`) },
  { name: 'action as effective on Nov 16, for an inspector', who: 'inspector', visit: open(`${PLAN}/actions/3.2?asOf=Nov%2016`) },
  { name: 'rate an action', who: 'board', visit: open(`${PLAN}/actions/3.2/rating`) },
  { name: 'rate an action, with errors', who: 'board', visit: submitEmpty(`${PLAN}/actions/3.2/rating`, 'Record the rating') },
  { name: 'submit evidence', who: 'board', visit: open(`${PLAN}/actions/3.2/evidence`) },
  { name: 'submit evidence, with errors', who: 'board', visit: submitEmpty(`${PLAN}/actions/3.2/evidence`, 'Submit evidence') },
  { name: 'evidence review queue', who: 'board', visit: open('/review') },
  { name: 'review evidence', who: 'board', visit: open(`${PLAN}/actions/3.2/evidence/ev-axe-review/review`) },
  { name: 'review evidence, with errors', who: 'board', visit: submitEmpty(`${PLAN}/actions/3.2/evidence/ev-axe-review/review`, 'Record the decision') },
  { name: 'sign off as completed', who: 'board', visit: open(`${PLAN}/actions/1.1/sign-off`) },
  { name: 'check the record, and the read side, for an auditor', who: 'auditor', visit: open('/audit') },
  { name: 'the signed record: keys, checkpoints and downloads, for an inspector', who: 'inspector', visit: open('/record') },
  { name: 'the signed record, a proof asked for with no event id', who: 'auditor', visit: open('/record/event-proof?eventId=') },
  { name: 'action as recorded before it was, for an inspector', who: 'inspector', visit: open(`${PLAN}/actions/3.2?knownAt-day=1&knownAt-month=1&knownAt-year=2016`) },
  { name: 'action as recorded at a time that does not exist', who: 'inspector', visit: open(`${PLAN}/actions/3.2?knownAt-day=1&knownAt-month=1&knownAt-year=2016&knownAt-time=25%3A00`) },
  { name: 'refused (403), for an inspector', who: 'inspector', visit: open(`${PLAN}/actions/3.2/rating`) },
  { name: 'page not found', who: 'board', visit: open(`${PLAN}/actions/99.9`) },
  { name: 'home, for a visitor', who: 'visitor', visit: open('/') },
  { name: 'accessibility statement', who: 'visitor', visit: open('/accessibility') },
  { name: 'create a plan', who: 'board', visit: open('/new-plan') },
  { name: 'create a plan, with errors', who: 'board', visit: submitEmpty('/new-plan', 'Continue') },
  { name: 'set up the plan (task list)', who: 'board', visit: open(`${PLAN}/setup`) },
  { name: 'add a board date, with errors', who: 'board', visit: submitEmpty(`${PLAN}/setup/board-date`, 'Continue') },
  {
    name: 'add a priority: check your answers',
    who: 'board',
    visit: async (page, baseUrl) => {
      await page.goto(`${baseUrl}${PLAN}/setup/group`);
      await page.getByLabel('Priority number').fill('9');
      await page.getByLabel('Title').fill('Checked, not recorded');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForSelector('.govuk-summary-list');
    },
  },
  // The pause before each permanent record; these visits stop at the check page, so record nothing.
  {
    name: 'rate an action: check your answers',
    who: 'board',
    visit: async (page, baseUrl) => {
      await page.goto(`${baseUrl}${PLAN}/actions/3.2/rating`);
      // The plan's own scale: its first rating, whatever the scale names it.
      await page.getByRole('radio').first().check();
      await page.getByLabel('Update from the service').fill('Checked, not recorded');
      await page.getByRole('button', { name: 'Record the rating' }).click();
      await page.waitForSelector('.govuk-summary-list');
    },
  },
  {
    name: 'review evidence: check your answers',
    who: 'board',
    visit: async (page, baseUrl) => {
      await page.goto(`${baseUrl}${PLAN}/actions/3.2/evidence/ev-axe-review/review`);
      await page.getByLabel('No, reject it').check();
      await page.getByLabel('If you reject it, why?').fill('Checked, not recorded');
      await page.getByRole('button', { name: 'Record the decision' }).click();
      await page.waitForSelector('h1:has-text("Check your answers")');
    },
  },
  {
    name: 'sign off as completed: check your answers',
    who: 'board',
    visit: async (page, baseUrl) => {
      await page.goto(`${baseUrl}${PLAN}/actions/1.1/sign-off`);
      await page.getByLabel('Comments (optional)').fill('Checked, not recorded');
      await page.getByRole('button', { name: 'Sign off as completed' }).click();
      await page.waitForSelector('h1:has-text("Check your answers")');
    },
  },
  { name: 'KPIs', who: 'board', visit: open(`${PLAN}/kpis`) },
  { name: 'define a KPI', who: 'board', visit: open(`${PLAN}/kpis/define`) },
  { name: 'change the RAG scale, with errors', who: 'board', visit: submitEmpty(`${PLAN}/setup/rag-scale`, 'Continue') },
  { name: 'change a KPI', who: 'board', visit: open(`${PLAN}/kpis/change`) },
];

/**
 * Pages checked at once, each in a tab of its own. Three keep both cores of a busy
 * CI machine working (the server renders one page while chromium runs axe on
 * another) without any tab waiting long enough to time out.
 */
const LANES = 3;

/** The issue: axe-core on every page state, no violation of any impact; each photographed at 1280 and 320 pixels and fitting 320 without a sideways scroll. */
describeInChromium('accessibility of every page (axe-core, WCAG 2.2 A and AA)', () => {
  let web: WebFixture;
  let chromium: OneBrowser | undefined;
  let recordedBeforeVisits = 0;
  let outcomes: Promise<{ ok: true; value: { violations: AxeViolation[]; problems: string[]; reflow: { width: 'fits' | number; sticking: string[] } } } | { ok: false; error: unknown }>[] = [];

  // Set-up starts the server, runs the CLI four times and signs three people in: well over a
  // minute on a loaded 2-core machine, so it gets three, apart from the 60 s each page has.
  beforeAll(async () => {
    // Chromium starts while the CLI makes the users and the server loads the example.
    // Kept as soon as it is up, so that afterAll closes it even when the server fails to start.
    const launching = launchOneBrowser().then((browser) => (chromium = browser));
    web = await startWebServer('browser-axe', {
      people: [
        { id: 'board.chair', role: 'board' },
        { id: 'ofsted.hmi', role: 'inspector' },
        { id: 'audit.office', role: 'auditor' },
      ],
      systems: [{ id: 'lead.system', role: 'lead' }],
    });
    await launching;
    // Evidence waiting for review on 3.2, and accepted evidence on 1.1, so the review and sign-off pages have something to show.
    const lead = (path: string, body: object) => web.api('lead.system', 'POST', path, body);
    for (const [reference, evidenceId] of [['3.2', 'ev-axe-review'], ['1.1', 'ev-axe-accepted']]) {
      const submitted = await lead(`/api/plans/sunderland-2017/actions/${reference}/evidence`, { evidenceId, title: 'MASH audit, March 2017', description: 'Audit of 50 contacts' });
      expect(submitted.status).toBe(201);
    }
    await web.caughtUp();
    // Each person signs in once; every page they visit is a new tab in the same context, so shares the session.
    const signedIn = async (user?: string) => {
      const context = await chromium!.person();
      const page = await context.newPage();
      // The visitor, too, opens the sign-in form once, so its tabs share one sign-in cookie (the form's token).
      if (user) await signIn(page, web.baseUrl, user);
      else await page.goto(`${web.baseUrl}/sign-in`);
      return { context, page };
    };
    const [visitor, board, inspector, auditor] = await Promise.all([signedIn(), signedIn('board.chair'), signedIn('ofsted.hmi'), signedIn('audit.office')]);
    // The board accepts the evidence on 1.1 through its own page, so "sign off" has accepted evidence to show.
    await board.page.goto(`${web.baseUrl}${PLAN}/actions/1.1/evidence/ev-axe-accepted/review`);
    await board.page.getByLabel('Yes, accept it').check();
    await board.page.getByRole('button', { name: 'Record the decision' }).click();
    await board.page.waitForSelector('h1:has-text("Check your answers")');
    const beforeAccepting = await web.eventCount();
    await board.page.getByRole('button', { name: 'Record the decision' }).click();
    await board.page.waitForSelector('.govuk-notification-banner');
    expect(await web.eventCount()).toBe(beforeAccepting + 1);
    await Promise.all([visitor, board, inspector, auditor].map((person) => person.page.close()));
    const contexts = { visitor: visitor.context, board: board.context, inspector: inspector.context, auditor: auditor.context };
    // No visit changes what another shows: the error states submit forms that record nothing.
    // Each lane keeps a tab per person and reuses it: opening and closing a tab per page cost more than the page did.
    recordedBeforeVisits = await web.eventCount();
    const tabs = new Map<string, Promise<{ page: Page; problems: string[] }>>();
    const tab = (lane: number, who: PageVisit['who']) => {
      const key = `${lane} ${who}`;
      if (!tabs.has(key)) tabs.set(key, watchedPage(contexts[who]));
      return tabs.get(key)!;
    };
    outcomes = inLanes(PAGES, LANES, async (visit, lane) => {
      const { page, problems } = await tab(lane, visit.who);
      problems.length = 0;
      await visit.visit(page, web.baseUrl);
      const violations = await axeViolations(page, `axe ${visit.name}`);
      const reflow = await photographedAtBothWidths(page, `page ${visit.name}`);
      return { violations, problems: [...problems], reflow };
    });
  }, 180_000);

  afterAll(async () => {
    // Every tab finishes (or fails) before the browser and the server go.
    await Promise.all(outcomes);
    await chromium?.close();
    await web?.stop();
  });

  it.each(PAGES.map((p, index) => [p.name, index] as const))('%s: no axe violation, and no sideways scroll at 320 pixels', async (_name, index) => {
    const outcome = await outcomes[index];
    if (!outcome.ok) throw outcome.error;
    // No violation of any impact (issue 26), and no sideways scroll at 320 pixels (WCAG 1.4.10).
    expect(outcome.value.violations).toEqual([]);
    expect(outcome.value.reflow).toEqual({ width: 'fits', sticking: [] });
    // And the strict CSP held: no blocked script or style, nothing failed to load.
    expect(outcome.value.problems).toEqual([]);
  });

  it('recorded nothing in any visit: the error states and the check pages stop before the permanent record', async () => {
    await Promise.all(outcomes);
    expect(await web.eventCount()).toBe(recordedBeforeVisits);
  });
});
