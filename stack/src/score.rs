//! The race: the rounds of the original game as goals, and a leaderboard.
//!
//! Seed 000: "The team which is faster in exchanging messages wins" — and in the paper
//! version teams cheated ("this is Frank, this is John") because nobody could check every
//! card. Here the engine checks every card, so a goal is only reached by cards that were
//! correct, and mistakes and hints cost time.

use alloc::string::String;
use alloc::vec::Vec;

use crate::text::Words;
use crate::time::{Duration, Instant};

/// Time added to a team's race time for each hint it asked for: a hint gives away part of
/// the answer, so it must cost more than a mistake, or asking would beat thinking.
pub const HINT_PENALTY: Duration = Duration::from_secs(30);

/// Time added for each card the referee rejected: enough to make guessing slower than
/// reasoning, small enough that a beginner who errs twice can still win.
pub const MISTAKE_PENALTY: Duration = Duration::from_secs(10);

/// Points for each goal reached in [`Standing::score`].
pub const POINTS_PER_GOAL: i64 = 100;

/// One point is taken off [`Standing::score`] for every this-much penalty time.
pub const PENALTY_PER_POINT: Duration = Duration::from_secs(10);

/// The seven rounds of the original game, in the order they were played (seed 000).
///
/// What a round is, besides what it takes to play and reach it, lives in this file. To add
/// a round:
/// 1. here: the variant, its place in [`Goal::ALL`] (the original seven) or [`Goal::NEXT`]
///    (which numbers it), and its arms in
///    [`Goal::title`], [`Goal::explain`] (both in English and Italian), [`Goal::key`] and
///    [`Goal::destination`] (where a client's opening SYN must go, which the referee checks
///    and the server's desk is told);
/// 2. `world/goals.rs`: what reaches it, read from what happens in the world;
/// 3. `world/task.rs`: what a client's desk tells its player to do;
/// 4. `bot.rs`: how a bot client plays it;
/// 5. `docs/scenario-format.md` (its key among the goals) and `CHANGELOG.md`; and, for a
///    round of [`Goal::ALL`], a section of the teacher's lesson guide (`src/guide.rs`),
///    whose test wants every one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Goal {
    Handshake,
    Data,
    Refused,
    ForgedRst,
    NoRoute,
    AcrossLans,
    Goodbye,
    /// The step the original session named next (seed 001): a card is lost on the way
    /// and its writer sends it again when the retransmission timer runs out.
    Retransmit,
    /// The step the original session named next (seeds 000, 001: "Nagle algorithm and
    /// caching, buffering"): the application writes a byte at a time over a slow path,
    /// and small cards wait while data is unacknowledged (RFC 896).
    Nagle,
}

impl Goal {
    /// Every goal in seed 000 order.
    pub const ALL: [Goal; 7] = [
        Goal::Handshake,
        Goal::Data,
        Goal::Refused,
        Goal::ForgedRst,
        Goal::NoRoute,
        Goal::AcrossLans,
        Goal::Goodbye,
    ];

    /// Rounds beyond the original seven, which a scenario file names by key: the next
    /// steps the original session named (seed 001).
    pub const NEXT: [Goal; 2] = [Goal::Retransmit, Goal::Nagle];

    /// The round number as the instructor announces it (1 to 7, then the next steps): its
    /// place in [`Goal::ALL`] and then [`Goal::NEXT`].
    pub fn number(&self) -> u8 {
        let place = Goal::ALL
            .iter()
            .chain(&Goal::NEXT)
            .position(|g| g == self)
            .unwrap_or(0);
        u8::try_from(place).unwrap_or(u8::MAX).saturating_add(1)
    }

    /// Where a client's opening SYN goes in this round.
    pub fn destination(&self) -> Destination {
        match self {
            Goal::Handshake
            | Goal::Data
            | Goal::ForgedRst
            | Goal::Goodbye
            | Goal::Retransmit
            | Goal::Nagle => Destination::OwnServer,
            Goal::Refused => Destination::ClosedPort,
            Goal::NoRoute => Destination::Unknown,
            Goal::AcrossLans => Destination::OtherTeam,
        }
    }

    /// The round's name, as the desk, the referee and the round list say it.
    pub fn title(&self) -> Words {
        match self {
            Goal::Handshake => Words::new("Handshake", "Handshake"),
            Goal::Data => Words::new("Data", "Dati"),
            Goal::Refused => Words::new("Connection refused", "Connessione rifiutata"),
            Goal::ForgedRst => Words::new("Forged RST", "RST falsificato"),
            Goal::NoRoute => Words::new("No route to host", "Nessuna rotta verso l'host"),
            Goal::AcrossLans => Words::new("Across LANs", "Tra LAN diverse"),
            Goal::Goodbye => Words::new("Goodbye", "Arrivederci"),
            Goal::Retransmit => Words::new("Retransmission", "Ritrasmissione"),
            Goal::Nagle => Words::new("Buffering (Nagle)", "Buffering (Nagle)"),
        }
    }

    /// What a team must do to reach the goal, in one sentence a student can act on. The
    /// engine's hints quote it and the browser's round list shows it, so the two read the
    /// same sentence.
    pub fn explain(&self) -> Words {
        match self {
            Goal::Handshake => Words::new(
                "Open a connection to your team's telnet server with SYN, SYN+ACK and ACK, \
                 so that both ends reach ESTABLISHED.",
                "Apri una connessione verso il server telnet della tua squadra con SYN, \
                 SYN+ACK e ACK, così che entrambi i lati arrivino in ESTABLISHED.",
            ),
            Goal::Data => Words::new(
                "Send \"my name is <your name>\" to the server and get it acknowledged \
                 with ack = seq + the number of bytes sent.",
                "Invia \"my name is <il tuo nome>\" al server e fattelo confermare con \
                 ack = seq + il numero di byte inviati.",
            ),
            Goal::Refused => Words::new(
                "Send a SYN to port 80 of the server, where nothing listens, and receive \
                 the RST that refuses the connection.",
                "Invia un SYN alla porta 80 del server, dove nessuno è in ascolto, e ricevi \
                 l'RST che rifiuta la connessione.",
            ),
            Goal::ForgedRst => Words::new(
                "Ignore a forged RST whose numbers do not match your connection, then see \
                 one that matches tear the connection down.",
                "Ignora un RST falsificato i cui numeri non corrispondono alla tua \
                 connessione, poi guarda uno che corrisponde abbatterla.",
            ),
            Goal::NoRoute => Words::new(
                "Connect to an address no router knows and receive the ICMP destination \
                 unreachable that the router sends back.",
                "Connettiti a un indirizzo che nessun router conosce e ricevi l'ICMP \
                 destinazione irraggiungibile che il router rimanda indietro.",
            ),
            Goal::AcrossLans => Words::new(
                "Complete a handshake with the telnet server of another team, across the \
                 routers and their routing tables.",
                "Completa un handshake con il server telnet di un'altra squadra, attraverso \
                 i router e le loro tabelle di instradamento.",
            ),
            Goal::Goodbye => Words::new(
                "Close a connection with FIN and ACK in both directions, passing through \
                 TIME-WAIT.",
                "Chiudi una connessione con FIN e ACK in entrambe le direzioni, passando per \
                 TIME-WAIT.",
            ),
            Goal::Retransmit => Words::new(
                "Send data to your team's server: the card is lost on the way, so when your \
                 retransmission timer runs out send it again, same seq and same bytes, until \
                 it is acknowledged.",
                "Invia dei dati al server della tua squadra: la carta si perde per strada, \
                 quindi quando il tuo timer di ritrasmissione scade rimandala, stesso seq e \
                 stessi byte, finché non viene confermata.",
            ),
            Goal::Nagle => Words::new(
                "Your application writes \"hello\" a byte at a time over a slow path: with \
                 Nagle's algorithm a small card waits while data is unacknowledged, then \
                 everything buffered goes in one card; get it all acknowledged.",
                "La tua applicazione scrive \"hello\" un byte alla volta su un percorso lento: \
                 con l'algoritmo di Nagle una carta piccola aspetta finché ci sono dati non \
                 confermati, poi tutto il buffer parte in una carta; fattelo confermare tutto.",
            ),
        }
    }

    /// The name a scenario file uses for the goal, e.g. `forged_rst`.
    pub fn key(&self) -> &'static str {
        match self {
            Goal::Handshake => "handshake",
            Goal::Data => "data",
            Goal::Refused => "refused",
            Goal::ForgedRst => "forged_rst",
            Goal::NoRoute => "no_route",
            Goal::AcrossLans => "across_lans",
            Goal::Goodbye => "goodbye",
            Goal::Retransmit => "retransmit",
            Goal::Nagle => "nagle",
        }
    }

    /// The goal a scenario file names; case and `-`/`_` are forgiven.
    pub fn from_key(key: &str) -> Option<Goal> {
        let wanted = key.trim().replace('-', "_").to_ascii_lowercase();
        Goal::ALL
            .into_iter()
            .chain(Goal::NEXT)
            .find(|g| g.key() == wanted)
    }
}

/// Where a round sends a client's opening SYN (seed 000): the referee holds a SYN sent
/// elsewhere against the round, and the server's desk is told what comes to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// The team's telnet server, on a port where it listens.
    OwnServer,
    /// The team's server, on a port where nothing listens (round 3).
    ClosedPort,
    /// An address no router knows (round 5).
    Unknown,
    /// The telnet server of another team, across the routers (round 6).
    OtherTeam,
}

/// One row of the leaderboard.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Standing {
    /// Index of the team in the race.
    pub team: usize,
    pub name: String,
    pub goals_done: usize,
    /// When the team reached its last goal, if it reached all of them.
    pub finished_at: Option<Instant>,
    /// From the start of the race to the latest goal the team reached (zero if none): a
    /// team that is not finished is compared on how fast it got as far as it did.
    pub elapsed: Duration,
    pub mistakes: u32,
    pub hints: u32,
    /// [`MISTAKE_PENALTY`] per mistake plus [`HINT_PENALTY`] per hint.
    pub penalty: Duration,
    /// [`POINTS_PER_GOAL`] per goal minus one point per [`PENALTY_PER_POINT`] of penalty.
    /// A figure to project, not the ranking: the ranking is the leaderboard order.
    pub score: i64,
    /// Whether a person has made a move for the team (see [`Race::played`]); a team of
    /// bots only is ranked after the teams of people.
    pub played: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct TeamRun {
    name: String,
    /// Parallel to `Race::goals`: when each goal was first reached.
    reached: Vec<Option<Instant>>,
    mistakes: u32,
    hints: u32,
    /// A person has made a move for the team at some point.
    #[cfg_attr(feature = "serde", serde(default))]
    played: bool,
}

/// The race between the teams of one game.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Race {
    goals: Vec<Goal>,
    teams: Vec<TeamRun>,
    started: Instant,
}

impl Race {
    /// A race over `goals` (a goal listed twice counts once) that started at `started`.
    pub fn new(teams: Vec<String>, goals: Vec<Goal>, started: Instant) -> Race {
        let mut unique: Vec<Goal> = Vec::with_capacity(goals.len());
        for g in goals {
            if !unique.contains(&g) {
                unique.push(g);
            }
        }
        let teams = teams
            .into_iter()
            .map(|name| TeamRun {
                name,
                reached: alloc::vec![None; unique.len()],
                mistakes: 0,
                hints: 0,
                played: false,
            })
            .collect();
        Race {
            goals: unique,
            teams,
            started,
        }
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    /// Records that `team` reached `goal` at `at`. Only the first time counts (a team that
    /// repeats a round cannot improve or spoil its time); an unknown team or a goal that is
    /// not part of this race changes nothing. Returns whether the goal was newly reached.
    pub fn reach(&mut self, team: usize, goal: Goal, at: Instant) -> bool {
        let Some(i) = self.goals.iter().position(|g| *g == goal) else {
            return false;
        };
        let Some(slot) = self.teams.get_mut(team).and_then(|t| t.reached.get_mut(i)) else {
            return false;
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(at);
        true
    }

    pub fn reached(&self, team: usize, goal: Goal) -> Option<Instant> {
        let i = self.goals.iter().position(|g| *g == goal)?;
        self.teams.get(team)?.reached.get(i).copied().flatten()
    }

    /// A card of `team` was rejected by the referee (coach mode).
    pub fn mistake(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.mistakes = t.mistakes.saturating_add(1);
        }
    }

    /// `team` asked for a hint.
    pub fn hint(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.hints = t.hints.saturating_add(1);
        }
    }

    /// A person made a move for `team` (wrote or routed a card, asked a hint). A move, not
    /// a seat: an instructor who seats students and then moves them to other teams leaves
    /// no mark behind. The mark stays when the person leaves (a seat goes back to its bot
    /// when a browser drops out): a team does not move down the leaderboard because its
    /// student's Wi-Fi blinked.
    /// Whether a person made a move for `team` (see [`Race::played`]).
    pub fn is_played(&self, team: usize) -> bool {
        self.teams.get(team).is_some_and(|t| t.played)
    }

    pub fn played(&mut self, team: usize) {
        if let Some(t) = self.teams.get_mut(team) {
            t.played = true;
        }
    }

    /// Teams played by people first, then ranked by goals done (most first), then by race
    /// time plus penalties (fastest first), then by name, then by team index so the order
    /// is total and deterministic.
    ///
    /// Seed 000's race is between people. In a classroom with fewer students than seats, a
    /// team nobody joined is played by bots, which never err nor hesitate: ranked with the
    /// others it would lead every time and the students' race would be for second place.
    /// When no team has a person (the autoplay demo) the bots race each other as usual.
    pub fn leaderboard(&self) -> Vec<Standing> {
        let mut rows: Vec<Standing> = self
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| self.standing(i, t))
            .collect();
        crate::sorted::sort_small_by(&mut rows, |a, b| {
            b.played
                .cmp(&a.played)
                .then(b.goals_done.cmp(&a.goals_done))
                .then((a.elapsed + a.penalty).cmp(&(b.elapsed + b.penalty)))
                .then_with(|| a.name.cmp(&b.name))
                .then(a.team.cmp(&b.team))
        });
        rows
    }

    fn standing(&self, index: usize, t: &TeamRun) -> Standing {
        let goals_done = t.reached.iter().flatten().count();
        let last = t.reached.iter().flatten().max().copied();
        let finished_at = if goals_done == self.goals.len() {
            last
        } else {
            None
        };
        let elapsed = last.map_or(Duration::ZERO, |at| at.since(self.started));
        let penalty = MISTAKE_PENALTY.saturating_mul(u64::from(t.mistakes))
            + HINT_PENALTY.saturating_mul(u64::from(t.hints));
        let goal_points = i64::try_from(goals_done)
            .unwrap_or(i64::MAX)
            .saturating_mul(POINTS_PER_GOAL);
        let penalty_points =
            i64::try_from(penalty.micros() / PENALTY_PER_POINT.micros()).unwrap_or(i64::MAX);
        Standing {
            team: index,
            name: t.name.clone(),
            goals_done,
            finished_at,
            elapsed,
            mistakes: t.mistakes,
            hints: t.hints,
            penalty,
            // A score is what a team earned, never a debt: a beginner who asked many hints
            // stands at 0, not below the teams that have not started.
            score: goal_points.saturating_sub(penalty_points).max(0),
            played: t.played,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn race(names: &[&str], goals: &[Goal]) -> Race {
        Race::new(
            names.iter().map(|n| n.to_string()).collect(),
            goals.to_vec(),
            Instant::ZERO,
        )
    }

    fn secs(s: u64) -> Instant {
        Instant::from_secs(s)
    }

    /// Seed 000: the rounds were played handshake, data, refused, forged RST, no route,
    /// across LANs, goodbye.
    #[test]
    fn goals_follow_seed_000_order() {
        let numbers: Vec<u8> = Goal::ALL.iter().map(Goal::number).collect();
        assert_eq!(numbers[..7], [1, 2, 3, 4, 5, 6, 7]);
        assert!(numbers.windows(2).all(|n| n[1] == n[0] + 1), "{numbers:?}");
        // Round 3 knocks on a closed port, round 5 on an address no router knows, round 6
        // on another team's server; the others on the team's own telnet server.
        let aimed: Vec<(u8, Destination)> = Goal::ALL
            .iter()
            .filter(|g| g.destination() != Destination::OwnServer)
            .map(|g| (g.number(), g.destination()))
            .collect();
        assert_eq!(
            aimed,
            vec![
                (3, Destination::ClosedPort),
                (5, Destination::Unknown),
                (6, Destination::OtherTeam)
            ]
        );
        assert_eq!(Goal::ALL[3].title().en, "Forged RST");
        assert_eq!(Goal::ALL[3].title().it, "RST falsificato");
        let data = Goal::Data.explain();
        assert!(data.en.contains("ack = seq + the number of bytes"));
        assert!(data.it.contains("ack = seq + il numero di byte"));
        for g in Goal::ALL {
            assert_eq!(Goal::from_key(g.key()), Some(g));
            let explain = g.explain();
            assert!(explain.en.ends_with('.') && explain.it.ends_with('.'));
            assert_ne!(explain.en, explain.it, "{g:?} has its Italian twin");
        }
        assert_eq!(Goal::from_key(" Across-LANs "), Some(Goal::AcrossLans));
        assert_eq!(Goal::from_key("lunch"), None);
    }

    /// Seed 000: "the team which is faster … wins" — more goals first, then time.
    #[test]
    fn more_goals_beat_faster_time() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake, Goal::Data]);
        assert!(r.reach(0, Goal::Handshake, secs(100)));
        assert!(r.reach(1, Goal::Handshake, secs(10)));
        assert!(r.reach(0, Goal::Data, secs(500)));
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Red");
        assert_eq!(board[0].goals_done, 2);
        assert_eq!(board[0].finished_at, Some(secs(500)));
        assert_eq!(board[1].finished_at, None);
        assert_eq!(board[1].elapsed, Duration::from_secs(10));
    }

    #[test]
    fn same_goals_faster_team_first() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake]);
        r.reach(0, Goal::Handshake, secs(60));
        r.reach(1, Goal::Handshake, secs(50));
        let names: Vec<String> = r.leaderboard().into_iter().map(|s| s.name).collect();
        assert_eq!(names, vec!["Blue", "Red"]);
    }

    #[test]
    fn penalties_can_turn_the_order() {
        let mut r = race(&["Red", "Blue"], &[Goal::Handshake]);
        r.reach(0, Goal::Handshake, secs(60));
        r.reach(1, Goal::Handshake, secs(50));
        r.hint(1); // Blue: 50 + 30 = 80 s > Red's 60 s
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Red");
        assert_eq!(board[1].penalty, HINT_PENALTY);
        r.mistake(0);
        r.mistake(0);
        r.mistake(0); // Red: 60 + 30 = 90 s > Blue's 80 s
        let board = r.leaderboard();
        assert_eq!(board[0].name, "Blue");
        assert_eq!(board[1].mistakes, 3);
        assert_eq!(board[1].penalty, Duration::from_secs(30));
    }

    #[test]
    fn ties_are_broken_by_name_then_index() {
        let mut r = race(&["Red", "Blue", "Blue"], &[Goal::Handshake]);
        for t in 0..3 {
            r.reach(t, Goal::Handshake, secs(42));
        }
        let order: Vec<(String, usize)> = r
            .leaderboard()
            .into_iter()
            .map(|s| (s.name, s.team))
            .collect();
        assert_eq!(
            order,
            vec![("Blue".into(), 1), ("Blue".into(), 2), ("Red".into(), 0)]
        );
    }

    /// A bot-only team that finished everything still ranks after a team of people that
    /// reached one goal, and keeps its place among the bots; a person who leaves does not
    /// unmark the team.
    #[test]
    fn teams_of_people_rank_before_teams_of_bots() {
        let mut r = race(
            &["Bots A", "People", "Bots B"],
            &[Goal::Handshake, Goal::Data],
        );
        r.reach(0, Goal::Handshake, secs(5));
        r.reach(0, Goal::Data, secs(9));
        r.reach(2, Goal::Handshake, secs(6));
        r.reach(1, Goal::Handshake, secs(70));
        let names =
            |r: &Race| -> Vec<String> { r.leaderboard().into_iter().map(|s| s.name).collect() };
        assert_eq!(
            names(&r),
            vec!["Bots A", "Bots B", "People"],
            "nobody played: bots race"
        );
        r.played(1);
        r.played(1);
        r.played(9);
        assert_eq!(names(&r), vec!["People", "Bots A", "Bots B"]);
        let board = r.leaderboard();
        assert!(board[0].played);
        assert!(!board[1].played && !board[2].played);
    }

    #[test]
    fn only_the_first_time_counts() {
        let mut r = race(&["Red"], &[Goal::Handshake]);
        assert!(r.reach(0, Goal::Handshake, secs(30)));
        assert!(!r.reach(0, Goal::Handshake, secs(5)));
        assert_eq!(r.reached(0, Goal::Handshake), Some(secs(30)));
    }

    #[test]
    fn unknown_teams_and_goals_change_nothing() {
        let mut r = race(&["Red"], &[Goal::Handshake, Goal::Handshake]);
        assert_eq!(r.goals(), &[Goal::Handshake]);
        assert!(!r.reach(0, Goal::Goodbye, secs(1)));
        assert!(!r.reach(7, Goal::Handshake, secs(1)));
        r.mistake(7);
        r.hint(7);
        assert_eq!(r.reached(0, Goal::Goodbye), None);
        assert_eq!(r.reached(7, Goal::Handshake), None);
        assert_eq!(r.leaderboard().len(), 1);
    }

    #[test]
    fn score_is_goal_points_minus_penalty_points() {
        let mut r = race(&["Red"], &Goal::ALL);
        r.reach(0, Goal::Handshake, secs(10));
        r.reach(0, Goal::Data, secs(20));
        r.hint(0);
        r.mistake(0);
        // 2 goals × 100 − (30 s + 10 s) / 10 s.
        assert_eq!(r.leaderboard()[0].score, 196);
    }

    #[test]
    fn elapsed_counts_from_the_start_of_the_race() {
        let mut r = Race::new(vec!["Red".into()], vec![Goal::Handshake], secs(100));
        r.reach(0, Goal::Handshake, secs(130));
        assert_eq!(r.leaderboard()[0].elapsed, Duration::from_secs(30));
        assert_eq!(r.started(), secs(100));
    }

    #[test]
    fn many_hints_bring_the_score_to_zero_not_below() {
        let mut r = race(&["Red"], &[Goal::Handshake]);
        for _ in 0..1000 {
            r.hint(0);
        }
        let s = &r.leaderboard()[0];
        assert_eq!(s.score, 0);
        assert_eq!(
            s.penalty,
            HINT_PENALTY.saturating_mul(1000),
            "the time still counts"
        );
    }
}
