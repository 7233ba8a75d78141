// A whole lesson as a class plays it: the teacher sizes the original game for nine
// students (three teams, Red, Green and Blue, of a client, a server and a router/switch) and
// keeps rounds 1, 3 and 4; nine people join on their own browsers, two of them on phones;
// the lobby holds them and the wall lists them; the teacher starts; every student's banner
// names their move; Red plays round 1 and round 3 by hand while Green's client makes the
// class's common mistake; the teacher goes step by step for a moment, freezes the game to
// explain, injects a forged RST that resets Red's connection, and ends the room; every
// screen shows the podium and the common mistakes. Each step leaves a picture
// (`lesson-*.png`) to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, BASE_URL, settled } from './harness.js';
import { chooseScenario, tab, writeCard, verdictText, deliverCard, inboxCard, connectionState } from './game.js';
import { join, studentSeat, startClock } from './classroom.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
// Join order decides the seats: the team with the fewest people, its first client, then
// its server, then its router (docs/classroom.md).
const CLASS = [
  { name: 'Ada', seat: 'Red client 1', phone: true },
  { name: 'Ben', seat: 'Green client 1' },
  { name: 'Cleo', seat: 'Blue client 1' },
  { name: 'Dan', seat: 'Red server' },
  { name: 'Eve', seat: 'Green server' },
  { name: 'Finn', seat: 'Blue server' },
  { name: 'Gia', seat: 'Red router', phone: true },
  { name: 'Hal', seat: 'Green router' },
  { name: 'Ivy', seat: 'Blue router' },
];

/** The sentence under a student's task banner, once it matches `re`. */
async function banner(page, re) {
  const situation = page.locator('.task-situation', { hasText: re });
  await situation.waitFor({ timeout: 15000 });
  return situation.innerText();
}

test('a whole lesson: lobby, banners, rounds 1 and 3, a freeze, a forged RST, the debrief on every screen', async () => {
  const teacher = await openPage(browser, LAPTOP);
  await teacher.goto(BASE_URL);
  await chooseScenario(teacher);
  await teacher.getByLabel('Students in the class').fill('9');
  await teacher.locator('.class-proposal').waitFor();
  assert.equal(await teacher.locator('.seat-total').innerText(),
    '3 teams × (1 client + server + router) = 9 seats');
  for (const round of ['data', 'no_route', 'across_lans', 'goodbye']) {
    await teacher.locator(`#round-${round}`).uncheck();
  }
  await screenshot(teacher, 'lesson-01-setup');
  await teacher.getByRole('button', { name: 'Open a classroom room' }).click();
  const codeBox = teacher.locator('.room-panel .room-code-value');
  await codeBox.waitFor({ timeout: 15000 });
  const code = (await codeBox.innerText()).trim();

  // Nine people join with the link; each lands on their desk, in the lobby.
  const students = {};
  for (const s of CLASS) {
    const page = await openPage(browser, s.phone ? PHONE : LAPTOP);
    await page.goto(`${BASE_URL}/join/#join=${code}`);
    await join(page, s.name);
    assert.match(await studentSeat(page), new RegExp(`^You are ${s.seat} `), `${s.name}'s seat`);
    students[s.name] = page;
  }
  for (const s of CLASS) {
    await banner(students[s.name], /the game has not started: wait for the instructor to start it/);
  }
  await screenshot(students.Ada, 'lesson-02-lobby-phone');
  // The wall, while people join: the code, and who has joined.
  await teacher.evaluate(() => { location.hash = '#projector'; });
  await teacher.locator('.wall[data-phase=joining]').waitFor({ timeout: 10000 });
  const wall = await teacher.locator('.wall').innerText();
  for (const s of CLASS) assert.match(wall, new RegExp(s.name), `the wall lists ${s.name}`);
  await screenshot(teacher, 'lesson-03-wall-joining');
  await teacher.locator('.wall-exit').click();
  await teacher.locator('.topbar').waitFor();

  // The teacher starts: every banner names that person's move, or what they wait for.
  await startClock(teacher, '100');
  for (const [client, lan] of [['Ada', 1], ['Ben', 2], ['Cleo', 3]]) {
    await banner(students[client], new RegExp(`your move: open the connection to 10\\.0\\.${lan}\\.1:23`));
  }
  for (const server of ['Dan', 'Eve', 'Finn']) {
    await banner(students[server], /waiting for a client's card: your telnet server listens on port 23/);
  }
  for (const router of ['Gia', 'Hal', 'Ivy']) {
    await banner(students[router], /waiting for a card to route/);
  }
  await screenshot(students.Gia, 'lesson-04-router-waits-phone');

  // Green's client makes the class's mistake: the SYN goes to the router, not the server.
  const { Ada, Ben, Dan, Gia } = students;
  await tab(Ben, 'Desk');
  await writeCard(Ben, { src: '10.0.2.2', sport: 40000, dst: '10.0.2.254', dport: 23, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(Ben), /Card returned/);

  // Round 1, by hand, in Red: each card carried by Gia, the router.
  const CLIENT = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 23 };
  const SERVER = { src: '10.0.1.1', sport: 23, dst: '10.0.1.2', dport: 40000 };
  await writeCard(Ada, { ...CLIENT, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(Ada), /Correct card/);
  await banner(Gia, /your move: decide where the card from 10\.0\.1\.2 goes/);
  await deliverCard(Gia, CLIENT.src);
  await banner(Dan, /your move: a card on your desk needs an answer/);
  await inboxCard(Dan, /SYN/);
  await writeCard(Dan, { ...SERVER, seq: 0, ack: 1 }, { flags: ['SYN', 'ACK'] });
  assert.match(await verdictText(Dan), /Correct card/);
  await deliverCard(Gia, SERVER.src);
  await inboxCard(Ada, /SYN\+ACK/);
  await writeCard(Ada, { ...CLIENT, seq: 1, ack: 1 }, { flags: ['ACK'] });
  await deliverCard(Gia, CLIENT.src);
  assert.equal(await connectionState(Ada, '10.0.1.1:23'), 'ESTABLISHED');
  await screenshot(Ada, 'lesson-05-round1-phone');

  // Round 3: a SYN to a port where nothing listens, refused with RST+ACK by the server.
  await banner(Ada, /your move: send a SYN to a port of 10\.0\.1\.1 where nothing listens/);
  const PROBE = { src: '10.0.1.2', sport: 40001, dst: '10.0.1.1', dport: 80 };
  await writeCard(Ada, { ...PROBE, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(Ada), /Correct card/);
  await deliverCard(Gia, PROBE.src);
  await inboxCard(Dan, /SYN/);
  await writeCard(Dan, { src: '10.0.1.1', sport: 80, dst: '10.0.1.2', dport: 40001, seq: 0, ack: 1 },
    { flags: ['RST', 'ACK'] });
  assert.match(await verdictText(Dan), /Correct card/);
  await deliverCard(Gia, '10.0.1.1');
  const refused = Ada.locator('.conn-table tr', { hasText: '10.0.1.1:80' }).filter({ hasText: 'CLOSED' });
  await refused.waitFor({ timeout: 15000 });
  await screenshot(Ada, 'lesson-06-round3-refused-phone');

  // Step card by card: every screen says the cards now move when the teacher says next;
  // Next lets the game run to its next step; leaving step mode lets it run freely again.
  await tab(teacher, 'Instructor');
  await teacher.getByRole('button', { name: 'Step card by card' }).click();
  for (const s of CLASS) {
    await students[s.name].locator('.pacing-banner.stepping', { hasText: 'it moves when the instructor says next' })
      .waitFor({ timeout: 10000 });
  }
  await teacher.getByRole('button', { name: 'Next card ▶' }).waitFor();
  await screenshot(Ada, 'lesson-07a-stepping-phone');
  await screenshot(teacher, 'lesson-07b-stepping-teacher');
  await teacher.getByRole('button', { name: 'Step card by card' }).click();
  await Ada.locator('.pacing-banner').waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await teacher.getByRole('button', { name: 'Next card ▶' }).count(), 0, 'Next only in step mode');

  // Freeze and explain: the note is on every screen, and a card is refused with it.
  const note = 'Why did port 80 answer with RST+ACK?';
  await teacher.locator('#freeze-note').fill(note);
  await teacher.getByRole('button', { name: 'Freeze and explain' }).click();
  for (const s of CLASS) {
    const page = students[s.name];
    await page.locator('.pacing-banner.frozen', { hasText: note }).waitFor({ timeout: 10000 });
    // The desk's own banner says it too, instead of naming a move the server would refuse.
    await page.locator('.task-situation', { hasText: `the instructor froze the game to explain: ${note}` }).waitFor();
  }
  await screenshot(Gia, 'lesson-07-frozen-phone');
  await teacher.locator('.topbar').getByRole('button', { name: 'Resume', exact: true }).click();
  await Ada.locator('.pacing-banner').waitFor({ state: 'detached', timeout: 10000 });

  // Round 4: the teacher forges a RST with the right numbers at Red; Ada's connection of
  // round 1 is reset, and stays listed as CLOSED with why.
  await teacher.getByLabel('Aim at').selectOption({ label: 'a whole team' });
  await teacher.getByLabel('Fault').selectOption({ label: 'forged RST, numbers matching' });
  await teacher.getByRole('button', { name: 'Inject the fault' }).click();
  const reset = Ada.locator('.conn-table tr', { hasText: '10.0.1.1:23' }).filter({ hasText: 'CLOSED' });
  await reset.waitFor({ timeout: 20000 });
  assert.match(await reset.innerText(), /reset/);
  await screenshot(Ada, 'lesson-08-reset-phone');

  // The end: the podium and the class's common mistakes on every screen.
  await teacher.getByRole('button', { name: 'End the room' }).click();
  await teacher.locator('.confirm').getByRole('button', { name: 'End it' }).click();
  for (const page of [teacher, ...Object.values(students)]) {
    await page.getByRole('heading', { name: 'This room is over' }).waitFor({ timeout: 15000 });
    const podium = await page.locator('.podium-step .podium-name').allInnerTexts();
    assert.equal(podium.length, 3, 'three teams on the podium');
    assert.match(podium[0], /^Red/, `Red, the team that played, leads: ${podium}`);
    const group = page.locator('.mistake-group').first();
    await group.waitFor();
    assert.match(await group.locator('.mistake-count').innerText(), /^1 card, by 1 player in 1 team/);
    assert.match(await group.locator('.mistake-first').innerText(), /Green client 1/);
  }
  await settled(Ada);
  await screenshot(Ada, 'lesson-09-debrief-phone');
  await screenshot(teacher, 'lesson-10-debrief-teacher');
  await teacher.evaluate(() => { location.hash = '#projector'; });
  await teacher.locator('.wall[data-phase=ended] .podium-step').first().waitFor({ timeout: 10000 });
  await screenshot(teacher, 'lesson-11-wall-podium');
  // The steps stand first, second, third, also when a bots-only team's tag adds a line.
  for (const page of [teacher, Ada]) {
    const heights = await page.locator('.podium-step').evaluateAll((steps) =>
      steps.map((s) => [s.className.match(/podium-step-(\d)/)?.[1], s.getBoundingClientRect().height]));
    const by = Object.fromEntries(heights);
    assert.ok(by[1] > by[2] && by[2] > by[3], `step heights 1 > 2 > 3: ${JSON.stringify(by)}`);
  }

  for (const page of [teacher, ...Object.values(students)]) assertNoErrors(assert, page);
});
