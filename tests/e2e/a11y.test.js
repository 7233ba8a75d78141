// (f) axe-core on every screen: no serious or critical violation anywhere a person goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, seriousA11yViolations, BASE_URL, settled } from './harness.js';
import { newGame, tab, playAs, writeCard, inboxCard } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Scans a screen with the game paused (when one runs), so the bots' cards and the live
 * feed stand still while axe reads the page, then lets the game run on. */
async function scan(page, name) {
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  const running = await pause.isVisible();
  if (running) {
    await pause.click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await settled(page);
  }
  await screenshot(page, `60-a11y-${name}`);
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${name}:\n${violations.join('\n')}`);
  if (running) await page.getByRole('button', { name: 'Resume', exact: true }).click();
}

test('(f) every screen of a game passes axe without serious or critical violations', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.locator('.scenario').first().getByRole('button', { name: 'Choose' }).click();
  await scan(page, 'setup');
  await page.getByRole('button', { name: 'Back' }).click();

  await newGame(page, { humans: [/Router\/switch 10.0.1.254/, /Client Red client 1 /] });
  await settled(page);
  await scan(page, 'board');
  await playAs(page, 'Red client 1');
  await writeCard(page, { src: '10.0.1.2', dst: '10.0.1.1', sport: 40000, dport: 23, seq: 0, ack: 5 }, { flags: ['SYN'] });
  await page.locator('.desk-write .verdict').first().waitFor();
  await scan(page, 'desk-client-verdict');
  await playAs(page, 'router');
  await scan(page, 'desk-router');
  for (const name of ['Ladder', 'Instructor', 'Projector']) {
    await tab(page, name);
    await settled(page);
    await scan(page, name.toLowerCase());
  }
  assertNoErrors(assert, page);
});

test('(f) the print view and the Italian start screen pass axe too', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}/#print`);
  await page.getByRole('heading', { name: /packet cards/ }).waitFor();
  assert.equal(await page.locator('.blank-card').count(), 8);
  await scan(page, 'print');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, '61-print-media');
  await page.emulateMedia({ media: 'screen' });
  // The lesson guide, from the start screen's link: on screen, then as it prints.
  await page.goto(BASE_URL);
  await page.getByRole('link', { name: 'Lesson guide for the teacher' }).click();
  await page.getByRole('heading', { name: 'TCP/IP Animated — lesson guide' }).waitFor();
  // The 45-minute plan's seven rounds, then the second lesson's next steps (rounds 8–11).
  assert.equal(await page.locator('.lesson-guide > .guide-section[data-round]').count(), 7);
  assert.equal(await page.locator('.guide-further .guide-section[data-round]').count(), 4);
  await scan(page, 'guide');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, '62-guide-print-media');
  await page.emulateMedia({ media: 'screen' });
  await page.goto(BASE_URL);
  await page.getByLabel('Language / Lingua').first().selectOption('it');
  await scan(page, 'start-italian');
  assertNoErrors(assert, page);
});
