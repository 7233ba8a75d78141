// Benchmark (not a test): time from navigation to an interactive start screen.
// Run against a served release build:
//   BASE_URL=http://127.0.0.1:8080 node tests/e2e/bench-startup.mjs
// It loads the page 10 times in fresh contexts (cold cache each time) and reports the
// median and worst time until the Play button is visible and enabled, measured inside the
// page from navigation start (performance.now()).
import { launch, BASE_URL } from './harness.js';

const RUNS = 10;
const browser = await launch();
const times = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE_URL, { waitUntil: 'commit' });
  await page.getByRole('button', { name: 'Play' }).waitFor({ state: 'visible' });
  times.push(await page.evaluate(() => performance.now()));
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)];
console.log(`navigation → interactive start screen over ${RUNS} cold loads: ` +
  `median ${median.toFixed(0)} ms, worst ${times[RUNS - 1].toFixed(0)} ms (goal ≤ 1000 ms)`);
