import { axeViolations, describeInChromium, openBrowser, PersonBrowser, screenshot, seriousOrCritical, signIn, startWebServer, WebFixture } from '../support/browser';

const PLAN = '/plans/sunderland-2017';

/**
 * The board puts a rating right from the pages alone, in Chromium: from the action page to the form
 * by its link, an error, check your answers (with the figures already reported that will change),
 * back to change an answer, then the record and its confirmation. axe-core on every state reached.
 */
describeInChromium('the board corrects a rating and withdraws an action from the pages (Chromium, axe-core)', () => {
  let web: WebFixture;
  let board: PersonBrowser;

  beforeAll(async () => {
    web = await startWebServer('browser-action-forms', { people: [{ id: 'board.chair', role: 'board' }] });
    board = await openBrowser();
    await signIn(board.page, web.baseUrl, 'board.chair');
  });
  afterAll(async () => {
    await board?.close();
    await web?.stop();
  });

  const axeClean = async (label: string) => expect(seriousOrCritical(await axeViolations(board.page, label))).toEqual([]);

  it('corrects a rating through check your answers to the confirmation panel, one entry recorded', async () => {
    const page = board.page;
    await page.goto(`${web.baseUrl}${PLAN}/actions/3.2`);
    await axeClean('action-forms action page with its forms, for the board');
    await page.getByRole('link', { name: 'Correct a rating' }).click();
    // The oldest rating on record: Light Green from September 2015, in force at the board dates since.
    await page.locator('input[name=correctsEventId]').last().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#code');
    await axeClean('action-forms correct a rating, with errors');

    await page.getByLabel('Red (R)', { exact: true }).check();
    await page.getByLabel('Why is the rating being corrected?').fill('Entered as the wrong code; the board agreed Red');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check your answers")');
    // The board is told, before the record, which of the figures it was given will change.
    expect(await page.getByRole('heading', { name: 'Figures already reported to the board that will change' }).count()).toBe(1);
    expect(await page.locator('table.app-board-impact caption').count()).toBeGreaterThan(0);
    await axeClean('action-forms correct a rating, check your answers');
    await screenshot(page, 'action-forms-check-your-answers-1280');
    // WCAG 1.4.10: the figures table fits a 320-pixel phone without the page scrolling sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'action-forms-check-your-answers-320');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Change your answers' }).click();
    expect(await page.getByLabel('Why is the rating being corrected?').inputValue()).toBe('Entered as the wrong code; the board agreed Red');
    await page.getByRole('button', { name: 'Continue' }).click();

    const before = await web.eventCount();
    await page.getByRole('button', { name: 'Record the correction' }).click();
    await page.waitForSelector('.govuk-panel');
    expect(await page.locator('.govuk-panel__title').innerText()).toBe('Rating corrected');
    expect(await web.eventCount()).toBe(before + 1);
    await axeClean('action-forms confirmation');
    await screenshot(page, 'action-forms-confirmation-1280');
    expect(board.problems).toEqual([]);
  });

  it('withdraws an action, refusing it first without a reason', async () => {
    const page = board.page;
    await page.goto(`${web.baseUrl}${PLAN}/actions/3.2`);
    await page.getByRole('link', { name: 'Withdraw this action' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await axeClean('action-forms withdraw, with errors');
    await page.getByLabel('Why is this action being withdrawn?').fill('Merged into 3.1 by the board');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Withdraw the action' }).click();
    await page.waitForSelector('.govuk-panel');
    await page.getByRole('link', { name: 'Go to action 3.2' }).click();
    expect(await page.locator('main').innerText()).toContain('Merged into 3.1 by the board');
    await axeClean('action-forms withdrawn action');
  });
});
