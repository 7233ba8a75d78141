// The projector on a wall and the board of a whole class: the wall (`#projector`) at
// 1920 × 1080 while people join a room, during the race of a class of 30 teams, and back to
// the app with Escape; a class's board of 50 teams at 1366 × 768 and on a phone, fitted to
// the screen, a team opened from its tile and closed again. Nothing may scroll on the
// wall. The screenshots (`projector-*.png`, `board-50-*.png`) are there to be looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoErrors, screenshot, layoutProblems, seriousA11yViolations, BASE_URL, settled } from './harness.js';
import { tab } from './game.js';
import { openRoom, join, startClock } from './classroom.js';
import { savedGame } from './saved-game.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WALL = { viewport: { width: 1920, height: 1080 } };

/** How far the page scrolls down and sideways (0 and 0 when it fits its window). */
async function scrolling(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    return {
      down: Math.max(0, root.scrollHeight - window.innerHeight),
      across: Math.max(0, root.scrollWidth - window.innerWidth),
    };
  });
}

async function noScrolling(page, where) {
  assert.deepEqual(await scrolling(page), { down: 0, across: 0 }, `${where} scrolls`);
}

async function noSeriousA11y(page, where) {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${violations.join('\n')}`);
}

/** A page with a saved class game of `teams` teams loaded, at `hash`. */
async function classGame(options, { teams, clients, hash = '', paused = true }) {
  const page = await openPage(browser, options);
  await page.goto(BASE_URL);
  const save = savedGame({ teams, clients, linkDelay: 60, paused, name: `A class of ${teams} teams` });
  await page.evaluate((s) => localStorage.setItem('tcpip.game', JSON.stringify(s)), save);
  await page.goto(`${BASE_URL}/${hash}`);
  await page.reload();
  return page;
}

test('the wall while people join: the code, the QR code, the link and who joined, then the race', async () => {
  const teacher = await openPage(browser, WALL);
  const code = await openRoom(teacher);
  const ada = await openPage(browser);
  await ada.goto(`${BASE_URL}/join/#join=${code}`);
  await join(ada, 'Ada');
  await teacher.evaluate(() => { location.hash = '#projector'; });
  const wall = teacher.locator('.wall[data-phase=joining]');
  await wall.waitFor({ timeout: 10000 });
  assert.equal(await teacher.locator('.topbar').count(), 0, 'no top bar on the wall');
  assert.equal(await teacher.locator('[role=tablist]').count(), 0, 'no tabs on the wall');
  assert.equal((await teacher.locator('.wall-join-value').innerText()).trim(), code);
  assert.match(await teacher.locator('.wall-join-link').innerText(), new RegExp(`/join/#join=${code}$`));
  const qr = teacher.locator('img.wall-qr');
  await teacher.waitForFunction(() => document.querySelector('img.wall-qr')?.complete);
  assert.ok(await qr.evaluate((img) => img.naturalWidth > 0), 'the QR code is drawn');
  const big = await teacher.locator('.wall-join-value').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(big >= 150, `the code is huge, not ${big} px`);
  await teacher.locator('.wall-joined', { hasText: 'Ada' }).waitFor({ timeout: 10000 });
  assert.match(await teacher.locator('.wall-joined').innerText(), /Joined: 1\b[\s\S]*Red Ada/);
  await noScrolling(teacher, 'the wall while people join');
  await screenshot(teacher, 'projector-joining');
  await noSeriousA11y(teacher, 'the wall while people join');

  // Escape goes back to the app; the clock starts from the top bar; the wall shows the race.
  await teacher.keyboard.press('Escape');
  await teacher.locator('.topbar').waitFor();
  await startClock(teacher, '100');
  await teacher.evaluate(() => { location.hash = '#projector'; });
  await teacher.locator('.wall[data-phase=race]').waitFor({ timeout: 10000 });
  assert.equal(await teacher.locator('.wall-row').count(), 3);
  assert.equal(await teacher.locator('.wall-board svg.board-svg').count(), 1, 'three teams: the board beside');
  await noScrolling(teacher, 'the race of three teams');
  await screenshot(teacher, 'projector-race-3');
  await teacher.locator('.wall-exit').click();
  await teacher.locator('.topbar').waitFor();

  // The instructor ends the room; the wall shows the final standings, the podium's place
  // kept for it.
  await tab(teacher, 'Instructor');
  await teacher.getByRole('button', { name: 'End the room' }).click();
  await teacher.locator('.confirm').getByRole('button', { name: 'End it' }).click();
  await teacher.getByRole('heading', { name: 'This room is over' }).waitFor({ timeout: 10000 });
  await teacher.evaluate(() => { location.hash = '#projector'; });
  await teacher.locator('.wall[data-phase=ended]').waitFor({ timeout: 10000 });
  assert.equal((await teacher.locator('.wall-ended-title').innerText()).trim(), 'Final standings');
  assert.equal(await teacher.locator('.wall-podium .podium-step').count(), 3, 'the podium: three teams on its steps');
  assert.equal(await teacher.locator('.wall-ended .wall-row').count(), 3);
  const ranks = await teacher.locator('.wall-ended .wall-rank').allInnerTexts();
  assert.deepEqual(ranks.map((r) => r.trim()), ['1', '2', '3'], 'ranked');
  await noScrolling(teacher, 'the end on the wall');
  await screenshot(teacher, 'projector-ended');
  await teacher.keyboard.press('Escape');
  await teacher.getByRole('heading', { name: 'This room is over' }).waitFor();
  assertNoErrors(assert, teacher);
  assertNoErrors(assert, ada);
  await teacher.context().close();
  await ada.context().close();
});

test('the wall during the race of 30 teams: every team on one page, legible, nothing scrolls', async () => {
  const page = await classGame(WALL, { teams: 30, clients: 2, hash: '#projector' });
  await page.locator('.wall[data-phase=race]').waitFor({ timeout: 15000 });
  const rows = page.locator('.wall-row');
  assert.equal(await rows.count(), 30, 'all 30 teams at once');
  assert.equal(await page.locator('.wall-page').count(), 0, 'one page');
  await noScrolling(page, 'the race of 30 teams');
  // Every row is on screen and its name in type a back row reads.
  const boxes = await rows.evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { bottom: r.bottom, right: r.right, size: parseFloat(getComputedStyle(el).fontSize) };
  }));
  for (const b of boxes) {
    assert.ok(b.bottom <= 1080 && b.right <= 1920, `a row is off screen: ${JSON.stringify(b)}`);
    assert.ok(b.size >= 30, `type of ${b.size} px`);
  }
  assert.match(await rows.first().locator('.wall-marks').getAttribute('aria-label'), /^0 \/ 2 rounds$/);
  await screenshot(page, 'projector-race-30');
  await noSeriousA11y(page, 'the wall of 30 teams');
  assertNoErrors(assert, page);
  await page.context().close();
});

test('the wall of 50 teams turns pages of 30', async () => {
  const page = await classGame(WALL, { teams: 50, clients: 1, hash: '#projector' });
  await page.locator('.wall[data-phase=race]').waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.wall-row').count(), 30);
  assert.equal((await page.locator('.wall-page').innerText()).trim(), 'Page 1 / 2');
  await noScrolling(page, 'the race of 50 teams');
  assertNoErrors(assert, page);
  await page.context().close();
});

for (const size of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
  test(`a class's board of 50 teams fits ${size.width}×${size.height}, and a tile opens its team`, async () => {
    const page = await classGame({ viewport: size }, { teams: 50, clients: 3, paused: false });
    await tab(page, 'Board');
    const tiles = page.locator('svg.board-svg g.lan-tile');
    await page.waitForFunction(() => document.querySelectorAll('svg.board-svg g.lan-tile').length === 50);
    await settled(page);
    const svg = await page.locator('svg.board-svg').boundingBox();
    assert.ok(svg.y + svg.height <= size.height + 1, `the board ends at ${svg.y + svg.height}, under the screen`);
    assert.ok(svg.x + svg.width <= size.width + 1, 'the board is not wider than the screen');
    const { overflow } = await layoutProblems(page);
    assert.equal(overflow, 0, 'no sideways scrolling');
    await screenshot(page, `board-50-${size.width}`);
    await noSeriousA11y(page, `the board of 50 teams at ${size.width}`);

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Whole board' }).click();
    await tiles.nth(11).click();
    await page.getByRole('button', { name: '← All teams' }).waitFor();
    assert.equal(await page.locator('svg.board-svg g.lan').count(), 1, 'one team, large');
    assert.match(await page.locator('svg.board-svg').textContent(), /T11 · LAN 10\.0\.12\.0\/24/);
    await screenshot(page, `board-50-${size.width}-team`);
    await page.getByRole('button', { name: '← All teams' }).click();
    await page.waitForFunction(() => document.querySelectorAll('svg.board-svg g.lan-tile').length === 50);
    assertNoErrors(assert, page);
    await page.context().close();
  });
}
