// The game played as people play it: clicking and typing through the real page.
// The game's end-to-end cases (a) to (e); (f) is a11y.test.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, BASE_URL } from './harness.js';
import { newGame, tab, playAs, writeCard, verdictText, deliver, inboxCard, connectionState } from './game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ALICE = 'Red client 1';
const CLIENT = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 23 };
const SERVER = { src: '10.0.1.1', sport: 23, dst: '10.0.1.2', dport: 40000 };

/** Rounds 1 and 2 of seed 000/001, one person playing client, router and server. */
async function handshakeAndData(page, { name = 'my name is Alice' } = {}) {
  await playAs(page, ALICE);
  await writeCard(page, { ...CLIENT, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(page), /Correct card/);
  await deliver(page, CLIENT.src);

  await playAs(page, 'Red server');
  await inboxCard(page, /SYN/);
  await writeCard(page, { ...SERVER, seq: 0, ack: 1 }, { flags: ['SYN', 'ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await deliver(page, SERVER.src);

  await playAs(page, ALICE);
  await inboxCard(page, /SYN\+ACK/);
  await writeCard(page, { ...CLIENT, seq: 1, ack: 1 }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await deliver(page, CLIENT.src);
  await playAs(page, ALICE);
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');

  await writeCard(page, { ...CLIENT, seq: 1, ack: 1, data: name }, { flags: ['ACK', 'PSH'] });
  assert.match(await verdictText(page), /Correct card/);
  await deliver(page, CLIENT.src);

  await playAs(page, 'Red server');
  await inboxCard(page, new RegExp(name));
  // Seed 001: the server acknowledges with ack = seq + number of bytes.
  await writeCard(page, { ...SERVER, seq: 1, ack: 1 + name.length }, { flags: ['ACK'] });
  assert.match(await verdictText(page), /Correct card/);
  await deliver(page, SERVER.src);
}

test('(a) one person plays rounds 1 and 2 in hot-seat and the leaderboard shows both done', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await newGame(page, { humans: [/Router\/switch 10.0.1.254/, /Telnet server 10.0.1.1/, /Client Red client 1 /] });
  await screenshot(page, '10-board-start');
  await handshakeAndData(page);
  await screenshot(page, '11-desk-server');
  await tab(page, 'Instructor');
  // The server's last ACK is still crossing the LAN when the router hands it on: the data
  // round is reached when it arrives, a few seconds of game time later. On a busy machine
  // headless Chromium runs the game clock late, so the wait is generous; the round is
  // reached by the engine whatever the wall clock does.
  const red = page.locator('.progress-table tbody tr', { hasText: 'Red' });
  await red.locator('td').nth(1).filter({ hasText: /\d+:\d\d/ }).waitFor({ timeout: 45000 });
  const cells = await red.locator('td').allInnerTexts();
  assert.match(cells[0], /\d+:\d\d/, `handshake time in ${JSON.stringify(cells)}`);
  assert.match(cells[1], /\d+:\d\d/, `data time in ${JSON.stringify(cells)}`);
  await screenshot(page, '12-instructor');
  await tab(page, 'Ladder');
  const ladder = await page.locator('main').innerText();
  assert.match(ladder, /10\.0\.1\.2:40000/);
  await screenshot(page, '13-ladder');
  await tab(page, 'Projector');
  await screenshot(page, '14-projector');
  await tab(page, 'Board');
  await screenshot(page, '15-board');
  assertNoErrors(assert, page);
});

/** A new game where the person plays Alice (bots elsewhere): her SYN is out and the bot
 * server's SYN+ACK is on her desk. */
async function aliceGotSynAck() {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await newGame(page, { humans: [/Client Red client 1 /] });
  await playAs(page, ALICE);
  await writeCard(page, { ...CLIENT, seq: 0 }, { flags: ['SYN'] });
  await inboxCard(page, /SYN\+ACK/);
  return page;
}

test('(b) a wrong ack is caught in coach mode with the explanation visible', async () => {
  const page = await aliceGotSynAck();
  await writeCard(page, { ...CLIENT, seq: 1, ack: 0 }, { flags: ['ACK'] });
  const verdict = await verdictText(page);
  assert.match(verdict, /Card returned: 1 mistake/);
  assert.match(verdict, /ack/);
  assert.match(verdict, /expected 1/);
  assert.match(verdict, /RFC 9293/);
  await screenshot(page, '20-coach-wrong-ack');
  assertNoErrors(assert, page);
});

test('(c) a forged RST with wrong numbers is ignored, a matching one resets', async () => {
  const page = await aliceGotSynAck();
  await writeCard(page, { ...CLIENT, seq: 1, ack: 1 }, { flags: ['ACK'] });
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');

  const inject = async (kind) => {
    await tab(page, 'Instructor');
    await page.getByLabel('Aim at').selectOption({ label: 'a whole team' });
    await page.getByLabel('Fault').selectOption({ label: kind });
    await page.getByRole('button', { name: 'Inject the fault' }).click();
    await page.locator('.feed li', { hasText: /forged/ }).first().waitFor();
  };
  await inject('forged RST, numbers not matching');
  await playAs(page, ALICE);
  // The desk is a player's: it shows the RST as it arrived, never that it is forged
  // (that would give round 4 away); the instructor's feed says so.
  const forged = await inboxCard(page, /RST/);
  assert.doesNotMatch(await forged.innerText(), /forged/i);
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');
  await screenshot(page, '30-forged-rst-ignored');

  await inject('forged RST, numbers matching');
  await playAs(page, ALICE);
  // The reset connection stays listed, CLOSED, with why.
  const closed = page.locator('.conn-table tr', { hasText: '10.0.1.1:23' }).filter({ hasText: 'CLOSED' });
  await closed.waitFor({ timeout: 15000 });
  assert.match(await closed.innerText(), /reset: a RST with the right seq arrived/);
  await screenshot(page, '31-forged-rst-reset');
  assertNoErrors(assert, page);
});

test('(d) a reload mid-game restores the same board, inboxes and ladder', async () => {
  const page = await aliceGotSynAck();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const inbox = await page.locator('.desk-inbox').innerText();
  await tab(page, 'Ladder');
  const ladder = await page.locator('main').innerText();
  await tab(page, 'Board');
  const boardText = () => page.locator('main svg').first().evaluate((svg) => svg.textContent);
  const board = await boardText();

  await page.reload();
  await tab(page, 'Board');
  assert.equal(await boardText(), board);
  await tab(page, 'Ladder');
  assert.equal(await page.locator('main').innerText(), ladder);
  await playAs(page, ALICE);
  assert.equal(await page.locator('.desk-inbox').innerText(), inbox);
  await screenshot(page, '40-after-reload');
  assertNoErrors(assert, page);
});

/** Presses Tab until the focused element matches `test` (a keyboard user's way there). */
async function tabTo(page, test, what) {
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(test);
    if (hit) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

const focusedLabel = (label) => `(() => {
  const el = document.activeElement;
  return !!el && !!el.labels && [...el.labels].some((l) => l.textContent.trim() === ${JSON.stringify(label)}) && !!el.closest('.desk-write');
})()`;
const focusedButton = (name) => `(() => {
  const el = document.activeElement;
  return !!el && el.tagName === 'BUTTON' && el.textContent.replace("✓", "").trim() === ${JSON.stringify(name)};
})()`;

test('(e) the handshake with the keyboard only', async () => {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await newGame(page, { humans: [/Client Red client 1 /] });
  // From here on no clicks: Tab, typing, Space and Enter.
  // The tab list is one Tab stop; the arrow keys move between its tabs.
  await tabTo(page, focusedButton('Board'), 'the tab list');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, `document.activeElement?.classList.contains('seat-select')`, 'the seat picker');
  const type = async (label, text) => {
    await tabTo(page, focusedLabel(label), label);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(text));
  };
  await type('source IP', CLIENT.src);
  await type('destination IP', CLIENT.dst);
  await type('source port', CLIENT.sport);
  await type('destination port', CLIENT.dport);
  await tabTo(page, focusedButton('SYN'), 'the SYN flag');
  await page.keyboard.press('Space');
  await type('seq', 0);
  await tabTo(page, focusedButton('Send'), 'Send');
  await page.keyboard.press('Enter');
  assert.match(await verdictText(page), /Correct card/);

  const reply = page.locator('.inbox-reply').last();
  await reply.waitFor({ timeout: 15000 });
  await tabTo(page, `document.activeElement?.classList.contains('inbox-reply')`, 'Reply to this card');
  await page.keyboard.press('Enter');
  await tabTo(page, focusedButton('ACK'), 'the ACK flag');
  await page.keyboard.press('Space');
  await type('seq', 1);
  await type('ack', 1);
  await tabTo(page, focusedButton('Send'), 'Send');
  await page.keyboard.press('Enter');
  assert.match(await verdictText(page), /Correct card/);
  assert.equal(await connectionState(page, '10.0.1.1:23'), 'ESTABLISHED');
  await screenshot(page, '50-keyboard-established');
  assertNoErrors(assert, page);
});
