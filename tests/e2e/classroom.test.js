// Classroom mode with four people on four browsers (each its own context and storage):
// the instructor opens a room, three students join it with the code, the instructor seats
// them in Red's LAN, and they play round 1 from their own desks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, assertNoErrors, screenshot, seriousA11yViolations, BASE_URL } from './harness.js';
import { tab, writeCard, verdictText, deliverCard, inboxCard, connectionState } from './game.js';
import { openRoom, join, rosterRow, moveTo, studentSeat, startClock } from './classroom.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CLIENT = { src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 23 };
const SERVER = { src: '10.0.1.1', sport: 23, dst: '10.0.1.2', dport: 40000 };

async function noSeriousA11y(page, where) {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${violations.join('\n')}`);
}

/** A student's desk: the Desk tab, and what it says the person is. */
async function desk(page) {
  await tab(page, 'Desk');
  return studentSeat(page);
}

/** The Red row of the instructor's progress table: the time of round 1 (or "not yet"). */
async function redHandshake(instructor) {
  const red = instructor.locator('.progress-table tbody tr', { hasText: 'Red' });
  return red.locator('td').first().innerText();
}

test('three students join a room, are seated in Red and play the handshake; the instructor sees it', async () => {
  const teacher = await openPage(browser);
  const code = await openRoom(teacher);
  assert.match(code, /^[A-Z0-9]{6}$/, `a six-character join code, got "${code}"`);
  const panel = teacher.locator('.room-panel');
  assert.match(await panel.innerText(), new RegExp(`/join/#join=${code}`), 'the panel gives the join link');
  assert.match(await panel.innerText(), /Nobody has joined yet/);
  assert.match(await redHandshake(teacher), /not yet/);

  // Ada and Bea follow the join link; Cy types the code as people do, in small letters.
  const [ada, bea, cy] = [await openPage(browser), await openPage(browser), await openPage(browser)];
  await ada.goto(`${BASE_URL}/join/#join=${code}`);
  assert.equal(await ada.getByLabel('Room code').inputValue(), code, 'the link fills in the code');
  await screenshot(ada, 'classroom-join');
  await noSeriousA11y(ada, 'the join screen');
  await join(ada, 'Ada');
  await bea.goto(`${BASE_URL}/join/#join=${code}`);
  await join(bea, 'Bea');
  await cy.goto(BASE_URL);
  await join(cy, 'Cy', { code: code.toLowerCase() });

  // A newcomer goes to the first client of the team with the fewest people.
  assert.match(await desk(ada), /You are Red client 1 /);
  assert.match(await desk(bea), /You are Green client 1 /);
  assert.match(await desk(cy), /You are Blue client 1 /);
  for (const name of ['Ada', 'Bea', 'Cy']) {
    await rosterRow(teacher, name).locator('.roster-online', { hasText: 'online' }).waitFor();
  }

  await moveTo(teacher, 'Bea', 'Red server');
  await moveTo(teacher, 'Cy', 'Red router');
  assert.match(await studentSeat(bea), /You are Red server \(server 10\.0\.1\.1, Red\)/);
  assert.match(await studentSeat(cy), /You are Red router \(router 10\.0\.1\.254, Red\)/);
  assert.match(await studentSeat(ada), /You are Red client 1 \(client 10\.0\.1\.2, Red\)/);
  await noSeriousA11y(teacher, 'the room panel');
  await screenshot(teacher, 'classroom-room-panel');

  // The instructor's desk may look at any seat, but a student's seat stays theirs.
  await tab(teacher, 'Desk');
  await teacher.getByLabel(/You are playing/).selectOption({ label: 'Red client 1 (client 10.0.1.2, Red)' });
  await teacher.getByRole('button', { name: 'Give back to the bot' }).click();
  await teacher.getByText('Ada sits at this seat').waitFor();
  // Ada's desk is read-only on the instructor's page until they choose to play it for her.
  await teacher.locator('.held-seat', { hasText: 'Ada plays this seat' }).waitFor();
  assert.notEqual(await teacher.locator('fieldset.desk-lock').getAttribute('disabled'), null);
  await teacher.getByRole('button', { name: 'Play this seat for Ada' }).waitFor();
  await noSeriousA11y(teacher, 'the desk of a seat a student holds');
  await screenshot(teacher, 'classroom-instructor-held-seat');
  await tab(teacher, 'Instructor');
  assert.match(await rosterRow(teacher, 'Ada').locator('.roster-seat').innerText(), /^Red client 1 /);
  // The instructor who follows the students' join link on their own browser is sent on to
  // the whole game's page, and is back in the room there as its instructor.
  await teacher.goto(`${BASE_URL}/join/#join=${code}`);
  await teacher.waitForURL(`${BASE_URL}/`);
  await tab(teacher, 'Instructor');
  await rosterRow(teacher, 'Ada').waitFor();

  // A room opens paused, and the students are told so until the instructor starts it.
  const paused = ada.locator('.topbar .clock-state');
  assert.equal(await paused.innerText(), 'paused');
  // The lobby: Ada's desk says to wait, and a card she writes now is refused with why.
  await tab(ada, 'Desk');
  await ada.locator('.task-situation', { hasText: 'the game has not started: wait for the instructor to start it' }).waitFor();
  await writeCard(ada, { ...CLIENT, seq: 0 }, { flags: ['SYN'] });
  await ada.locator('.desk-error', { hasText: 'the game has not started' }).waitFor();
  await screenshot(ada, 'classroom-lobby');
  await startClock(teacher);
  await ada.locator('.task-situation', { hasText: 'your move: open the connection to 10.0.1.1:23' }).waitFor();
  await paused.filter({ hasNotText: 'paused' }).waitFor({ state: 'attached' });
  // Cy delivers each student's card by its sender: the bot teams are rounds ahead, and
  // their cross-LAN cards reach Red's router too, sometimes first.
  await writeCard(ada, { ...CLIENT, seq: 0 }, { flags: ['SYN'] });
  assert.match(await verdictText(ada), /Correct card/);
  await deliverCard(cy, CLIENT.src);

  // Bea reloads with the SYN on her desk: she is back at the same seat with the same inbox.
  await inboxCard(bea, /SYN/);
  const inbox = await bea.locator('.desk-inbox').innerText();
  await bea.reload();
  assert.match(await desk(bea), /You are Red server /);
  assert.equal(await bea.locator('.desk-inbox').innerText(), inbox);
  assert.equal(await teacher.locator('.roster-name', { hasText: /^Bea$/ }).count(), 1, 'Bea is in the roster once');
  await rosterRow(teacher, 'Bea').locator('.roster-online', { hasText: 'online' }).waitFor();

  await writeCard(bea, { ...SERVER, seq: 0, ack: 1 }, { flags: ['SYN', 'ACK'] });
  assert.match(await verdictText(bea), /Correct card/);
  await deliverCard(cy, SERVER.src);
  await inboxCard(ada, /SYN\+ACK/);
  await writeCard(ada, { ...CLIENT, seq: 1, ack: 1 }, { flags: ['ACK'] });
  assert.match(await verdictText(ada), /Correct card/);
  await deliverCard(cy, CLIENT.src);

  assert.equal(await connectionState(ada, '10.0.1.1:23'), 'ESTABLISHED');
  // The server reaches ESTABLISHED when Ada's ACK lands on Bea's desk, a moment later.
  await bea.locator('.conn-table tr', { hasText: '10.0.1.2:40000' })
    .filter({ hasText: 'ESTABLISHED' }).waitFor({ timeout: 15000 });
  assert.equal(await connectionState(bea, '10.0.1.2:40000'), 'ESTABLISHED');
  await screenshot(ada, 'classroom-student-desk');
  await noSeriousA11y(ada, 'a student desk');

  // The instructor's progress table and the projector show Red's round 1 done.
  await teacher.locator('.progress-table tbody tr', { hasText: 'Red' })
    .locator('td').first().filter({ hasText: /\d+:\d\d/ }).waitFor({ timeout: 10000 });
  assert.match(await redHandshake(teacher), /✓ \d+:\d\d/);
  await tab(teacher, 'Projector');
  assert.equal((await teacher.locator('.room-join .room-code-value').innerText()).trim(), code);
  const red = teacher.locator('.projector-row', { hasText: 'Red' });
  assert.match(await red.locator('.projector-goals').innerText(), /^1 \/ \d+/);
  // The race is between people: Red, the students' team, leads although the bot teams
  // are rounds ahead, and those say they are bots.
  assert.equal((await red.locator('.projector-rank').innerText()).trim(), '1');
  for (const team of ['Blue', 'Green']) {
    const row = teacher.locator('.projector-row', { hasText: team });
    assert.match(await row.locator('.projector-team').innerText(), /bots/);
  }
  assert.doesNotMatch(await red.locator('.projector-team').innerText(), /bots/);
  await screenshot(teacher, 'classroom-projector');

  // The instructor leaves (the room goes on) and comes back from the start screen: this
  // browser kept the instructor's key.
  await teacher.locator('.topbar').getByRole('button', { name: 'Leave the room' }).click();
  await teacher.locator('.confirm').getByRole('button', { name: 'Leave', exact: true }).click();
  const back = teacher.getByRole('button', { name: `Return to room ${code}` });
  await back.waitFor({ timeout: 10000 });
  await screenshot(teacher, 'classroom-rooms-you-run');
  await noSeriousA11y(teacher, 'the rooms you run');
  await back.click();
  await teacher.getByRole('tab', { name: 'Instructor' }).waitFor({ timeout: 15000 });
  await tab(teacher, 'Instructor');
  assert.match(await rosterRow(teacher, 'Ada').locator('.roster-seat').innerText(), /^Red client 1 /);
  // The instructor who follows the students' join link on their own browser is sent on to
  // the whole game's page, and is back in the room there as its instructor.
  await teacher.goto(`${BASE_URL}/join/#join=${code}`);
  await teacher.waitForURL(`${BASE_URL}/`);
  await tab(teacher, 'Instructor');
  await rosterRow(teacher, 'Ada').waitFor();

  // The instructor ends the room: everyone is told, and the instructor takes the results
  // home ("end a room and download its log, pcap and results").
  await teacher.getByRole('button', { name: 'End the room' }).click();
  await teacher.locator('.confirm').getByRole('button', { name: 'End it' }).click();
  await teacher.getByRole('heading', { name: 'This room is over' }).waitFor({ timeout: 10000 });
  await ada.getByRole('heading', { name: 'This room is over' }).waitFor({ timeout: 10000 });
  assert.equal(await ada.locator('.exports').count(), 0, 'the exports are the instructor\'s');
  const [results] = await Promise.all([
    teacher.waitForEvent('download'),
    teacher.getByRole('button', { name: 'results (CSV)' }).click(),
  ]);
  const csv = readFileSync(await results.path(), 'utf8').split('\r\n');
  assert.match(csv[0], /^rank,team,goals done,Handshake \(s\),/);
  assert.match(csv[1], /^1,Red,\d+,[\d.]+,.*,people$/, `Red leads: ${csv[1]}`);
  const [log] = await Promise.all([
    teacher.waitForEvent('download'),
    teacher.getByRole('link', { name: 'Download the room log' }).click(),
  ]);
  const records = readFileSync(await log.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(records[0].record, 'created');
  assert.ok(records.some((r) => r.record === 'ended'), 'the end is in the log');
  assert.ok(await teacher.getByRole('button', { name: 'pcap of team Red' }).isVisible());
  await screenshot(teacher, 'classroom-room-over');
  await noSeriousA11y(teacher, 'the end of a room');

  for (const page of [teacher, ada, bea, cy]) assertNoErrors(assert, page);
});
