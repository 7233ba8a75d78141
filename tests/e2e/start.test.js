// The start screen, as a person sees it: what the game is, the seven rounds, and Play.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, seriousA11yViolations, BASE_URL } from './harness.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the start screen says what the game is and lists the seven rounds in order', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByRole('heading', { level: 1, name: 'TCP/IP Animated' }).waitFor();
  assert.match(await page.locator('header').innerText(), /writes the IP and TCP headers/);
  const rounds = await page.locator('ol.rounds > li h3').allInnerTexts();
  assert.equal(rounds.length, 7, `seven rounds, got ${JSON.stringify(rounds)}`);
  assert.match(rounds[0], /handshake/i);
  assert.match(rounds[6], /goodbye|close/i);
  await screenshot(page, '01-start');
  assertNoErrors(assert, page);
});

test('Play opens the list of shipped scenarios with their teams', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  const play = page.getByRole('button', { name: 'Play' });
  await play.click();
  assert.equal(await play.getAttribute('aria-expanded'), 'true');
  const names = await page.locator('.scenario h3').allInnerTexts();
  assert.ok(names.length >= 3, `at least three scenarios, got ${JSON.stringify(names)}`);
  assert.match(await page.locator('.scenario').first().innerText(), /Teams: \w+/);
  await screenshot(page, '02-play-scenarios');
  assertNoErrors(assert, page);
});

test('the start screen has no serious or critical accessibility violation', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await page.getByRole('button', { name: 'Play' }).click();
  assert.deepEqual(await seriousA11yViolations(page), []);
  assertNoErrors(assert, page);
});
