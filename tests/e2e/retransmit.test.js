// Retransmission by hand (round 8, scenarios/retransmit.toml) on a phone: Alice opens her
// connection, the game loses her data card, her desk shows the retransmission timer
// counting and then running out, and the same card typed again is accepted. The screens
// are kept at 390 × 844 and at laptop size (`retransmit-<width>-<moment>.png`), with the
// ladder that marks the lost card and the copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, shoot, PHONE, BASE_URL } from './harness.js';
import { tab, writeCard, verdictText, connectionState, aliceHandshake, ALICE } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DATA = { ...ALICE, seq: 1, ack: 1, data: 'hello' };

test('the lost card goes again, same seq and bytes, when the desk timer runs out', async () => {
  const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await aliceHandshake(page, BASE_URL, 'Retransmission by hand');
  assert.match(await verdictText(page), /Correct card/);
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');
  const banner = page.locator('.task-round');
  await banner.filter({ hasText: 'Round 8 — Retransmission' }).waitFor({ timeout: 30000 });

  // The data card leaves, and the round loses it: the timer counts down on the desk.
  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  const timer = page.locator('.rto-timer [role="timer"]');
  await timer.filter({ hasText: /retransmission timer for 10\.0\.1\.1:23: \d+ s left of 38 s/ }).waitFor();
  await shoot(page, 'retransmit', 'counting');

  // Too early: the referee sends it back and says why.
  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /RFC 6298 §5/);
  await shoot(page, 'retransmit', 'too-early');

  // The timer runs out: it doubles, and the banner says to send the card again.
  await page.locator('.rto-timer.resent', { hasText: /of 76 s \(ran out 1× already/ })
    .waitFor({ timeout: 30000 });
  await page.locator('.task-situation', { hasText: 'your retransmission timer ran out' }).waitFor();
  await shoot(page, 'retransmit', 'ran-out');

  await writeCard(page, DATA, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await banner.filter({ hasText: 'Goodbye' }).waitFor({ timeout: 30000 });
  assert.equal(await timer.count(), 0, 'the timer stops once the ACK came');
  await shoot(page, 'retransmit', 'acknowledged');

  // The ladder writes the loss and the copy in words, not by colour alone.
  await tab(page, 'Ladder');
  const ladder = page.locator('main');
  await ladder.getByText('sent again').first().waitFor();
  assert.match(await ladder.innerText(), /dropped/);
  await shoot(page, 'retransmit', 'ladder');
  assertNoErrors(assert, page);
});
