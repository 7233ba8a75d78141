// Benchmark (not a test): frame times of the Board with 200 cards in flight, and with 600 on
// a class's board of 50 teams (drawn as tiles), in headless Chromium (Debian's, through
// playwright-core, as the e2e suite uses).
//
// Run it against a served build of the app (e.g. the release build Trunk produced):
//
//   cd tests/e2e && BASE_URL=http://127.0.0.1:8080 node bench-animation.mjs
//   BENCH_CASES=600 ... node bench-animation.mjs     # only the 600-card case (or 200)
//
// How it gets the cards in flight without any test-only code in the product: it writes a
// saved game (the `SavedGame` JSON of `protocol/src/session.rs`, key `tcpip.game`) into
// localStorage and reloads; the app shell resumes a saved game on load, exactly as after a
// reload in class. The saved scenario has 20 teams of 10 clients (or 50 teams of 12) with
// 60-second links (the longest a scenario allows), and its log has every client taken by a
// person who wrote a SYN to their server at time 0: a card on every client's link for the
// whole minute.
//
// It then records `requestAnimationFrame` timestamps for ~5 s and prints the frame-time
// percentiles; the target is p95 <= 16.7 ms. Exit code 0 on success (whatever the
// figure), 2 if the board never showed all the cards (e.g. the Board is not on the page).
import { launch, openPage, BASE_URL } from './harness.js';
import { savedGame } from './saved-game.js';

const CASES = [
  { cards: 200, teams: 20, clients: 10 },
  { cards: 600, teams: 50, clients: 12 },
].filter((c) => !process.env.BENCH_CASES || process.env.BENCH_CASES.split(',').includes(String(c.cards)));
const SECONDS = 5;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

const browser = await launch();
let code = 0;
try {
  for (const { teams, clients } of CASES) {
    const page = await openPage(browser);
    await page.goto(BASE_URL);
    const save = savedGame({ teams, clients, linkDelay: 60, name: 'Animation benchmark' });
    await page.evaluate((s) => localStorage.setItem('tcpip.game', JSON.stringify(s)), save);
    await page.reload();
    const want = teams * clients;
    try {
      await page.waitForFunction(
        (n) => document.querySelectorAll('svg.board-svg g.card[data-card]').length >= n,
        want,
        { timeout: 60_000 },
      );
    } catch {
      const seen = await page.evaluate(() => document.querySelectorAll('svg.board-svg g.card[data-card]').length);
      console.error(`the board showed ${seen} cards, not ${want}: is the Board on the page at ${BASE_URL}?`);
      code = 2;
      await page.context().close();
      continue;
    }
    // Chromium's own counters of the main thread's work over the run: what the page costs,
    // apart from how busy the rest of the machine is.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    const { stamps, moved, moves } = await page.evaluate(async (seconds) => {
      const first = document.querySelector('svg.board-svg g.card[data-card]');
      const before = first?.getAttribute('transform');
      // How many card glyphs the board moves: each move costs a restyle and a repaint.
      let moves = 0;
      const watch = new MutationObserver((records) => { moves += records.length; });
      watch.observe(document.querySelector('svg.board-svg g.cards'), {
        subtree: true, attributes: true, attributeFilter: ['transform'],
      });
      const stamps = [];
      await new Promise((done) => {
        const step = (t) => {
          stamps.push(t);
          if (stamps.length < 2 || t - stamps[0] < seconds * 1000) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      watch.disconnect();
      return { stamps, moves, moved: first?.getAttribute('transform') !== before };
    }, SECONDS);
    const after = await metrics();
    const spent = (name) => (after[name] - before[name]).toFixed(3);
    const work = `main thread over the run: script ${spent('ScriptDuration')} s, style ${spent('RecalcStyleDuration')} s, ` +
      `layout ${spent('LayoutDuration')} s, all tasks ${spent('TaskDuration')} s`;
    // (the per-frame figure is printed below, once the frames are counted)
    const frames = [];
    for (let i = 1; i < stamps.length; i++) frames.push(stamps[i] - stamps[i - 1]);
    const perFrame = ((after.TaskDuration - before.TaskDuration) * 1000 / Math.max(1, frames.length)).toFixed(2);
    const sorted = [...frames].sort((a, b) => a - b);
    const mean = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length);
    const cards = await page.evaluate(() => document.querySelectorAll('svg.board-svg g.card[data-card]').length);
    console.log(`${teams} teams × ${clients} clients: cards in flight: ${cards} (they ${moved ? 'moved' : 'did NOT move'} during the run)`);
    console.log(`  frames: ${frames.length} over ${((stamps.at(-1) - stamps[0]) / 1000).toFixed(2)} s`);
    console.log(`  frame time ms: mean ${mean.toFixed(2)}, p50 ${percentile(sorted, 50).toFixed(2)}, ` +
      `p95 ${percentile(sorted, 95).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, max ${sorted.at(-1).toFixed(2)}`);
    console.log(`  ${work} (${perFrame} ms a frame); ${(moves / Math.max(1, frames.length)).toFixed(1)} card moves a frame`);
    console.log(`  ${cards} cards: p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms (target <= 16.7 ms)`);
    if (page.errors.length) console.error(page.errors.join('\n'));
    await page.context().close();
  }
} finally {
  await browser.close();
}
process.exit(code);
