import { createHash } from 'node:crypto';
import { describeInChromium, PersonBrowser, screenshot, signIn, startWebServer, WebFixture } from '../support/browser';
import { launchOneBrowser, OneBrowser, openPerson } from '../support/one-browser';

const PLAN = 'qa-demo';
const ACTION = `/plans/${PLAN}/actions/1.1`;
const EVIDENCE = Buffer.from('Workforce dashboard, March 2017\nPermanent social workers: 91%\nPermanent managers: 84%\n');

/**
 * The first scenario: in a plan whose completions the Quality Assurance
 * service signs off, a lead rates an action and submits evidence with a file,
 * then QA accepts the evidence and signs the action off — all in the browser.
 */
describeInChromium('in the browser, a lead submits evidence and QA accepts it and signs the action off', () => {
  let web: WebFixture;
  let lead: PersonBrowser;
  let qa: PersonBrowser;
  let chromium: OneBrowser | undefined;

  // The server's start and the CLI's runs take well over a minute on a busy 2-core machine.
  beforeAll(async () => {
    // Chromium starts while the CLI makes the users and the server loads the example; kept at once, so afterAll closes it.
    const launching = launchOneBrowser().then((browser) => (chromium = browser));
    web = await startWebServer('browser-qa', {
      people: [
        { id: 'lead.jo', role: 'lead' },
        { id: 'qa.sam', role: 'qa' },
      ],
      systems: [{ id: 'board.system', role: 'board' }],
    });
    const setUp = async (path: string, body: object) => {
      const response = await web.api('board.system', 'POST', path, { ...body, effectiveAt: '2017-01-31', reason: 'Plan set up from the January board papers' });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    await setUp('/api/plans', { planId: PLAN, title: 'Children’s Services Improvement Plan', council: 'Example Borough Council', scale: 'sunderland-5', signOffRole: 'qa' });
    await setUp(`/api/plans/${PLAN}/priorities`, { number: 1, title: 'A stable, skilled social work workforce' });
    await setUp(`/api/plans/${PLAN}/actions`, { reference: '1.1', priorityNumber: 1, title: 'Implement a workforce strategy', lead: 'Principal Social Worker', dueDate: '2017-03-31', initialRating: 'A' });
    await web.caughtUp();
    await launching;
    // One browser, a context (cookies) for each person.
    [lead, qa] = await Promise.all([openPerson(chromium!), openPerson(chromium!)]);
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  /** The pause before a permanent record: the check page shows what was typed, and nothing is appended yet. */
  async function checkYourAnswers(who: typeof lead, shows: string, before: number): Promise<void> {
    await who.page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    expect(await who.page.locator('.govuk-summary-list').textContent()).toContain(shows);
    expect(await web.eventCount()).toBe(before);
  }

  it('lets the lead rate the action Dark Green, after pointing out the missing rating', async () => {
    await signIn(lead.page, web.baseUrl, 'lead.jo');
    await lead.page.goto(`${web.baseUrl}${ACTION}`);
    await lead.page.getByRole('button', { name: 'Rate this action' }).click();
    const before = await web.eventCount();
    await lead.page.getByRole('button', { name: 'Record the rating' }).click();
    await expectErrorSummaryLink(lead, 'Select a rating', '#code');
    expect(await web.eventCount()).toBe(before);

    await lead.page.getByLabel('Dark Green (DG)').check();
    await lead.page.getByLabel('Update from the service').fill('Permanent recruitment is ahead of target for the second quarter running.');
    await lead.page.getByRole('button', { name: 'Record the rating' }).click();
    await checkYourAnswers(lead, 'Dark Green (DG)', before);
    await lead.page.getByRole('button', { name: 'Record the rating' }).click();
    expect(await web.eventCount()).toBe(before + 1);
    expect(await lead.page.locator('.govuk-notification-banner').textContent()).toContain('The new rating has been recorded');
    expect(await lead.page.locator('.govuk-summary-list').first().textContent()).toContain('Dark Green (DG)');
    expect(await lead.page.locator('.app-timeline').textContent()).toContain('Rated DG (was A)');
  });

  it('lets the lead submit evidence with a file, which keeps its SHA-256', async () => {
    await lead.page.getByRole('button', { name: 'Submit evidence' }).click();
    await lead.page.getByLabel('Title').fill('Workforce dashboard, March 2017');
    await lead.page.getByLabel('What it shows (optional)').fill('Permanent posts filled, by team');
    await lead.page.getByLabel('Attach a file (optional)').setInputFiles({ name: 'workforce-dashboard.txt', mimeType: 'text/plain', buffer: EVIDENCE });
    await lead.page.getByRole('button', { name: 'Submit evidence' }).click();
    expect(await lead.page.locator('.govuk-notification-banner').textContent()).toContain('The evidence has been submitted for review');
    const evidence = lead.page.locator('.app-evidence');
    expect(await evidence.textContent()).toContain('Awaiting review');
    expect(await evidence.textContent()).toContain(createHash('sha256').update(EVIDENCE).digest('hex'));
    expect(lead.problems).toEqual([]);
  });

  it('shows QA the evidence in the review queue', async () => {
    await signIn(qa.page, web.baseUrl, 'qa.sam');
    await qa.page.getByRole('link', { name: 'Evidence review' }).click();
    const queue = qa.page.locator('table', { hasText: 'Workforce dashboard, March 2017' });
    expect(await queue.textContent()).toContain('lead.jo (action lead)');
    await screenshot(qa.page, 'qa-queue');
  });

  it('asks QA for a reason before rejecting, then records the acceptance', async () => {
    await qa.page.getByRole('link', { name: /Review Workforce dashboard/ }).click();
    const before = await web.eventCount();
    await qa.page.getByLabel('No, reject it').check();
    await qa.page.getByRole('button', { name: 'Record the decision' }).click();
    await expectErrorSummaryLink(qa, 'Enter the reason the evidence is rejected', '#reason');
    expect(await web.eventCount()).toBe(before);

    await qa.page.getByLabel('Yes, accept it').check();
    await qa.page.getByLabel('Comments if you accept it (optional)').fill('Figures match the HR system');
    await qa.page.getByRole('button', { name: 'Record the decision' }).click();
    await checkYourAnswers(qa, 'Figures match the HR system', before);
    await qa.page.getByRole('button', { name: 'Record the decision' }).click();
    // Back on the queue, not the action: the next item is in view, and the action is now ready to sign off.
    await qa.page.waitForURL((url) => url.pathname === '/review');
    expect(await web.eventCount()).toBe(before + 1);
    expect(await qa.page.locator('.govuk-notification-banner').textContent()).toContain('The evidence has been accepted');
    await qa.page.getByRole('link', { name: '1.1', exact: true }).first().click();
    expect(await qa.page.locator('.app-evidence').textContent()).toContain('Accepted by qa.sam (Quality Assurance service)');
  });

  it('lets QA sign the action off, after which it shows as completed everywhere', async () => {
    await qa.page.getByRole('button', { name: 'Sign off as completed' }).click();
    await qa.page.getByLabel('Comments (optional)').fill('Completed and evidenced');
    const before = await web.eventCount();
    await qa.page.getByRole('button', { name: 'Sign off as completed' }).click();
    await checkYourAnswers(qa, 'Completed and evidenced', before);
    await qa.page.getByRole('button', { name: 'Sign off as completed' }).click();
    await qa.page.waitForURL((url) => url.pathname === '/review');
    expect(await web.eventCount()).toBe(before + 1);
    expect(await qa.page.locator('.govuk-notification-banner').textContent()).toContain('The action has been signed off as completed');
    await qa.page.goto(`${web.baseUrl}${ACTION}`);
    expect(await qa.page.locator('.govuk-summary-list').first().textContent()).toContain('Completed (C)');
    expect(await qa.page.locator('.app-timeline').textContent()).toContain('Signed off as completed');

    await qa.page.goto(`${web.baseUrl}/plans/${PLAN}/completed`);
    const register = await qa.page.locator('table').textContent();
    expect(register).toContain('1.1');
    expect(register).toContain('qa.sam (Quality Assurance service)');
    expect(register).toContain('Workforce dashboard, March 2017');
    expect(qa.problems).toEqual([]);
  });
});

async function expectErrorSummaryLink(person: PersonBrowser, text: string, href: string): Promise<void> {
  const summary = person.page.locator('.govuk-error-summary');
  expect(await summary.isVisible()).toBe(true);
  expect(await summary.getByRole('link', { name: text }).getAttribute('href')).toBe(href);
  expect(await person.page.title()).toMatch(/^Error: /);
}
