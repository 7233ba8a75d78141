// DNS over UDP (scenarios/dns.toml) played by two people on one screen, as a phone shows it:
// Alice picks a UDP card and asks the DNS server (10.0.1.53, port 53) where red.game is
// (RFC 1035 §4.1); at the DNS server's desk, the zone table says what to answer, and the
// question is answered from the inbox with its ID and question copied, QR and AA ticked
// (RFC 1034 §4.3.2); Alice's desk then shows the answer she believed, and the ladder the
// exchange. The screens are kept at 390 × 844 and at laptop size (`dns-<width>-<moment>.png`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, shoot, PHONE, BASE_URL } from './harness.js';
import { newGame, playAs, verdictText, inboxCard, tab } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Fills the boxes of the UDP card by their labels, ticks `flags`, presses Send. */
async function writeDns(page, boxes, flags = []) {
  const form = page.locator('.desk-write');
  for (const [label, value] of Object.entries(boxes)) {
    await form.getByLabel(label, { exact: true }).fill(String(value));
  }
  for (const flag of flags) {
    await form.getByRole('button', { name: flag, exact: true }).click();
  }
  await form.getByRole('button', { name: 'Send', exact: true }).click();
}

const QUESTION = { 'DNS ID': 4660, 'question name': 'red.game', 'question type': 'A', 'question class': 'IN' };

test('a client asks the DNS server, which answers from its zone', async () => {
  const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await page.goto(BASE_URL);
  await newGame(page, { scenario: 'Names (DNS)', humans: [/Client Alice /, /DNS server/] });

  await playAs(page, 'Alice');
  const panel = page.locator('.dns-panel');
  await panel.filter({ hasText: 'The DNS server is at 10.0.1.53:53' }).waitFor();
  await page.getByRole('button', { name: 'UDP (DNS)' }).click();
  await page.locator('.desk-form h3', { hasText: 'UDP card (DNS)' }).waitFor();
  await writeDns(page, {
    'source IP': '10.0.1.2', 'destination IP': '10.0.1.53',
    'source port': 50000, 'destination port': 53, ...QUESTION,
  });
  assert.match(await verdictText(page), /Correct card/);
  await page.locator('.dns-waiting', { hasText: 'red.game?' }).waitFor();
  await shoot(page, 'dns', 'question');

  await playAs(page, 'DNS server');
  assert.deepEqual(
    await page.locator('.dns-zone tbody tr td:first-child').allInnerTexts(),
    ['red.game', 'blue.game', 'www.game'],
  );
  const card = await inboxCard(page, /red\.game/);
  await card.getByRole('button', { name: /Reply/ }).click();
  await writeDns(page, { ...QUESTION, RCODE: 0, answers: 'red.game 300 10.0.1.1' }, ['QR', 'AA']);
  assert.match(await verdictText(page), /Correct card/);
  await shoot(page, 'dns', 'answer');

  await playAs(page, 'Alice');
  await page.locator('.dns-resolved', { hasText: 'red.game → 10.0.1.1 (TTL 300 s)' }).waitFor({ timeout: 15000 });
  await shoot(page, 'dns', 'resolved');

  await tab(page, 'Ladder');
  await page.locator('main').getByText(/DNS answer red\.game A 10\.0\.1\.1/).first().waitFor();
  await shoot(page, 'dns', 'ladder');
  assertNoErrors(assert, page);
});
