// The end of a local game: "End the game" on the Instructor tab (asked first) leads to the
// debrief — the podium, the class's common mistakes, the replay with its slider moved from
// the keyboard — which fits a phone (no sideways scrolling at 360 px) and a laptop, with no
// serious accessibility violation (axe-core). The screenshots (`debrief-<width>.png`) are
// there to be looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, layoutProblems, seriousA11yViolations, BASE_URL } from './harness.js';
import { newGame, tab, playAs, writeCard, verdictText } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a local game ends on the debrief, which fits a phone and a laptop', async () => {
  const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  await page.goto(BASE_URL);
  await newGame(page, { humans: [/Client Red client 1 /] });
  // Round 1 written wrong: the SYN goes to the router, not to the telnet server.
  await playAs(page, 'Red client 1');
  await writeCard(page, { src: '10.0.1.2', sport: 40000, dst: '10.0.1.254', dport: 23, seq: 0 },
    { flags: ['SYN'] });
  assert.match(await verdictText(page), /Card returned/);
  // The bots play on for a few seconds of game time, so the replay has cards to show.
  await page.locator('.topbar .clock').filter({ hasText: /^0:(1\d|[2-5]\d)$/ }).waitFor({ timeout: 20000 });

  await tab(page, 'Instructor');
  await page.locator('.end-game').getByRole('button', { name: 'End the game' }).click();
  await page.locator('.end-game .confirm').getByRole('button', { name: 'End the game' }).click();
  await page.getByRole('heading', { name: 'The game is over' }).waitFor();

  const steps = await page.locator('.podium-step .podium-name').allInnerTexts();
  assert.equal(steps.length, 3);
  assert.match(steps[0], /^Red/, `the team a person played leads: ${steps}`);
  const group = page.locator('.mistake-group').first();
  assert.equal(await group.locator('.mistake-count').innerText(), '1 card, by 1 player in 1 team');
  assert.match(await group.locator('.mistake-first').innerText(), /^First: Red client 1 \(team Red\)/);

  // The slider, from the keyboard: Home goes back to 0:00, where nothing happened yet.
  const slider = page.getByRole('slider', { name: 'Game time' });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.locator('.replay-clock', { hasText: /^0:00 \// }).waitFor();
  await page.locator('.replay-ladder .ladder-empty').waitFor();
  await page.keyboard.press('End');
  await page.locator('.replay-ladder .ladder-arrow').first().waitFor();

  assert.deepEqual(await seriousA11yViolations(page), [], 'the debrief is accessible');

  for (const size of [{ width: 1366, height: 768 }, { width: 390, height: 844 }, { width: 360, height: 740 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await screenshot(page, `debrief-${size.width}`);
    const { overflow, sticking } = await layoutProblems(page);
    assert.equal(overflow, 0, `the debrief at ${size.width} px scrolls sideways by ${overflow} px:\n${sticking.join('\n')}`);
  }

  await page.getByRole('button', { name: 'Back to the start screen' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor();
  assertNoErrors(assert, page);
});
