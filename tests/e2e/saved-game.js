// A saved game (the `SavedGame` JSON of `protocol/src/session.rs`, format 2, key
// `tcpip.game`) that the app resumes on load: a scenario of `teams` teams of `clients`
// clients (teams `T0`, `T1`, … on 10.0.1.0/24, 10.0.2.0/24, …) whose log has every client
// taken by a person who wrote a SYN to their server at time 0. The animation benchmark and
// the projector's and board's e2e tests load a class-sized game this way, as a reload in
// class would, with no test-only code in the product.

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
function scenarioToml(name, teams, linkDelay, goals) {
  const lines = [
    `name = ${JSON.stringify(name)}`,
    `description = "${teams.length} teams"`,
    `goals = [${goals.map((g) => JSON.stringify(g)).join(', ')}]`,
    '',
    '[settings]',
    'isn = "zero"',
    'referee = "coach"',
    'speed = 100',
    'seed = 1',
    'msl = 5',
    `link_delay = ${linkDelay}`,
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

/** The saved game; times are microseconds. `paused`: the clock stands still (a screenshot
 * that must not change while it is taken). */
export function savedGame({ teams: count, clients: perTeam, linkDelay = 60, name = 'Class game',
  goals = ['handshake', 'data'], paused = false }) {
  const teams = [];
  const actions = [];
  for (let t = 0; t < count; t++) {
    const clients = [];
    for (let c = 0; c < perTeam; c++) clients.push(`T${t} client ${c + 1}`);
    teams.push({ name: `T${t}`, lan: `10.0.${t + 1}.0/24`, clients });
    // Node ids follow scenario order: per team router, server, then its clients.
    const base = t * (perTeam + 2);
    for (let c = 0; c < perTeam; c++) {
      const node = base + 2 + c;
      actions.push({ at: 0, action: { SetSeat: { node, seat: 'Human' } } });
      actions.push({ at: 0, action: { WriteCard: { node, card: syn(t, c) } } });
    }
  }
  return {
    version: 2,
    scenario: scenarioToml(name, teams, linkDelay, goals),
    actions,
    game_time: 0,
    speed_percent: 100,
    paused,
  };
}
