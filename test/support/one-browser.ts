import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { CHROMIUM, PersonBrowser, watchForProblems } from './browser';

/**
 * One chromium for a whole suite, with a context (its own cookies) per person. Each
 * openBrowser() starts a chromium of its own: four people meant four browsers starting
 * at once on a 2-core machine, the slowest part of a suite's set-up under load.
 */
export interface OneBrowser {
  /** A signed-out person: a fresh context of their own in the one browser. */
  person: () => Promise<BrowserContext>;
  close: () => Promise<void>;
}

export async function launchOneBrowser(): Promise<OneBrowser> {
  // Playwright gives the browser a temporary profile of its own and removes it on close.
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    person: () => browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }),
    close: () => browser.close(),
  };
}

/** A new tab in the person's context, watched for problems from its first request. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  return { page, problems: watchForProblems(page) };
}

/**
 * Run `work` on every item, at most `lanes` at a time (told which lane it runs in, so it can
 * keep that lane's tabs), and hand back each item's
 * outcome as a promise that never rejects, so a test can await its own page's
 * outcome (and fail on it) while the others are still running.
 */
export function inLanes<T, R>(items: readonly T[], lanes: number, work: (item: T, lane: number) => Promise<R>): Promise<{ ok: true; value: R } | { ok: false; error: unknown }>[] {
  let next = 0;
  const settle = items.map(() => {
    let resolve!: (outcome: { ok: true; value: R } | { ok: false; error: unknown }) => void;
    const promise = new Promise<{ ok: true; value: R } | { ok: false; error: unknown }>((r) => (resolve = r));
    return { promise, resolve };
  });
  const lane = async (laneNumber: number) => {
    while (next < items.length) {
      const index = next++;
      try {
        settle[index].resolve({ ok: true, value: await work(items[index], laneNumber) });
      } catch (error) {
        settle[index].resolve({ ok: false, error });
      }
    }
  };
  for (let i = 0; i < Math.min(lanes, items.length); i++) void lane(i);
  return settle.map((s) => s.promise);
}

/** A person as openBrowser() gives one (a context, a watched tab, close), but inside the one browser. */
export async function openPerson(browser: OneBrowser): Promise<PersonBrowser> {
  const context = await browser.person();
  const { page, problems } = await watchedPage(context);
  return { context, page, problems, close: () => context.close() };
}
