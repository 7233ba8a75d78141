// Shared set-up of the end-to-end suite: Debian's Chromium through playwright-core (never a
// downloaded browser), a fresh page per test that fails on any console error or uncaught
// page error, and a screenshot of every page visited under target/e2e-screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOT_DIR ?? path.resolve('../../target/e2e-screenshots');

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/** A page whose console errors and uncaught errors are collected in `page.errors`. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.errors.push(`page error: ${err.message}`));
  return page;
}

/** Fails the test if the page logged any error. */
export function assertNoErrors(assert, page) {
  assert.deepEqual(page.errors, [], `the page reported errors:\n${page.errors.join('\n')}`);
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(page) {
  const require = createRequire(import.meta.url);
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an
  // inline <script> (what addScriptTag would add), as it would refuse anyone else's.
  await page.evaluate(`${source}\n;0`);
  const result = await page.evaluate(async () => await window.axe.run(document));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join(', ')}`);
}

/** The smallest touch target, in CSS pixels (WCAG 2.5.5, Apple's and Material's guidance). */
export const TOUCH_TARGET = 44;

/**
 * What breaks the page on the screen it is shown on: `overflow`, how many pixels the page is
 * wider than the viewport (0 when it fits), with the first elements that stick out; and
 * `small`, every visible interactive element smaller than TOUCH_TARGET in either direction,
 * with its size. A checkbox or radio is measured by its label, which is what a finger
 * presses; links inside running text are exempt, as WCAG 2.5.5 exempts them.
 */
export async function layoutProblems(page) {
  return page.evaluate((min) => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const overflow = Math.max(0, root.scrollWidth - width);
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
    };
    const name = (el) => {
      const cls = typeof el.className === 'string' && el.className.trim()
        ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.getAttribute('aria-label') || el.innerText || el.value || '')
        .trim().replace(/\s+/g, ' ').slice(0, 32);
      return `${el.tagName.toLowerCase()}${cls} "${text}"`;
    };
    // Only what the page itself scrolls to: a table in its own scroll box does not count.
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const sticking = overflow === 0 ? [] : [...document.body.querySelectorAll('*')]
      .filter((el) => shown(el) && el.getBoundingClientRect().right > width + 1 && !scrolls(el))
      .slice(0, 8)
      .map((el) => `${name(el)} right edge at ${el.getBoundingClientRect().right.toFixed(0)}`);
    const interactive = document.querySelectorAll(
      'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], '
      + '[role=tab], [tabindex]:not([tabindex="-1"])');
    const small = [];
    for (const el of interactive) {
      if (!shown(el) || el.closest('.sr-only, .visually-hidden, [aria-hidden=true]')) continue;
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline'
        && el.parentElement.innerText.trim() !== el.innerText.trim()) continue;
      const box = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')
        ? el.closest('label') : el;
      const r = box.getBoundingClientRect();
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        small.push(`${name(el)} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
      }
    }
    return { overflow, sticking, small };
  }, TOUCH_TARGET);
}

/** Waits until the page has drawn what it was just told to: two animation frames (the
 * views update in one, the board's animation paints in the next). A condition, not a
 * guess of how long a machine takes. */
export async function settled(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The phone every student screen must fit, and a teacher's laptop. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 768 };

/** A moment of a flow pictured on a laptop and on the phone (`<name>-<width>-<moment>.png`),
 * failing if the phone's layout scrolls sideways. */
export async function shoot(page, name, moment) {
  for (const size of [LAPTOP, PHONE]) {
    await page.setViewportSize(size);
    await settled(page);
    await screenshot(page, `${name}-${size.width}-${moment}`);
  }
  const { overflow, sticking } = await layoutProblems(page);
  if (overflow !== 0) {
    throw new Error(`${moment} scrolls sideways by ${overflow} px:\n${sticking.join('\n')}`);
  }
}
