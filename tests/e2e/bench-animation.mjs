// Benchmark (not a test): frame times of the Board with 200 cards in flight, in headless
// Chromium (Debian's, through playwright-core, as the e2e suite uses).
//
// Run it against a served build of the app (e.g. the release build Trunk produced):
//
//   cd tests/e2e && BASE_URL=http://127.0.0.1:8080 node bench-animation.mjs
//
// How it gets 200 cards in flight without any test-only code in the product: it writes a
// saved game (the `SavedGame` JSON of `protocol/src/session.rs`, key `tcpip.game`) into
// localStorage and reloads; the app shell resumes a saved game on load, exactly as after a
// reload in class. The saved scenario has 20 teams of 10 clients with 60-second links (the
// longest a scenario allows), and its log has every client taken by a person who wrote a
// SYN to their server at time 0: 200 cards on 200 links for the whole minute.
//
// It then records `requestAnimationFrame` timestamps for ~5 s and prints the frame-time
// percentiles; the target is p95 <= 16.7 ms. Exit code 0 on success (whatever the
// figure), 2 if the board never showed 200 cards (e.g. the Board is not on the page).
import { launch, openPage, BASE_URL } from './harness.js';

const TEAMS = 20;
const CLIENTS = 10;
const SECONDS = 5;

/** A blank paper card, as `tcpip_stack::card::Card` serialises. */
function syn(team, client) {
  return {
    kind: 'Tcp',
    src_ip: `10.0.${team + 1}.${client + 2}`,
    dst_ip: `10.0.${team + 1}.1`,
    src_port: '40000',
    dst_port: '23',
    syn: true, ack_flag: false, fin: false, rst: false, psh: false,
    seq: '0', ack: '', data: '', ttl: '', icmp_type: '', icmp_code: '',
  };
}

/** The scenario, as the file an instructor would write (a saved game holds it so). */
function scenarioToml(teams) {
  const lines = [
    'name = "Animation benchmark"',
    `description = "${TEAMS * CLIENTS} cards in flight"`,
    'goals = ["handshake", "data"]',
    '',
    '[settings]',
    'isn = "zero"',
    'referee = "coach"',
    'speed = 100',
    'seed = 1',
    'msl = 5',
    'link_delay = 60',
    'think_time = 0.1',
    'loss = 0',
  ];
  for (const team of teams) {
    lines.push(
      '',
      '[[teams]]',
      `name = ${JSON.stringify(team.name)}`,
      `lan = "${team.lan}"`,
      `clients = [${team.clients.map((c) => JSON.stringify(c)).join(', ')}]`,
      'server_ports = [23]',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The saved game (format 2): scenario, action log, clock. Times are microseconds. */
function savedGame() {
  const teams = [];
  const actions = [];
  for (let t = 0; t < TEAMS; t++) {
    const clients = [];
    for (let c = 0; c < CLIENTS; c++) clients.push(`T${t} client ${c + 1}`);
    teams.push({ name: `T${t}`, lan: `10.0.${t + 1}.0/24`, clients });
    // Node ids follow scenario order: per team router, server, then its clients.
    const base = t * (CLIENTS + 2);
    for (let c = 0; c < CLIENTS; c++) {
      const node = base + 2 + c;
      actions.push({ at: 0, action: { SetSeat: { node, seat: 'Human' } } });
      actions.push({ at: 0, action: { WriteCard: { node, card: syn(t, c) } } });
    }
  }
  return {
    version: 2,
    scenario: scenarioToml(teams),
    actions,
    game_time: 0,
    speed_percent: 100,
    paused: false,
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

const browser = await launch();
let code = 0;
try {
  const page = await openPage(browser);
  await page.goto(BASE_URL);
  await page.evaluate((save) => localStorage.setItem('tcpip.game', JSON.stringify(save)), savedGame());
  await page.reload();
  const want = TEAMS * CLIENTS;
  try {
    await page.waitForFunction(
      (n) => document.querySelectorAll('svg.board-svg g.card[data-card]').length >= n,
      want,
      { timeout: 30_000 },
    );
  } catch {
    const seen = await page.evaluate(() => document.querySelectorAll('svg.board-svg g.card[data-card]').length);
    console.error(`the board showed ${seen} cards, not ${want}: is the Board on the page at ${BASE_URL}?`);
    code = 2;
  }
  if (code === 0) {
    const { stamps, moved } = await page.evaluate(async (seconds) => {
      const first = document.querySelector('svg.board-svg g.card[data-card]');
      const before = first?.getAttribute('transform');
      const stamps = [];
      await new Promise((done) => {
        const step = (t) => {
          stamps.push(t);
          if (stamps.length < 2 || t - stamps[0] < seconds * 1000) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      return { stamps, moved: first?.getAttribute('transform') !== before };
    }, SECONDS);
    const frames = [];
    for (let i = 1; i < stamps.length; i++) frames.push(stamps[i] - stamps[i - 1]);
    const sorted = [...frames].sort((a, b) => a - b);
    const mean = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length);
    const cards = await page.evaluate(() => document.querySelectorAll('svg.board-svg g.card[data-card]').length);
    console.log(`cards in flight: ${cards} (they ${moved ? 'moved' : 'did NOT move'} during the run)`);
    console.log(`frames: ${frames.length} over ${((stamps.at(-1) - stamps[0]) / 1000).toFixed(2)} s`);
    console.log(`frame time ms: mean ${mean.toFixed(2)}, p50 ${percentile(sorted, 50).toFixed(2)}, ` +
      `p95 ${percentile(sorted, 95).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, max ${sorted.at(-1).toFixed(2)}`);
    console.log(`p95 ${percentile(sorted, 95).toFixed(2)} ms (target <= 16.7 ms)`);
    if (page.errors.length) console.error(page.errors.join('\n'));
  }
} finally {
  await browser.close();
}
process.exit(code);
