// Benchmark (not a test): a student on a weak phone follows the join link to an interactive
// desk. Chromium's CPU is throttled 4× and the link to the server is 10 Mbit/s with 40 ms of
// latency (DevTools' emulation), on a 390 × 844 touch screen. Run against a served release
// build (`cargo xtask play`, or `tcpip-classroom serve --dir dist`):
//   BASE_URL=http://127.0.0.1:8080 node tests/e2e/bench-phone.mjs
// Each load gets a room of its own (opened by an unthrottled instructor), so every student
// takes a seat. Cold: a fresh browser context, nothing cached. Warm: the same context after
// a first load, the HTTP cache kept (the hashed files are immutable, the page revalidated)
// and the page's storage cleared, so the student joins as a newcomer again. Reported: the
// median and worst of 10 of each, from navigation start to the desk's Send button, measured
// inside the page (performance.now()); the Join form's part is given too. Playwright types
// the name and presses Join, a few milliseconds of the total.
import { launch, openPage, BASE_URL } from './harness.js';
import { openRoom } from './classroom.js';

const RUNS = 10;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const CPU_SLOWDOWN = 4;
const LINK = { latency: 40, throughput: (10 * 1000 * 1000) / 8 };

const browser = await launch();

/** A new room, opened by an instructor in a browser of their own. */
async function newRoom() {
  const teacher = await openPage(browser, { viewport: { width: 1366, height: 768 } });
  const code = await openRoom(teacher);
  await teacher.context().close();
  return code;
}

/** One load in `page`'s context: the join link to an interactive desk; the two times in ms. */
async function load(page) {
  const code = await newRoom();
  await page.goto(`${BASE_URL}/join/#join=${code}`, { waitUntil: 'commit' });
  const join = page.getByRole('button', { name: 'Join the room' });
  await join.waitFor({ state: 'visible', timeout: 60000 });
  const form = await page.evaluate(() => performance.now());
  await page.getByLabel('Your name').fill('Phone');
  await join.click();
  await page.getByRole('tab', { name: 'Desk' }).click({ timeout: 60000 });
  await page.getByRole('button', { name: 'Send', exact: true }).waitFor({ state: 'visible', timeout: 60000 });
  const desk = await page.evaluate(() => performance.now());
  return { form, desk };
}

/** A phone's context with its CPU and network throttled. */
async function phone() {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latency,
    downloadThroughput: LINK.throughput,
    uploadThroughput: LINK.throughput,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return { context, page };
}

const cold = [];
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await phone();
  cold.push(await load(page));
  await context.close();
}
const warm = [];
{
  const { context, page } = await phone();
  await load(page);
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => localStorage.clear());
    await page.goto('about:blank');
    warm.push(await load(page));
  }
  await context.close();
}
await browser.close();

function report(name, loads) {
  const pick = (key) => loads.map((l) => l[key]).sort((a, b) => a - b);
  const desk = pick('desk');
  const form = pick('form');
  const median = (xs) => xs[Math.floor(xs.length / 2)];
  console.log(`${name}: join link → interactive desk, median ${median(desk).toFixed(0)} ms, ` +
    `worst ${desk[desk.length - 1].toFixed(0)} ms (join form shown: median ${median(form).toFixed(0)} ms)`);
}
console.log(`${RUNS} loads each, CPU ${CPU_SLOWDOWN}× slower, 10 Mbit/s, ${LINK.latency} ms, 390 × 844:`);
report('cold (nothing cached)', cold);
report('warm (HTTP cache kept)', warm);
console.log('goals: cold ≤ 2500 ms, warm ≤ 1000 ms');
