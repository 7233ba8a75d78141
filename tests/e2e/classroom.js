// Steps of classroom mode as people take them, each on their own browser (context): the
// instructor opens a room and seats people, students join with the code. Like game.js,
// they click and type through the real page and never reach into the app.
import { BASE_URL } from './harness.js';
import { chooseScenario } from './game.js';

/** From the start screen: open a room for `scenario`; returns the join code it shows. */
export async function openRoom(page, scenario) {
  await page.goto(BASE_URL);
  await chooseScenario(page, scenario);
  await page.getByRole('button', { name: 'Open a classroom room' }).click();
  const code = page.locator('.room-panel .room-code-value');
  await code.waitFor({ timeout: 15000 });
  return (await code.innerText()).trim();
}

/** On the join form: type the code (unless the join link filled it in) and the name, join,
 * and wait until the game screen is there. */
export async function join(page, name, { code } = {}) {
  if (code !== undefined) await page.getByLabel('Room code').fill(code);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the room' }).click();
  await page.getByRole('tab', { name: 'Desk' }).waitFor({ timeout: 15000 });
}

/** The row of the instructor's roster that shows the person called `name`. */
export function rosterRow(instructor, name) {
  return instructor.locator('.roster tbody tr', {
    has: instructor.locator('.roster-name', { hasText: new RegExp(`^${name}$`) }),
  });
}

/** As the instructor: move `name` to the seat whose option text starts with `seat`, and
 * wait until the roster shows them there. */
export async function moveTo(instructor, name, seat) {
  const select = instructor.getByLabel(`Seat of ${name}`, { exact: true });
  const options = await select.locator('option').allInnerTexts();
  const label = options.find((o) => o.startsWith(seat));
  if (!label) throw new Error(`no seat "${seat}" among ${JSON.stringify(options)}`);
  await select.selectOption({ label });
  await rosterRow(instructor, name).locator('.roster-seat', { hasText: label }).waitFor();
}

/** What a student's desk says they are ("You are Red server (server 10.0.1.1, Red)"). */
export async function studentSeat(page) {
  const seat = page.locator('.student-seat');
  await seat.waitFor();
  return seat.innerText();
}

/**
 * As the instructor: start the room's clock at `speed` per cent. A room opens paused at 0:00,
 * so its clock button offers "Start the game" until it has run.
 */
export async function startClock(instructor, speed = '1000') {
  await instructor.getByLabel('Speed').selectOption(speed);
  // The Instructor tab's own clock button says the same: press the top bar's.
  const clock = instructor.locator('.topbar').getByRole('button', { name: 'Start the game', exact: true });
  await clock.click();
  await instructor.getByRole('button', { name: 'Pause', exact: true }).waitFor();
}
