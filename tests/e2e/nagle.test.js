// Buffering with Nagle's algorithm (round 9, scenarios/nagle.toml) on a phone: Alice opens
// her connection, her desk's send buffer shows "h" from her application, she sends it; the
// next bytes are written while "h" is unacknowledged and wait in the buffer; a small card
// sent then comes back as "should have waited" (RFC 896, RFC 1122 §4.2.3.4); when the ACK
// comes, "ello" goes in one card and the round is reached. The screens are kept at 390 × 844
// and at laptop size (`nagle-<width>-<moment>.png`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, shoot, PHONE, BASE_URL } from './harness.js';
import { writeCard, verdictText, tab, aliceHandshake, ALICE } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The bytes of the send buffer not sent yet, as the strip shows them. */
async function waiting(page) {
  return (await page.locator('.send-buffer .piece:not(.sent)').allInnerTexts()).join('');
}

test('small cards wait in the send buffer until the ACK, then go together', async () => {
  const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await aliceHandshake(page, BASE_URL, 'Buffering (Nagle)');
  const banner = page.locator('.task-round');
  await banner.filter({ hasText: 'Round 9 — Buffering (Nagle)' }).waitFor({ timeout: 30000 });

  // The application wrote "h": it waits in the buffer, nothing is in flight.
  const strip = page.locator('.send-buffer');
  await strip.filter({ hasText: 'nothing unacknowledged in flight' }).waitFor();
  assert.equal(await waiting(page), 'h');
  assert.match(await strip.innerText(), /Nagle on/);
  await shoot(page, 'nagle', 'written');

  // Real time from here, so the bytes held while "h" is in flight can be read and typed.
  await page.getByLabel('Speed').selectOption('100');
  await writeCard(page, { ...ALICE, seq: 1, ack: 1, data: 'h' }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await page.locator('.send-buffer .in-flight.busy', { hasText: '1' }).waitFor();
  await page.locator('.send-buffer .piece:not(.sent)').first().waitFor();
  await page.locator('.task-situation', { hasText: "Nagle's algorithm holds small cards" }).waitFor();
  await shoot(page, 'nagle', 'holding');

  // Sending the held bytes now is the mistake the round is about.
  await writeCard(page, { ...ALICE, seq: 2, ack: 1, data: await waiting(page) }, { flags: ['ACK'] });
  const verdict = await verdictText(page);
  assert.match(verdict, /should have waited/);
  assert.match(verdict, /RFC 896/);
  await shoot(page, 'nagle', 'should-have-waited');

  // The ACK comes: everything buffered goes out together.
  await page.getByLabel('Speed').selectOption('1000');
  await strip.filter({ hasText: 'nothing unacknowledged in flight' }).waitFor({ timeout: 30000 });
  assert.equal(await waiting(page), 'ello');
  await page.locator('.task-situation', { hasText: 'in one data card' }).waitFor();
  await writeCard(page, { ...ALICE, seq: 2, ack: 1, data: 'ello' }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await banner.filter({ hasText: 'Goodbye' }).waitFor({ timeout: 30000 });
  await shoot(page, 'nagle', 'together');

  // The ladder shows the two data cards: one byte, then four.
  await tab(page, 'Ladder');
  await page.locator('main').getByText(/len 4/).first().waitFor();
  await shoot(page, 'nagle', 'ladder');
  assertNoErrors(assert, page);
});
