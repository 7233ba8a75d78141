// Steps a person takes in the game, shared by the end-to-end tests: they click and type
// through the real page, never reach into the app.
import assert from 'node:assert/strict';

const ORIGINAL = 'The original EuroPython game';

/** From the start screen: Play, then choose a shipped scenario; the set-up form opens. */
export async function chooseScenario(page, scenario = ORIGINAL) {
  const play = page.getByRole('button', { name: 'Play' });
  if ((await play.getAttribute('aria-expanded')) !== 'true') await play.click();
  await page.locator('.scenario', { hasText: scenario }).getByRole('button', { name: 'Choose' }).click();
}

/** From the start screen: choose a shipped scenario, tick the human seats, start. */
export async function newGame(page, { scenario = ORIGINAL, humans = [], referee } = {}) {
  await chooseScenario(page, scenario);
  for (const seat of humans) {
    await page.getByLabel(seat).check();
  }
  if (referee === 'real') {
    await page.getByLabel(/Real: cards go out as written/).check();
  }
  await page.getByRole('button', { name: 'Start the game' }).click();
  await page.getByRole('tab', { name: 'Board' }).waitFor();
  // The game opens at its top, wherever the set-up page was scrolled to.
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the game opens scrolled to the top');
  // The game runs ten times faster than real time, so cards cross a link in 0.15 s.
  await page.getByLabel('Speed').selectOption('1000');
}

export async function tab(page, name) {
  await page.getByRole('tab', { name }).click();
}

/** On the Desk: play the seat whose label contains `who`. */
export async function playAs(page, who) {
  await tab(page, 'Desk');
  const select = page.getByLabel(/You are playing/);
  const options = await select.locator('option').allInnerTexts();
  const label = options.find((o) => o.includes(who));
  assert.ok(label, `no human seat "${who}" among ${JSON.stringify(options)}`);
  await select.selectOption({ label });
}

const FIELDS = {
  src: 'source IP', dst: 'destination IP', sport: 'source port', dport: 'destination port',
  seq: 'seq', ack: 'ack', data: 'data',
};

/** Fills the paper card (only the given boxes), sets the flags, presses Send. */
export async function writeCard(page, card, { flags = [] } = {}) {
  const form = page.locator('.desk-write');
  for (const [key, value] of Object.entries(card)) {
    await form.getByLabel(FIELDS[key], { exact: true }).fill(String(value));
  }
  for (const flag of ['SYN', 'ACK', 'FIN', 'RST', 'PSH']) {
    const button = form.getByRole('button', { name: flag, exact: true });
    const on = (await button.getAttribute('aria-pressed')) === 'true';
    if (on !== flags.includes(flag)) await button.click();
  }
  await form.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The verdict shown on the desk after the last card. */
export async function verdictText(page) {
  const verdict = page.locator('.desk-write .verdict');
  await verdict.first().waitFor();
  return verdict.first().innerText();
}

/** As the router: wait for a card from the address `from` and deliver it on the LAN. */
export async function deliver(page, from) {
  await playAs(page, 'router');
  await deliverCard(page, from);
}

/** On the router desk already shown: wait for a card from the address `from` and deliver it
 * on the LAN. The sender is always named: bots of other teams play too, their cards reach
 * this router as well, and may be first in its inbox. */
export async function deliverCard(page, from) {
  const sender = new RegExp(`Card from ${from.replaceAll('.', '\\.')}(?!\\d)`);
  const decide = page.locator('.router-desk .inbox-list > li', { hasText: sender })
    .getByRole('button', { name: 'Deliver on the LAN' }).first();
  await decide.waitFor({ timeout: 15000 });
  await decide.click();
  await page.getByText(/correct|Correct/).first().waitFor();
}

/** Waits until the played host's inbox holds a card whose text matches `re`. */
export async function inboxCard(page, re) {
  const card = page.locator('.desk-inbox li, .desk-inbox article', { hasText: re }).last();
  await card.waitFor({ timeout: 15000 });
  return card;
}

/** The state shown for the played host's connection to `remote` (e.g. "10.0.1.1:23"). */
export async function connectionState(page, remote) {
  const row = page.locator('.conn-table tr', { hasText: remote }).first();
  await row.waitFor({ timeout: 15000 });
  return row.locator('.conn-state').innerText();
}

/** Alice (Red's first client) and her team's telnet server, as her cards name them. */
export const ALICE = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 23 };

/** A local game of `scenario` on `page` with Alice's seat played by a person, and her
 * handshake typed card by card: SYN, the server's SYN+ACK in her inbox, her ACK. */
export async function aliceHandshake(page, baseUrl, scenario) {
  await page.goto(baseUrl);
  await newGame(page, { scenario, humans: [/Client Alice /] });
  await playAs(page, 'Alice');
  await writeCard(page, { ...ALICE, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(page), /Correct card/);
  await inboxCard(page, /SYN\+ACK/);
  await writeCard(page, { ...ALICE, seq: 1, ack: 1 }, { flags: ['ACK'] });
}
