//! `tcpip-classroom autoplay`: bots play a whole scenario on the virtual clock (no waiting),
//! then the game is written out as a pcap for Wireshark and a text ladder diagram.
//!
//! Exit status: 0 when every team reached every goal, 1 when a goal was missed (each miss
//! is explained), 2 when the scenario cannot be read or a node name is unknown.

use std::path::PathBuf;
use std::process::ExitCode;

use tcpip_stack::scenario::Scenario;
use tcpip_stack::score::Goal;
use tcpip_stack::time::Instant;
use tcpip_stack::wire::pcap_records;
use tcpip_stack::world::{EventKind, PcapFilter, World};

#[derive(clap::Args)]
pub struct AutoplayArgs {
    /// The scenario file (TOML).
    scenario: PathBuf,
    /// Where to write the capture (libpcap, raw IPv4), for Wireshark or tshark.
    #[arg(long)]
    pcap: PathBuf,
    /// Where to write the text ladder diagram of every connection.
    #[arg(long)]
    ladder: Option<PathBuf>,
    /// Capture on this node only (e.g. "Red router"), as tcpdump on it would see it.
    #[arg(long, value_name = "NODE")]
    at: Option<String>,
    /// Play without the scenario's scripted faults and without the round-4 attacker (the
    /// forged-RST round is then left out of the race): a clean capture.
    #[arg(long)]
    no_faults: bool,
    /// Play these rounds, in this order, instead of the scenario's goals (their keys, e.g.
    /// `handshake,data,resolve`); "resolve" brings the game's DNS server to a scenario
    /// without a zone.
    #[arg(long, value_delimiter = ',', value_name = "ROUND,...")]
    rounds: Vec<String>,
    /// Stop after this many seconds of game time.
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    max_time: u64,
}

/// The rounds `--rounds` names, or which key is not a round, with the keys there are.
fn rounds(keys: &[String]) -> Result<Vec<Goal>, String> {
    keys.iter()
        .map(|key| {
            Goal::from_key(key).ok_or_else(|| {
                let known: Vec<_> = Goal::ALL.iter().chain(&Goal::NEXT).map(Goal::key).collect();
                format!(
                    "no round is called {key:?}; the rounds are {}",
                    known.join(", ")
                )
            })
        })
        .collect()
}

pub fn run(args: AutoplayArgs) -> ExitCode {
    let file = args.scenario.display().to_string();
    let text = match std::fs::read_to_string(&args.scenario) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: cannot read the scenario: {e}");
            return ExitCode::from(2);
        }
    };
    let mut scenario = match Scenario::from_toml(&text) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                match e.line {
                    Some(line) => eprintln!("{file}:{line}: {}: {}", e.field, e.message),
                    None => eprintln!("{file}: {}: {}", e.field, e.message),
                }
            }
            return ExitCode::from(2);
        }
    };
    if !args.rounds.is_empty() {
        match rounds(&args.rounds) {
            Ok(goals) => scenario = scenario.with_rounds(&goals),
            Err(message) => {
                eprintln!("--rounds: {message}");
                return ExitCode::from(2);
            }
        }
    }
    if args.no_faults {
        scenario.faults.clear();
        if scenario.goals.contains(&Goal::ForgedRst) {
            scenario.goals.retain(|g| *g != Goal::ForgedRst);
            println!("--no-faults: round 4 (forged RST) needs a forged card, it is left out");
        }
    }
    let mut world = match World::new(&scenario) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(2);
        }
    };
    world.set_attacker(!args.no_faults);
    let filter = match &args.at {
        None => PcapFilter::All,
        Some(name) => match world.node_by_name(name) {
            Some(id) => PcapFilter::Node(id),
            None => {
                let names: Vec<String> = world.nodes().into_iter().map(|n| n.name).collect();
                eprintln!(
                    "--at: there is no node \"{name}\"; the nodes are: {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };

    let limit = Instant::from_secs(args.max_time);
    while let Some(t) = world.next_due() {
        if t > limit || world.finished() {
            break;
        }
        world.advance(t);
    }

    let pcap = world.pcap(filter);
    if let Err(e) = std::fs::write(&args.pcap, &pcap) {
        eprintln!("{}: cannot write the pcap: {e}", args.pcap.display());
        return ExitCode::from(2);
    }
    if let Some(path) = &args.ladder
        && let Err(e) = std::fs::write(path, world.ladder_text())
    {
        eprintln!("{}: cannot write the ladder: {e}", path.display());
        return ExitCode::from(2);
    }
    summary(&world, &pcap, &args);
    missed(&world, args.max_time)
}

fn summary(world: &World, pcap: &[u8], args: &AutoplayArgs) {
    let cards = world
        .log()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CardSent { .. }))
        .count();
    let dropped = world
        .log()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CardDropped { .. }))
        .count();
    let packets = pcap_records(pcap).map(|r| r.len()).unwrap_or(0);
    println!("{} — game time {}", world.name(), world.now());
    println!("leaderboard:");
    for (rank, s) in world.race().leaderboard().iter().enumerate() {
        let finished = match s.finished_at {
            Some(at) => format!("finished at {at}"),
            None => String::from("not finished"),
        };
        println!(
            "  {}. {:<12} goals {}/{}  {finished}  mistakes {}  hints {}  score {}",
            rank + 1,
            s.name,
            s.goals_done,
            world.goals().len(),
            s.mistakes,
            s.hints,
            s.score
        );
    }
    println!("cards on links: {cards} (dropped: {dropped})");
    println!("packets in {}: {packets}", args.pcap.display());
    if let Some(path) = &args.ladder {
        println!("ladder written to {}", path.display());
    }
}

/// Exit 0 if every team reached every goal; otherwise name each missed goal and why.
fn missed(world: &World, max_time: u64) -> ExitCode {
    let mut all = true;
    for team in world.teams() {
        if let Some(goal) = world.current_goal(team.index) {
            all = false;
            println!(
                "team {} missed round {} ({}) within {max_time} s of game time: {}",
                team.name,
                goal.number(),
                goal.title().en,
                goal.explain().en
            );
        }
    }
    if all {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
