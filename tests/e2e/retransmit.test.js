// Retransmission by hand (round 8, scenarios/retransmit.toml) on a phone: Alice opens her
// connection, the game loses her data card, her desk shows the retransmission timer
// counting and then running out, and the same card typed again is accepted. The screens
// are kept at 390 × 844 and at laptop size (`retransmit-<width>-<moment>.png`), with the
// ladder that marks the lost card and the copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, layoutProblems, settled, BASE_URL } from './harness.js';
import { newGame, tab, playAs, writeCard, verdictText, inboxCard, connectionState } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const ALICE = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 23 };
const DATA = { ...ALICE, seq: 1, ack: 1, data: 'hello' };

/** The moment's picture on the phone and on a laptop; the phone's layout must fit. */
async function shoot(page, moment) {
  for (const size of [LAPTOP, PHONE]) {
    await page.setViewportSize(size);
    await settled(page);
    await screenshot(page, `retransmit-${size.width}-${moment}`);
  }
  const { overflow, sticking } = await layoutProblems(page);
  assert.equal(overflow, 0, `${moment} scrolls sideways by ${overflow} px:\n${sticking.join('\n')}`);
}

test('the lost card goes again, same seq and bytes, when the desk timer runs out', async () => {
  const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await page.goto(BASE_URL);
  await newGame(page, { scenario: 'Retransmission by hand', humans: [/Client Alice /] });
  await playAs(page, 'Alice');
  await writeCard(page, { ...ALICE, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(page), /Correct card/);
  await inboxCard(page, /SYN\+ACK/);
  await writeCard(page, { ...ALICE, seq: 1, ack: 1 }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');
  const banner = page.locator('.task-round');
  await banner.filter({ hasText: 'Round 8 — Retransmission' }).waitFor({ timeout: 30000 });

  // The data card leaves, and the round loses it: the timer counts down on the desk.
  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  const timer = page.locator('.rto-timer [role="timer"]');
  await timer.filter({ hasText: /retransmission timer for 10\.0\.1\.1:23: \d+ s left of 38 s/ }).waitFor();
  await shoot(page, 'counting');

  // Too early: the referee sends it back and says why.
  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /RFC 6298 §5/);
  await shoot(page, 'too-early');

  // The timer runs out: it doubles, and the banner says to send the card again.
  await page.locator('.rto-timer.resent', { hasText: /of 76 s \(ran out 1× already/ })
    .waitFor({ timeout: 30000 });
  await page.locator('.task-situation', { hasText: 'your retransmission timer ran out' }).waitFor();
  await shoot(page, 'ran-out');

  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await banner.filter({ hasText: 'Goodbye' }).waitFor({ timeout: 30000 });
  assert.equal(await timer.count(), 0, 'the timer stops once the ACK came');
  await shoot(page, 'acknowledged');

  // The ladder writes the loss and the copy in words, not by colour alone.
  await tab(page, 'Ladder');
  const ladder = page.locator('main');
  await ladder.getByText('sent again').first().waitFor();
  assert.match(await ladder.innerText(), /dropped/);
  await shoot(page, 'ladder');
  assertNoErrors(assert, page);
});
