// Round 11, "two servers, one address" (scenarios/balancer.toml), played by three people on
// one screen, as a phone shows it: Alice connects to the service address 10.0.1.100; at the
// load balancer's desk her SYN is wrapped whole in a new IP header for Red's server (outer
// source 10.0.1.80, protocol 4 — IP in IP, RFC 2003 §3.1), and the connection table
// remembers it; Red's server reads the card inside the tunnel and answers from the service
// address (direct server return); Alice's ACK, wrapped for the other backend, is sent back
// (one connection, one backend) and then wrapped for Red's server; the ladder shows the
// tunnelled cards. The screens are kept at 390 × 844 and at laptop size
// (`balancer-<width>-<moment>.png`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, shoot, seriousA11yViolations, PHONE, BASE_URL } from './harness.js';
import { chooseScenario, playAs, writeCard, verdictText, inboxCard, tab } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ALICE_VIP = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.100', dport: 23 };

/** At the balancer's desk: fills the slip under Alice's card and presses Wrap and send. */
async function wrapAlices(page, outer) {
  const card = page.locator('.balancer-desk .inbox-list > li', { hasText: /Card from 10\.0\.1\.2(?!\d)/ }).first();
  await card.waitFor({ timeout: 15000 });
  const slip = card.locator('.tunnel-slip');
  for (const [label, value] of Object.entries(outer)) {
    await slip.getByLabel(label, { exact: true }).fill(String(value));
  }
  await slip.getByRole('button', { name: 'Wrap and send' }).click();
  return card;
}

test('a load balancer tunnels a connection to one backend, which answers from the VIP', async () => {
  const page = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await page.goto(BASE_URL);
  await chooseScenario(page, 'Two servers, one address');
  for (const seat of [/Client Alice /, /Telnet server 10\.0\.1\.1 /, /Load balancer/]) {
    await page.getByLabel(seat).check();
  }
  // Straight to round 11: the first two rounds unticked.
  await page.locator('#round-handshake').uncheck();
  await page.locator('#round-data').uncheck();
  await page.getByRole('button', { name: 'Start the game' }).click();
  await page.getByLabel('Speed').selectOption('1000');

  await playAs(page, 'Alice');
  await writeCard(page, { ...ALICE_VIP, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(page), /Correct card/);

  await playAs(page, 'Balancer');
  const desk = page.locator('.balancer-desk');
  await desk.locator('.desk-title', { hasText: 'service address (VIP) 10.0.1.100' }).waitFor();
  await wrapAlices(page, { 'source IP': '10.0.1.80', 'destination IP': '10.0.1.1', protocol: 6 });
  await desk.locator('.verdict', { hasText: /protocol/ }).first().waitFor();
  assert.match(await desk.locator('.verdict').first().innerText(), /RFC 2003/);
  await shoot(page, 'balancer', 'protocol-6');
  await wrapAlices(page, { protocol: 4 });
  await desk.locator('.verdict.verdict-ok').first().waitFor();
  await desk.locator('.flow-table tbody tr', { hasText: '10.0.1.1' }).waitFor();
  await shoot(page, 'balancer', 'wrapped');
  // The slip is a form a keyboard and a screen reader can use: labelled boxes, named buttons.
  assert.deepEqual(await seriousA11yViolations(page), [], 'the balancer\'s desk');

  await playAs(page, 'Red server');
  const tunnelled = await inboxCard(page, /IP in IP/);
  assert.match(await tunnelled.locator('.pc-inner').innerText(), /10\.0\.1\.100/);
  await tunnelled.getByRole('button', { name: /Reply/ }).click();
  const form = page.locator('.desk-write');
  assert.equal(await form.getByLabel('source IP', { exact: true }).inputValue(), '10.0.1.100');
  await writeCard(page, { seq: 0, ack: 1 }, { flags: ['SYN', 'ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await shoot(page, 'balancer', 'backend');
  assert.deepEqual(await seriousA11yViolations(page), [], 'a backend\'s desk with a tunnelled card');

  await playAs(page, 'Alice');
  await inboxCard(page, /SYN\+ACK/);
  await writeCard(page, { ...ALICE_VIP, seq: 1, ack: 1 }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);

  // Her ACK belongs to a connection the table sent to Red's server: the other backend is
  // sent back, in the referee's words.
  await playAs(page, 'Balancer');
  await page.waitForFunction(() => document.querySelectorAll('.balancer-desk .inbox-list > li .tunnel-slip').length > 0);
  await wrapAlices(page, { 'source IP': '10.0.1.80', 'destination IP': '10.0.2.1', protocol: 4 });
  await desk.locator('.verdict', { hasText: /10\.0\.1\.1/ }).first().waitFor();
  await shoot(page, 'balancer', 'same-backend');
  await wrapAlices(page, { 'destination IP': '10.0.1.1' });
  await desk.locator('.verdict.verdict-ok').first().waitFor();

  await tab(page, 'Ladder');
  await page.locator('main').getByText(/10\.0\.1\.80 → 10\.0\.1\.1 IPIP/).first().waitFor({ timeout: 15000 });
  await shoot(page, 'balancer', 'ladder');
  assertNoErrors(assert, page);
});
