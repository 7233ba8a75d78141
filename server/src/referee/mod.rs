//! `tcpip-classroom referee`: runs card drills, small scripts of a classroom situation — a
//! scenario, the cards and router choices the seats make in order, with time when it
//! matters — and the verdict the referee must give on each (accepted, or the mistakes by
//! field with the expected value and a phrase the why must contain). The format is
//! documented in `docs/card-drills.md`; the drills of the game are in `server/card-drills/`.
//!
//! Besides what a drill states, every mistake the referee gives is checked for its
//! arithmetic: a why that says "ack should be N: their ISN X, +1 for their SYN, +B data
//! bytes" must add up to N ([`run::arithmetic`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod parse;
mod run;

#[derive(clap::Args)]
#[command(after_long_help = HELP)]
pub struct RefereeArgs {
    /// Drill files to run; a directory stands for every `*.drill` file in it.
    #[arg(required = true)]
    pub drills: Vec<PathBuf>,
}

/// The format in brief; `docs/card-drills.md` has all of it.
const HELP: &str = "\
A card drill is a text file, one statement a line (# starts a comment):

  scenario original                      # or a .toml file, or `scenario inline` … `end`
  referee coach                          # settings: isn, referee, rounds, attacker
  human \"Red client 1\"                   # a person plays this seat
  card \"Red client 1\" 10.0.1.2:40000 > 10.0.1.1:23 [SYN] seq 0
  expect accepted                        # or: expect mistake ack expected \"1\" why \"SYN\"
  wait 10                                # seconds of game time
  expect state \"Red client 1\" 40000 > 10.0.1.1:23 ESTABLISHED

Moves: card, route, route-add, route-remove, fault, hint; after each, `expect` lines about
its verdict (accepted, mistake, returned, sent, note, refused, hint, italian). Checks
anywhere: expect state, inbox, no-inbox, goal. Every number in a why must add up.
Each file prints PASS or FAIL path:LINE: reason; the last line is `N passed, M failed`.
See docs/card-drills.md for the whole format and examples.";

pub fn run(args: RefereeArgs) -> ExitCode {
    crate::scripts::run_all(&args.drills, "drill", "drill", |path| {
        drill_file(path).map(|()| String::new())
    })
}

/// Reads, parses and runs one drill; the error is `path:LINE: message`.
fn drill_file(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let text = crate::scripts::read_text(path, "drill")?;
    let drill = parse::parse(&text).map_err(|e| format!("{shown}:{}: {}", e.line, e.message))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    run::run_drill(&drill, dir).map_err(|f| format!("{shown}:{}: {}", f.line, f.message))
}
