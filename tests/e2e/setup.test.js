// The set-up for the class in front of the teacher: the page that sizes the original game
// for N students fits two phones and a laptop (pictures `setup-<width>.png`), and a
// class-sized room whose every seat is taken grows by a team with one click, seating the
// person who was watching.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, openPage, assertNoErrors, screenshot, layoutProblems, seriousA11yViolations, BASE_URL, settled } from './harness.js';
import { chooseScenario, tab } from './game.js';
import { join, rosterRow, studentSeat } from './classroom.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SHOTS = process.env.SCREENSHOT_DIR ?? path.resolve('../../target/e2e-screenshots');

/** A picture of what the screen shows with `selector` scrolled to its top (the full page of
 * a 30-student set-up is too long to read). */
async function screenAt(page, selector, name) {
  await page.locator(selector).evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** On the set-up page: type the size of the class and wait for the proposal. */
async function sizeClass(page, students) {
  await page.getByLabel('Students in the class').fill(String(students));
  await page.locator('.class-proposal').waitFor();
}

test('the set-up for a class of 30 fits two phones and a laptop', async () => {
  for (const size of [{ width: 360, height: 740 }, { width: 390, height: 844 }, { width: 1366, height: 768 }]) {
    const phone = size.width < 500;
    const page = await openPage(browser, { viewport: size, isMobile: phone, hasTouch: phone });
    await page.goto(BASE_URL);
    await chooseScenario(page);
    await sizeClass(page, 30);
    assert.match(await page.locator('.class-proposal').innerText(),
      /^30 students: 8 teams of 2 client\(s\), a server and a router \(32 seats\)/);
    assert.equal(await page.locator('.seat-total').innerText(),
      '8 teams × (2 clients + server + router) = 32 seats');
    await settled(page);
    await screenshot(page, `setup-${size.width}`);
    await screenAt(page, '.class-size', `setup-${size.width}-class`);
    await screenAt(page, 'fieldset.round-picker', `setup-${size.width}-rounds`);
    const { overflow, sticking, small } = await layoutProblems(page);
    assert.equal(overflow, 0, `the set-up at ${size.width} px scrolls sideways by ${overflow} px:\n${sticking.join('\n')}`);
    // Every control of the set-up is fingertip-sized.
    assert.deepEqual(small, [], `touch targets under 44 px at ${size.width} px:\n${small.join('\n')}`);
    if (!phone) {
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], `the set-up page:\n${violations.join('\n')}`);
    }
    assertNoErrors(assert, page);
    await page.context().close();
  }
});

test('a full class-sized room adds a team with one click and seats the person watching', async () => {
  const teacher = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  await teacher.goto(BASE_URL);
  await chooseScenario(teacher);
  // Five students: the smallest game, two teams of one client, a server and a router.
  await sizeClass(teacher, 5);
  assert.equal(await teacher.locator('.seat-total').innerText(),
    '2 teams × (1 client + server + router) = 6 seats');
  await teacher.getByRole('button', { name: 'Open a classroom room' }).click();
  const codeBox = teacher.locator('.room-panel .room-code-value');
  await codeBox.waitFor({ timeout: 15000 });
  const code = (await codeBox.innerText()).trim();

  // Six people take the six seats, each on a browser of their own that then goes away (a
  // seat stays its person's); the seventh watches.
  let student;
  for (let i = 0; i < 7; i++) {
    if (student) await student.context().close();
    student = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await student.goto(`${BASE_URL}/join/#join=${code}`);
    await join(student, `P${i}`);
  }
  await tab(student, 'Desk');
  assert.match(await studentSeat(student), /You are watching/);
  const full = teacher.locator('.room-panel .seats-full');
  await full.getByText('Every seat is taken: 1 person watches.').waitFor();
  await screenAt(teacher, '.room-panel', 'class-room-full');

  await full.getByRole('button', { name: 'Add a team' }).click();
  await rosterRow(teacher, 'P6').locator('.roster-seat', { hasText: /^LAN 3 client 1 / }).waitFor();
  await student.locator('.student-seat', { hasText: 'You are LAN 3 client 1 (client 10.0.3.2, LAN 3)' })
    .waitFor({ timeout: 15000 });
  assert.equal(await full.count(), 0, 'nobody watches any more');
  await screenshot(student, 'class-room-grown-student');
  assertNoErrors(assert, teacher);
  assertNoErrors(assert, student);
});
