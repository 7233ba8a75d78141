// Phones first: every screen a student sees — the join form, the desk of a client, a server
// and a router (with the state diagram), the ladder — on two phones and a laptop, with no
// sideways scrolling and every button and field at least 44 px (touch targets). The
// screenshots (`phone-<width>-<screen>.png`) are there to be looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, layoutProblems, BASE_URL, settled } from './harness.js';
import { tab, writeCard, verdictText } from './game.js';
import { openRoom, join, moveTo, studentSeat, startClock } from './classroom.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SCREENS = [
  { width: 360, height: 740, phone: true },
  { width: 390, height: 844, phone: true },
  { width: 1366, height: 768, phone: false },
];

/** Checks the screen shown now, and keeps a picture of it. */
async function check(page, size, name) {
  await settled(page);
  await screenshot(page, `phone-${size.width}-${name}`);
  const { overflow, sticking, small } = await layoutProblems(page);
  const at = `${name} at ${size.width}×${size.height}`;
  assert.equal(overflow, 0, `${at} scrolls sideways by ${overflow} px:\n${sticking.join('\n')}`);
  assert.deepEqual(small, [], `${at}: touch targets under 44 px:\n${small.join('\n')}`);
  // The top bar holds a student's clock, room, language and Leave without scrolling.
  const bar = await page.evaluate(() => {
    const el = document.querySelector('.topbar');
    return el ? el.scrollWidth - el.clientWidth : 0;
  });
  assert.equal(bar, 0, `${at}: the top bar scrolls sideways by ${bar} px`);
}

test('every student screen fits two phones and a laptop, with 44 px touch targets', async () => {
  const teacher = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  const code = await openRoom(teacher);
  await startClock(teacher);
  const teams = ['Red', 'Green', 'Blue'];
  for (const [i, size] of SCREENS.entries()) {
    const team = teams[i];
    const student = await openPage(browser, {
      viewport: { width: size.width, height: size.height },
      isMobile: size.phone,
      hasTouch: size.phone,
    });
    await student.goto(`${BASE_URL}/join/#join=${code}`);
    await student.getByLabel('Your name').waitFor();
    await check(student, size, 'join');
    // Someone who follows a join link sees the Join button without scrolling.
    const button = await student.getByRole('button', { name: 'Join the room' }).boundingBox();
    assert.ok(button.y + button.height <= size.height,
      `the Join button ends at ${button.y + button.height} px, below the ${size.height} px screen`);
    await join(student, `S${size.width}`);

    // A newcomer is the first client of the team with the fewest people.
    await tab(student, 'Desk');
    assert.match(await studentSeat(student), new RegExp(`You are ${team} client 1 `));
    await check(student, size, 'desk-client');
    const lan = `10.0.${i + 1}`;
    await writeCard(student, { src: `${lan}.2`, sport: 40000, dst: `${lan}.1`, dport: 23, seq: 0 },
      { flags: ['SYN'] });
    // Right or wrong (the bots of this team may have played ahead), the referee answers.
    assert.match(await verdictText(student), /card/i);
    await check(student, size, 'desk-client-verdict');
    await tab(student, 'Ladder');
    await student.locator('.ladder-arrow').first().waitFor();
    await check(student, size, 'ladder');
    // The drawing fits its box: no sideways scrolling inside it either, and both
    // lifelines and every arrow's words are on the screen.
    const ladder = await student.evaluate(() => {
      const box = document.querySelector('.ladder');
      const edge = box.getBoundingClientRect();
      const out = [...box.querySelectorAll('.ladder-lifeline, .ladder-label, .ladder-endpoint')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.left < edge.left - 1 || r.right > edge.right + 1).length;
      return { scrolls: box.scrollWidth - box.clientWidth, out };
    });
    assert.deepEqual(ladder, { scrolls: 0, out: 0 }, `the ladder at ${size.width} px`);

    await moveTo(teacher, `S${size.width}`, `${team} server`);
    await tab(student, 'Desk');
    await student.locator('.student-seat', { hasText: `${team} server` }).waitFor();
    await check(student, size, 'desk-server');

    await moveTo(teacher, `S${size.width}`, `${team} router`);
    await student.locator('.student-seat', { hasText: `${team} router` }).waitFor();
    await check(student, size, 'desk-router');
    assertNoErrors(assert, student);
    await student.context().close();
  }
  assertNoErrors(assert, teacher);
});
