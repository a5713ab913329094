import { describeInChromium, PersonBrowser, screenshot, signIn, startWebServer, WebFixture } from '../support/browser';
import { launchOneBrowser, OneBrowser, openPerson } from '../support/one-browser';

const PLAN = '/plans/sunderland-2017';
const ACTION = `${PLAN}/actions/3.2`;

/**
 * The second and third scenarios, on the Sunderland 2017 example the
 * server loads on its first start: action 3.2 was Light Green at the November
 * 2016 board and Dark Green at the February 2017 one ("Current").
 */
describeInChromium('in the browser, an inspector', () => {
  let web: WebFixture;
  let inspector: PersonBrowser;
  let chromium: OneBrowser | undefined;

  // The server's start and the CLI's runs take well over a minute on a busy 2-core machine.
  beforeAll(async () => {
    // Chromium starts while the CLI makes the user and the server loads the example; kept at once, so afterAll closes it.
    const launching = launchOneBrowser().then((browser) => (chromium = browser));
    web = await startWebServer('browser-inspector', { people: [{ id: 'ofsted.hmi', role: 'inspector' }] });
    await launching;
    inspector = await openPerson(chromium!);
    await signIn(inspector.page, web.baseUrl, 'ofsted.hmi');
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  const page = () => inspector.page;
  const text = async (selector: string) => (await page().locator(selector).first().textContent()) ?? '';

  it('sees the plan with each action’s rating as a coloured tag with its label', async () => {
    await page().goto(`${web.baseUrl}${PLAN}`);
    const row = page().locator('tr', { has: page().getByRole('link', { name: /^3\.2\b/ }) });
    expect(await row.locator('.app-rag-tag').textContent()).toBe('Dark Green (DG)');
    // The colour comes from the plan's scale, with text chosen for contrast: white on dark green.
    const colours = await row.locator('.app-rag-tag').evaluate((tag) => {
      const style = (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string; color: string } }).getComputedStyle(tag);
      return [style.backgroundColor, style.color];
    });
    expect(colours).toEqual(['rgb(0, 90, 48)', 'rgb(255, 255, 255)']);
    await screenshot(page(), 'plan');
  });

  it('opens action 3.2 and sees its rating history, who changed it and when', async () => {
    await page().getByRole('link', { name: /^3\.2\b/ }).click();
    expect(await text('h1')).toContain('Action 3.2');
    expect(await text('.govuk-summary-list')).toContain('Dark Green (DG)');
    const history = await text('.app-timeline');
    expect(history).toContain('Rated DG (was LG)');
    expect(history).toContain('Effective 28 February 2017');
    expect(history).toMatch(/recorded .* by example-loader \(Improvement Board\)/);
    await screenshot(page(), 'action');
  });

  it('moves the date back to November 2016 and sees the older rating and the history up to then', async () => {
    await page().getByRole('group', { name: 'Show the action as effective on' }).getByLabel('Day').fill('30');
    await page().getByRole('group', { name: 'Show the action as effective on' }).getByLabel('Month').fill('11');
    await page().getByRole('group', { name: 'Show the action as effective on' }).getByLabel('Year').fill('2016');
    await page().getByRole('button', { name: 'Show the action' }).click();
    // A GET form: the address says which date is shown, so it can be shared.
    expect(new URL(page().url()).searchParams.get('asOf-day')).toBe('30');
    expect(await text('.govuk-inset-text')).toContain('as effective on 30 November 2016');
    expect(await text('.govuk-summary-list')).toContain('Light Green (LG)');
    const history = await text('.app-timeline');
    expect(history).toContain('Rated LG');
    expect(history).not.toContain('Rated DG');
  });

  it('picks the "Nov 16" board date on the plan and sees 3.2 at Light Green there too', async () => {
    await page().goto(`${web.baseUrl}${PLAN}`);
    await page().getByRole('link', { name: /^Nov 16/ }).click();
    const row = page().locator('tr', { has: page().getByRole('link', { name: /^3\.2\b/ }) });
    expect(await row.locator('.app-rag-tag').textContent()).toBe('Light Green (LG)');
  });

  it('is offered "as recorded at", and told plainly when nothing had been recorded by that day', async () => {
    await page().goto(`${web.baseUrl}${PLAN}`);
    const recorded = page().getByRole('group', { name: 'As recorded at' });
    await recorded.getByLabel('Day').fill('1');
    await recorded.getByLabel('Month').fill('1');
    await recorded.getByLabel('Year').fill('2017');
    await page().getByRole('button', { name: 'Show the plan' }).click();
    // The example was recorded when the server first started, so on 1 January 2017 the system held nothing.
    expect(await text('.govuk-error-summary')).toContain('No plan sunderland-2017 was on record');
    expect(await page().locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#knownAt-day');
  });

  it('is not offered the forms that change the plan', async () => {
    await page().goto(`${web.baseUrl}${ACTION}`);
    expect(await page().getByRole('button', { name: 'Rate this action' }).count()).toBe(0);
    expect(await page().getByRole('button', { name: 'Submit evidence' }).count()).toBe(0);
  });

  it('opens the rating form by its address and is refused with a clear page (403)', async () => {
    const response = await page().goto(`${web.baseUrl}${ACTION}/rating`);
    expect(response?.status()).toBe(403);
    expect(await text('h1')).toBe('You cannot do this');
    expect(await text('main')).toContain('You are signed in as ofsted.hmi (inspector)');
    expect(await text('main')).toContain('only action leads and the Improvement Board may');
  });

  it('posts a rating anyway, with its own valid form token, and is refused with nothing recorded', async () => {
    await page().goto(`${web.baseUrl}${ACTION}`);
    const before = await web.eventCount();
    // The inspector's own CSRF token (from the sign-out form), so the refusal is the role's, not the token's.
    const [response] = await Promise.all([
      page().waitForNavigation(),
      page().evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '${ACTION}/rating';
        const fields = { csrfToken: document.querySelector('input[name=csrfToken]').value, code: 'R', commentary: 'Inspector says red' };
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      })()`),
    ]);
    expect(response?.status()).toBe(403);
    expect(await text('h1')).toBe('You cannot do this');
    expect(await text('main')).toContain('Nothing has been recorded');
    expect(await web.eventCount()).toBe(before);
  });

  it('sees the completions the plan file reported listed apart from sign-offs, as from the file', async () => {
    await page().goto(`${web.baseUrl}${PLAN}/completed`);
    expect(await text('main')).toContain('Signed off on accepted evidence (0)');
    expect(await text('main')).toContain('Reported completed by an imported plan file (17)');
    const row = page().locator('tr', { has: page().getByRole('link', { name: /^4\.12$/ }) });
    expect(await row.textContent()).toContain('Completed — from plan.csv, reported 28 February 2017');
    await row.getByRole('link', { name: /^4\.12$/ }).click();
    const summary = await text('.govuk-summary-list');
    expect(summary).toMatch(/From plan\.csv, reported 28 February 2017; imported by example-loader/);
    expect(summary).toContain('Not signed off here, and no evidence was accepted here.');
    expect(summary).not.toContain('Signed off by');
    expect(await text('.app-timeline')).toContain('As plan.csv reported it on 28 February 2017: file SHA-256');
  });

  it('has no link to the audit page, which is for auditors and administrators, and is refused it (403)', async () => {
    // No console errors or failed requests on any page so far (the refusal below is one on purpose).
    expect(inspector.problems).toEqual([]);
    expect(await page().getByRole('link', { name: 'Check the record' }).count()).toBe(0);
    const refused = await page().goto(`${web.baseUrl}/audit`);
    expect(refused?.status()).toBe(403);
    expect(await text('h1')).toContain('You cannot do this');
    expect(await text('main')).toContain('this needs the role of administrator or auditor');
    await screenshot(page(), 'audit-refused');
  });
});
