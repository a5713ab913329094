import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { SCREENSHOTS } from './browser';

export const NARROW = 320;
export const WIDE = 1280;

/**
 * Photographs the page as it stands at 1280 and at 320 pixels (test artefacts in
 * test-artifacts/screenshots, not committed) and measures it at 320: WCAG 1.4.10 reflow wants no
 * sideways scroll there. Answers 'fits', or the page's width with the outermost elements that
 * reach past the screen's edge outside a table's own scroll box, so a failure names them.
 */
export async function photographedAtBothWidths(page: Page, name: string): Promise<{ width: 'fits' | number; sticking: string[] }> {
  const file = name.replace(/[^a-z0-9-]+/gi, '-');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: WIDE, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, `${file} ${WIDE}.png`), fullPage: true });
  await page.setViewportSize({ width: NARROW, height: 800 });
  const width = (await page.evaluate('document.scrollingElement.scrollWidth')) as number;
  await page.screenshot({ path: join(SCREENSHOTS, `${file} ${NARROW}.png`), fullPage: true });
  const sticking = (
    width <= NARROW
      ? []
      : await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > ${NARROW} + 1 && !e.closest('.app-table-scroll') && !(e.parentElement && e.parentElement.getBoundingClientRect().right > ${NARROW} + 1))
      .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)
  ) as string[];
  await page.setViewportSize({ width: WIDE, height: 900 });
  return { width: width <= NARROW ? 'fits' : width, sticking };
}
