import { axeViolations, describeInChromium, openBrowser, PersonBrowser, screenshot, signIn, startWebServer, WebFixture } from '../support/browser';

const PLAN = '/plans/sunderland-2017';
const NARROW = 320;

/** The pages people use most, as the board and as QA see them, including a filtered plan and the queues. */
const PAGES: { name: string; who: 'board' | 'qa'; path: string }[] = [
  { name: 'plan', who: 'board', path: PLAN },
  { name: 'plan, filtered', who: 'board', path: `${PLAN}?rating=R&rating=A&search=social` },
  { name: 'evidence review queue', who: 'board', path: '/review' },
  { name: 'evidence review queue, for QA in a plan the board signs off', who: 'qa', path: '/review' },
  { name: 'your work', who: 'board', path: '/your-work' },
  { name: 'RAG summary', who: 'board', path: `${PLAN}/summary` },
  { name: 'action', who: 'board', path: `${PLAN}/actions/3.2` },
];

/**
 * WCAG 1.4.10 reflow: at 320 CSS pixels no page scrolls sideways. Wide tables
 * scroll inside their own focusable, captioned box instead. axe-core runs on each
 * page at that width too, with no violation of any kind allowed.
 */
describeInChromium('pages at 320 pixels wide: no sideways scroll, no axe violations', () => {
  let web: WebFixture;
  const browsers = {} as Record<'board' | 'qa', PersonBrowser>;

  beforeAll(async () => {
    web = await startWebServer('browser-reflow', {
      people: [
        { id: 'board.chair', role: 'board' },
        { id: 'qa.sam', role: 'qa' },
      ],
      systems: [{ id: 'lead.system', role: 'lead' }],
    });
    // Something in the review queue, so its table is on the page.
    const submitted = await web.api('lead.system', 'POST', '/api/plans/sunderland-2017/actions/3.2/evidence', { title: 'MASH audit of 50 contacts, March 2017', description: 'Audit' });
    expect(submitted.status).toBe(201);
    await web.caughtUp();
    const [board, qa] = await Promise.all([openBrowser(), openBrowser()]);
    Object.assign(browsers, { board, qa });
    for (const person of [board, qa]) await person.page.setViewportSize({ width: NARROW, height: 800 });
    await signIn(board.page, web.baseUrl, 'board.chair');
    await signIn(qa.page, web.baseUrl, 'qa.sam');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await web?.stop();
  });

  it.each(PAGES.map((p) => [p.name, p] as const))('%s', async (name, visit) => {
    const person = browsers[visit.who];
    person.problems.length = 0;
    const response = await person.page.goto(`${web.baseUrl}${visit.path}`);
    expect(response?.status()).toBe(200);
    const widths = (await person.page.evaluate('({ page: document.scrollingElement.scrollWidth, viewport: window.innerWidth })')) as { page: number; viewport: number };
    await screenshot(person.page, `320 ${name}`);
    expect({ name, ...widths }).toEqual({ name, page: expect.any(Number), viewport: NARROW });
    // Named when it fails: the outermost elements that reach past the screen's edge outside a scroll box.
    const sticking = widths.page <= NARROW ? [] : await person.page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > ${NARROW} + 1 && !e.closest('.app-table-scroll') && !(e.parentElement && e.parentElement.getBoundingClientRect().right > ${NARROW} + 1))
      .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`);
    expect({ width: widths.page <= NARROW ? 'fits' : widths.page, sticking }).toEqual({ width: 'fits', sticking: [] });
    expect(await axeViolations(person.page, `axe 320 ${name}`)).toEqual([]);
    expect(person.problems).toEqual([]);
  });
});
