//! One classroom room as a plain state machine: people, seats, the game and its clock. The
//! async server around it only moves messages and writes the log; every decision — who may
//! do what, which seat a newcomer gets, what everybody is told — is made here, where it can
//! be tested without sockets (see `tests.rs`, including the property test that random
//! streams of messages never panic the room nor desynchronise the browsers that follow it).

mod record;
#[cfg(test)]
mod tests;

pub use record::{LOG_VERSION, Record};

use tcpip_protocol::limits;
use tcpip_protocol::msg::check_name;
use tcpip_protocol::{
    Clock, Logged, Member, MemberId, RoomClock, Session, Snapshot, ToClient, ToServer, You,
};
use tcpip_stack::scenario::{ClassShape, Scenario};
use tcpip_stack::text::{Text, text};
use tcpip_stack::time::{Duration, Instant};
use tcpip_stack::world::{Action, NodeId, Seat, World};

/// Milliseconds of the server's monotonic clock.
pub type Wall = u64;

/// The instructor is always the room's first member.
pub const INSTRUCTOR: MemberId = 0;

/// A room stays playable on a projector and a school network up to this many students
/// (the instructor aside) connected or holding a seat: a class of 200, whom a class-sized
/// game of 50 teams seats.
pub const MAX_STUDENTS: usize = 200;
/// People a room's log may name at all, present or gone: what a room replays and sends
/// in every snapshot stays small whatever comes and goes.
pub const MAX_PEOPLE_EVER: usize = 4 * MAX_STUDENTS;

/// How long a seat waits for its person after their connection is gone (a reload comes
/// back well within it) before its bot plays it, so the game never waits for nobody: a
/// dead Wi-Fi client is noticed by the keep-alive within 25 s, and its seat is the bot's
/// 5 s later. The person keeps the seat: it is theirs again when they come back.
pub const SEAT_GRACE: Wall = 5_000;

/// How often (game time) a running room records how far it has run.
const CHECKPOINT: Duration = Duration::from_secs(10);

/// Why a log could not be replayed, and at which record (0-based; the file's line is one
/// more): the records before it make a room, those from it on cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub record: usize,
    pub why: String,
}

impl Broken {
    fn at(record: usize, why: String) -> Broken {
        Broken { record, why }
    }
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {}: {}", self.record + 1, self.why)
    }
}

/// Who a message is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    One(MemberId),
    All,
    /// Everybody but this person (who gets a snapshot that already contains it).
    Others(MemberId),
}

impl Dest {
    pub fn includes(self, member: MemberId) -> bool {
        match self {
            Dest::One(m) => m == member,
            Dest::All => true,
            Dest::Others(m) => m != member,
        }
    }
}

/// What handling one message produced: records to make durable first, then messages.
#[derive(Debug, Default)]
pub struct Outbox {
    pub records: Vec<Record>,
    pub sends: Vec<(Dest, ToClient)>,
    /// People removed from the room: their connection is to be closed.
    pub removed: Vec<MemberId>,
}

impl Outbox {
    fn send(&mut self, dest: Dest, msg: ToClient) {
        self.sends.push((dest, msg));
    }

    fn error(dest: MemberId, message: Text) -> Outbox {
        let mut out = Outbox::default();
        out.send(Dest::One(dest), ToClient::Error { message });
        out
    }
}

#[derive(Clone, Debug)]
struct Person {
    name: String,
    token: String,
    node: Option<NodeId>,
    online: bool,
    /// When this person was last seen going offline (wall time, this run of the server;
    /// `None` while online, or not noticed yet since a restart).
    offline_since: Option<Wall>,
    /// Removed by the instructor: their token no longer works.
    removed: bool,
}

pub struct Room {
    code: String,
    /// The game: its scenario and every accepted action.
    session: Session,
    clock: Clock,
    /// What the instructor froze the game to explain (shown on every screen while paused).
    note: Option<String>,
    /// Indexed by [`MemberId`]; the instructor is [`INSTRUCTOR`].
    people: Vec<Person>,
    ended: bool,
    last_checkpoint: Instant,
    /// What the instructor is told whenever they come in: lines of the log that were set
    /// aside at start-up.
    notice: Option<Text>,
    /// Locked by the instructor: nobody new may join.
    locked: bool,
}

impl Room {
    /// A new room; the creator is its instructor and gets the Welcome.
    pub fn create(
        code: String,
        instructor_token: String,
        scenario: Scenario,
        wall: Wall,
    ) -> Result<(Room, MemberId, Outbox), String> {
        let created = Record::Created {
            version: LOG_VERSION,
            code,
            instructor_token,
            scenario: Box::new(scenario),
        };
        let mut room = Room::from_created(&created, wall)?;
        // The game starts paused: the instructor starts it once the class has joined.
        let mut out = Outbox::default();
        out.records.push(created);
        room.people[0].online = true;
        out.send(Dest::One(INSTRUCTOR), room.welcome(INSTRUCTOR));
        Ok((room, INSTRUCTOR, out))
    }

    fn from_created(created: &Record, wall: Wall) -> Result<Room, String> {
        let Record::Created {
            version,
            code,
            instructor_token,
            scenario,
        } = created
        else {
            return Err("the log does not start with the room's creation".into());
        };
        if *version != LOG_VERSION {
            return Err(format!(
                "the log was written in format {version}; this server reads {LOG_VERSION}"
            ));
        }
        let session = Session::new((**scenario).clone())?;
        let speed = scenario.settings.speed_percent;
        Ok(Room {
            code: code.clone(),
            session,
            clock: Clock::new(Instant::ZERO, wall as f64, speed, true),
            note: None,
            people: vec![Person {
                name: "Instructor".into(),
                token: instructor_token.clone(),
                node: None,
                online: false,
                offline_since: None,
                removed: false,
            }],
            ended: false,
            last_checkpoint: Instant::ZERO,
            notice: None,
            locked: false,
        })
    }

    /// The room as its log left it. The game resumes at the last time the log knew of
    /// (an action or a checkpoint), paused or running as it was; nobody is online yet.
    pub fn restore(records: Vec<Record>, wall: Wall) -> Result<Room, Broken> {
        let mut records = records.into_iter().enumerate();
        let Some((_, first)) = records.next() else {
            return Err(Broken::at(0, "the log is empty".into()));
        };
        let mut room = Room::from_created(&first, wall).map_err(|why| Broken::at(0, why))?;
        let (mut at, mut speed, mut paused, mut hold) = (
            Instant::ZERO,
            room.clock.speed_percent(),
            room.clock.paused(),
            None,
        );
        for (line, record) in records {
            match record {
                Record::Created { .. } => {
                    return Err(Broken::at(line, "a second room creation".into()));
                }
                Record::Joined {
                    member,
                    name,
                    token,
                    node,
                } => {
                    if member as usize != room.people.len() {
                        return Err(Broken::at(
                            line,
                            format!("member {member} joined out of order"),
                        ));
                    }
                    room.people.push(Person {
                        name,
                        token,
                        node,
                        online: false,
                        offline_since: None,
                        removed: false,
                    });
                }
                Record::Seated { member, node } => {
                    let person = room
                        .people
                        .get_mut(member as usize)
                        .ok_or_else(|| Broken::at(line, format!("no member {member}")))?;
                    person.node = node;
                }
                Record::Acted {
                    seq,
                    at: when,
                    action,
                } => {
                    let expected = room.session.actions().len() as u64 + 1;
                    if seq != expected {
                        return Err(Broken::at(
                            line,
                            format!("action {seq} where {expected} was next"),
                        ));
                    }
                    room.session
                        .apply(Logged { at: when, action })
                        .map_err(|e| Broken::at(line, e.to_string()))?;
                    at = at.max(when);
                }
                Record::Clock {
                    at: when,
                    speed_percent,
                    paused: p,
                    hold: h,
                    note,
                } => {
                    at = at.max(when);
                    speed = speed_percent;
                    paused = p;
                    hold = h;
                    room.note = note;
                }
                Record::Ended { at: when } => {
                    at = at.max(when);
                    room.ended = true;
                }
                Record::Locked { locked } => room.locked = locked,
                Record::Grown { scenario } => {
                    room.session = Session::replay(*scenario, room.session.actions())
                        .map_err(|why| Broken::at(line, why))?;
                }
                Record::Removed { member } => {
                    room.people
                        .get_mut(member as usize)
                        .filter(|_| member != INSTRUCTOR)
                        .ok_or_else(|| Broken::at(line, format!("no student {member}")))?
                        .removed = true;
                }
            }
        }
        room.session.advance(at);
        room.clock = Clock::new(at, wall as f64, speed, paused).held(hold);
        room.last_checkpoint = at;
        Ok(room)
    }

    /// Tells the instructor, whenever they come in, that part of the log was set aside.
    pub fn set_aside_notice(&mut self, file: &str, lines: usize) {
        self.notice = Some(text!(
            "the server could not read the end of this room's log: {lines} line(s) were set \
             aside in {file}, and the room goes on from what was there before",
            "il server non è riuscito a leggere la fine del registro di questa stanza: \
             {lines} righe sono state messe da parte in {file}, e la stanza riprende da ciò \
             che c'era prima"
        ));
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn ended(&self) -> bool {
        self.ended
    }

    pub fn world(&self) -> &World {
        self.session.world()
    }

    /// Whether `token` is this room's instructor token.
    pub fn is_instructor(&self, token: &str) -> bool {
        same_secret(&self.people[INSTRUCTOR as usize].token, token)
    }

    pub fn instructor_token(&self) -> &str {
        &self.people[INSTRUCTOR as usize].token
    }

    pub fn instructor_online(&self) -> bool {
        self.people[INSTRUCTOR as usize].online
    }

    /// A student comes in with a name and the token the server made for them; they get a
    /// free seat (see [`Room::free_seat`]) or watch when every seat is taken.
    pub fn join(
        &mut self,
        name: &str,
        token: String,
        wall: Wall,
    ) -> Result<(MemberId, Outbox), Text> {
        if self.ended {
            return Err(self.has_ended());
        }
        let name = check_name(name)?;
        let code = &self.code;
        if self.locked {
            return Err(text!(
                "the room {code} is locked: ask the instructor to let you in",
                "la stanza {code} è chiusa a chiave: chiedi all'insegnante di farti entrare"
            ));
        }
        // The instructor is `people[0]`.
        let present = self
            .people
            .iter()
            .skip(1)
            .filter(|p| !p.removed && (p.online || p.node.is_some()))
            .count();
        if present >= MAX_STUDENTS || self.people.len() >= MAX_PEOPLE_EVER {
            return Err(text!(
                "the room {code} is full ({MAX_STUDENTS} students)",
                "la stanza {code} è piena ({MAX_STUDENTS} studenti)"
            ));
        }
        let member = self.people.len() as MemberId;
        let node = self.free_seat();
        let mut out = Outbox::default();
        out.records.push(Record::Joined {
            member,
            name: name.clone(),
            token: token.clone(),
            node,
        });
        self.people.push(Person {
            name,
            token,
            node,
            online: true,
            offline_since: None,
            removed: false,
        });
        if let Some(node) = node {
            self.take_seat(node, Seat::Human, wall, &mut out);
        }
        out.send(Dest::One(member), self.welcome(member));
        // The Applied of the seat went to all but the newcomer, whose snapshot has it.
        for (dest, _) in &mut out.sends {
            if *dest == Dest::All {
                *dest = Dest::Others(member);
            }
        }
        out.send(Dest::Others(member), self.roster());
        Ok((member, out))
    }

    /// Someone comes back with their token: same person, same seat.
    pub fn rejoin(&mut self, token: &str, wall: Wall) -> Result<(MemberId, Outbox), Text> {
        let code = &self.code;
        let member = self
            .people
            .iter()
            .position(|p| same_secret(&p.token, token))
            .ok_or_else(|| {
                text!(
                    "token: not a token of room {code} (join again with your name)",
                    "token: non è un token della stanza {code} (rientra con il tuo nome)"
                )
            })? as MemberId;
        if self.people[member as usize].removed {
            return Err(text!(
                "token: the instructor removed you from room {code}",
                "token: l'insegnante ti ha tolto dalla stanza {code}"
            ));
        }
        let person = &mut self.people[member as usize];
        person.online = true;
        person.offline_since = None;
        let mut out = Outbox::default();
        // The seat its bot kept warm while they were away is theirs again.
        if let Some(node) = self.people[member as usize].node {
            self.take_seat(node, Seat::Human, wall, &mut out);
        }
        out.send(Dest::One(member), self.welcome(member));
        if let Some(message) = self.notice.clone().filter(|_| member == INSTRUCTOR) {
            out.send(Dest::One(member), ToClient::Error { message });
        }
        out.send(Dest::Others(member), self.roster());
        Ok((member, out))
    }

    /// The connection of `member` closed. Their seat stays theirs (they may come back);
    /// after [`SEAT_GRACE`] its bot plays it meanwhile (see [`Room::tick`]).
    pub fn disconnected(&mut self, member: MemberId, wall: Wall) -> Outbox {
        let mut out = Outbox::default();
        if let Some(p) = self.people.get_mut(member as usize)
            && p.online
        {
            p.online = false;
            p.offline_since = Some(wall);
            out.send(Dest::Others(member), self.roster());
        }
        out
    }

    /// Seats whose person has been gone for [`SEAT_GRACE`] go to their bot, so the game
    /// never waits for nobody. People offline since before a restart are counted from the
    /// first tick that sees them.
    fn lend_empty_seats(&mut self, wall: Wall, out: &mut Outbox) {
        let mut lend = Vec::new();
        for p in self.people.iter_mut().skip(1) {
            if p.online || p.removed {
                continue;
            }
            let since = *p.offline_since.get_or_insert(wall);
            if let Some(node) = p.node
                && wall.saturating_sub(since) >= SEAT_GRACE
            {
                lend.push(node);
            }
        }
        for node in lend {
            self.take_seat(node, Seat::Bot, wall, out);
        }
    }

    /// One message from a member already in the room.
    pub fn handle(&mut self, from: MemberId, msg: ToServer, wall: Wall) -> Outbox {
        if from as usize >= self.people.len() {
            return Outbox::default();
        }
        let instructor = from == INSTRUCTOR;
        match msg {
            ToServer::Create { .. } | ToServer::Join { .. } | ToServer::Rejoin { .. } => {
                Outbox::error(
                    from,
                    text!(
                        "you are already in a room: reload the page to enter another one",
                        "sei già in una stanza: ricarica la pagina per entrare in un'altra"
                    ),
                )
            }
            ToServer::Resync => {
                let mut out = Outbox::default();
                out.send(Dest::One(from), self.welcome(from));
                out
            }
            ToServer::Act { req, action } => self.act(from, req, action, wall),
            _ if !instructor => Outbox::error(
                from,
                text!(
                    "only the instructor can do that",
                    "solo l'insegnante può farlo"
                ),
            ),
            _ if self.ended => Outbox::error(from, self.has_ended()),
            ToServer::SetClock {
                paused,
                speed_percent,
            } => match limits::check_speed(speed_percent) {
                Ok(()) => self.set_clock(paused, speed_percent, wall),
                Err(why) => Outbox::error(from, why),
            },
            ToServer::Freeze { note } => match limits::check_note(&note) {
                Ok(note) => self.freeze(note, wall),
                Err(why) => Outbox::error(from, why),
            },
            ToServer::StepMode { on } => {
                let hold = on.then(|| self.now(wall));
                self.change_clock(wall, |c, wall| c.set_hold(hold, wall))
            }
            ToServer::Next => self.next(wall),
            ToServer::Assign { member, node } => self.assign(member, node, wall),
            ToServer::End => self.end(wall),
            ToServer::Lock { locked } => {
                self.locked = locked;
                let mut out = Outbox::default();
                out.records.push(Record::Locked { locked });
                let code = &self.code;
                let said = if locked {
                    text!(
                        "the room {code} is locked: nobody new can join",
                        "la stanza {code} è chiusa a chiave: nessun altro può entrare"
                    )
                } else {
                    text!(
                        "the room {code} is open: people can join with its code",
                        "la stanza {code} è aperta: si può entrare con il suo codice"
                    )
                };
                out.send(Dest::One(INSTRUCTOR), ToClient::Error { message: said });
                out
            }
            ToServer::Remove { member } => self.remove(member, wall),
            ToServer::AddTeam => self
                .add_team(wall)
                .unwrap_or_else(|why| Outbox::error(from, why)),
        }
    }

    /// The instructor adds a team to a full room in its lobby: the room plays the same
    /// game with one more team of the same shape from now on, the people watching sit in
    /// it, and everybody gets a fresh `Welcome` (whose snapshot is the grown game) instead
    /// of the actions and seats one by one, which the old game could not follow.
    ///
    /// Only before the clock first runs: afterwards bots and people have played on the
    /// board, and a new team would start the race late, so it is refused with why.
    fn add_team(&mut self, wall: Wall) -> Result<Outbox, Text> {
        if !self.clock.paused() || self.world().now() > Instant::ZERO {
            return Err(text!(
                "teams: a team can be added only before the game starts (the clock has run)",
                "squadre: si può aggiungere una squadra solo prima che la partita cominci \
                 (l'orologio è già partito)"
            ));
        }
        let scenario = self.session.scenario();
        if ClassShape::of(scenario).is_none() {
            return Err(text!(
                "teams: only a game shaped like the original (teams of the same size on LANs \
                 10.0.1.0/24, 10.0.2.0/24, …) grows by a team",
                "squadre: solo una partita fatta come l'originale (squadre della stessa \
                 grandezza sulle LAN 10.0.1.0/24, 10.0.2.0/24, …) può crescere di una squadra"
            ));
        }
        // Past the engine's own limit (only reachable with the room's raised): its words.
        let grown = scenario
            .with_another_team()
            .map_err(|e| Text::from(e.to_string()))?;
        limits::check_scenario(&grown)?;
        self.session = Session::replay(grown.clone(), self.session.actions())
            .map_err(|e| text!("teams: {e}", "squadre: {e}"))?;
        let mut out = Outbox::default();
        out.records.push(Record::Grown {
            scenario: Box::new(grown),
        });
        let watching: Vec<MemberId> = self
            .people
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, p)| p.online && !p.removed && p.node.is_none())
            .map(|(m, _)| m as MemberId)
            .collect();
        for member in watching {
            let Some(node) = self.free_seat() else {
                break;
            };
            self.take_seat(node, Seat::Human, wall, &mut out);
            self.seat(member, Some(node), &mut out);
        }
        // The records stay; what was said one by one is said by the welcomes instead, to
        // every connection of the room (a member without one hears nothing).
        out.sends.clear();
        for (member, p) in self.people.iter().enumerate() {
            if !p.removed {
                out.send(
                    Dest::One(member as MemberId),
                    self.welcome(member as MemberId),
                );
            }
        }
        Ok(out)
    }

    /// The instructor removes a student: their seat goes back to its bot, their token no
    /// longer works, their connection is closed.
    fn remove(&mut self, member: MemberId, wall: Wall) -> Outbox {
        if member == INSTRUCTOR || self.people.get(member as usize).is_none_or(|p| p.removed) {
            return Outbox::error(
                INSTRUCTOR,
                text!(
                    "member: there is no student number {member} in this room",
                    "membro: in questa stanza non c'è lo studente numero {member}"
                ),
            );
        }
        let mut out = Outbox::default();
        if let Some(node) = self.people[member as usize].node {
            self.take_seat(node, Seat::Bot, wall, &mut out);
            self.seat(member, None, &mut out);
        }
        let person = &mut self.people[member as usize];
        person.removed = true;
        person.online = false;
        out.records.push(Record::Removed { member });
        out.removed.push(member);
        out.send(Dest::All, self.roster());
        out
    }

    /// Ends the room for everybody: by the instructor, or by the server when it was left
    /// alone.
    pub fn end(&mut self, wall: Wall) -> Outbox {
        let mut out = Outbox::default();
        if self.ended {
            return out;
        }
        let at = self.now(wall);
        self.session.advance(at);
        self.ended = true;
        out.records.push(Record::Ended { at });
        out.send(Dest::All, ToClient::Ended);
        out
    }

    /// The game runs on: everything due happens, and everybody hears how far it ran.
    pub fn tick(&mut self, wall: Wall) -> Outbox {
        let mut out = Outbox::default();
        if self.ended {
            return out;
        }
        self.lend_empty_seats(wall, &mut out);
        if self.clock.paused() {
            return out;
        }
        let at = self.now(wall);
        if at <= self.world().now() {
            return out;
        }
        self.session.advance(at);
        if at >= self.last_checkpoint + CHECKPOINT {
            self.last_checkpoint = at;
            out.records.push(self.clock_record(at));
        }
        out.send(Dest::All, ToClient::Tick { at });
        out
    }

    /// Everything a browser needs to follow the room from now on.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            scenario: self.session.scenario().clone(),
            actions: self.session.actions().to_vec(),
            clock: self.room_clock(),
            members: self.members(),
            ended: self.ended,
        }
    }

    fn welcome(&self, member: MemberId) -> ToClient {
        let p = &self.people[member as usize];
        ToClient::Welcome {
            you: You {
                code: self.code.clone(),
                token: p.token.clone(),
                member,
                name: p.name.clone(),
                instructor: member == INSTRUCTOR,
                node: p.node,
            },
            snapshot: Box::new(self.snapshot()),
        }
    }

    fn members(&self) -> Vec<Member> {
        self.people
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.removed)
            .map(|(id, p)| Member {
                id: id as MemberId,
                name: p.name.clone(),
                instructor: id as MemberId == INSTRUCTOR,
                node: p.node,
                online: p.online,
            })
            .collect()
    }

    fn roster(&self) -> ToClient {
        ToClient::Roster {
            members: self.members(),
        }
    }

    fn room_clock(&self) -> RoomClock {
        RoomClock {
            at: self.world().now(),
            speed_percent: self.clock.speed_percent(),
            paused: self.clock.paused(),
            hold: self.clock.hold(),
            note: self.note.clone(),
        }
    }

    fn clock_record(&self, at: Instant) -> Record {
        Record::Clock {
            at,
            speed_percent: self.clock.speed_percent(),
            paused: self.clock.paused(),
            hold: self.clock.hold(),
            note: self.note.clone(),
        }
    }

    /// Why nothing more can happen in an ended room.
    fn has_ended(&self) -> Text {
        let code = &self.code;
        text!("the room {code} has ended", "la stanza {code} è terminata")
    }

    /// Game time now; never before what the game has already reached.
    fn now(&self, wall: Wall) -> Instant {
        self.clock.now(wall as f64).max(self.world().now())
    }

    fn act(&mut self, from: MemberId, req: u32, action: Action, wall: Wall) -> Outbox {
        let refuse = |message: Text| {
            let mut out = Outbox::default();
            out.send(Dest::One(from), ToClient::Refused { req, message });
            out
        };
        if self.ended {
            return refuse(self.has_ended());
        }
        // What does not fit on paper is refused before it is logged and replayed by all.
        if let Err(why) = limits::check_action(self.session.scenario(), &action) {
            return refuse(why);
        }
        if from != INSTRUCTOR {
            let Some(mine) = self.people[from as usize].node else {
                return refuse(text!(
                    "you are watching: the instructor gives out the seats",
                    "stai guardando: è l'insegnante ad assegnare i posti"
                ));
            };
            let target = match &action {
                Action::WriteCard { node, .. }
                | Action::RouteCard { node, .. }
                | Action::EditRoute { node, .. }
                | Action::RequestHint { node } => *node,
                Action::SetSeat { .. } => {
                    return refuse(text!(
                        "only the instructor gives out the seats",
                        "solo l'insegnante assegna i posti"
                    ));
                }
                Action::InjectFault(_) => {
                    return refuse(text!(
                        "only the instructor can break the network",
                        "solo l'insegnante può guastare la rete"
                    ));
                }
            };
            if target != mine {
                let name = |n| {
                    self.world()
                        .node_view(n)
                        .map_or_else(|| format!("node {}", n.0), |v| v.name)
                };
                let (mine, target) = (name(mine), name(target));
                return refuse(text!(
                    "you play {mine}: you cannot act for {target}",
                    "tu giochi come {mine}: non puoi agire per {target}"
                ));
            }
            // The lobby and a freeze: until the instructor starts the clock, and while it
            // is paused, nobody plays, so early arrivals get no head start and a class that
            // is being shown something stays where it is.
            if self.clock.paused() {
                return refuse(match &self.note {
                    Some(note) => tcpip_protocol::clock::frozen_to_explain(note),
                    None => tcpip_protocol::clock::waiting_for_the_instructor(self.now(wall)),
                });
            }
        }
        // A seat with a person changes hands only through the roster, so that the roster
        // and the seats never disagree (a bot playing a student's seat would write their
        // cards for them).
        let people = self.people.iter().map(|p| (p.name.as_str(), p.node));
        if let Some(why) = tcpip_protocol::seats::seat_taken(&action, people) {
            return refuse(why);
        }
        let mut out = Outbox::default();
        match self.apply(action, wall, &mut out) {
            Ok(seq) => out.send(Dest::One(from), ToClient::Done { req, seq }),
            Err(message) => return refuse(message),
        }
        out
    }

    /// Applies an accepted action: recorded, then sent to everybody.
    fn apply(&mut self, action: Action, wall: Wall, out: &mut Outbox) -> Result<u64, Text> {
        let at = self.now(wall);
        self.session.act(action.clone(), at)?;
        let seq = self.session.actions().len() as u64;
        out.records.push(Record::Acted {
            seq,
            at,
            action: action.clone(),
        });
        out.send(
            Dest::All,
            ToClient::Applied {
                seq,
                logged: Logged { at, action },
            },
        );
        Ok(seq)
    }

    fn set_clock(&mut self, paused: bool, speed_percent: u32, wall: Wall) -> Outbox {
        if !paused {
            // Resuming ends a freeze: its note goes with it.
            self.note = None;
        }
        self.change_clock(wall, |c, wall| {
            c.set_paused(paused, wall);
            c.set_speed(speed_percent, wall);
        })
    }

    /// The instructor stops the clock to explain `note` to the class.
    fn freeze(&mut self, note: String, wall: Wall) -> Outbox {
        self.note = Some(note);
        self.change_clock(wall, |c, wall| c.set_paused(true, wall))
    }

    /// Step mode: the clock runs to the next thing the game has to do and waits there.
    /// With nothing due (every card waits for a person to write it) the instructor is told
    /// so and the clock stays.
    fn next(&mut self, wall: Wall) -> Outbox {
        if self.clock.hold().is_none() {
            return Outbox::error(
                INSTRUCTOR,
                text!(
                    "next: step mode is off, the cards move by themselves",
                    "avanti: la modalità passo passo è spenta, le carte si muovono da sole"
                ),
            );
        }
        let Some(due) = self.world().next_due() else {
            return Outbox::error(INSTRUCTOR, tcpip_protocol::clock::nothing_to_step());
        };
        self.change_clock(wall, |c, wall| c.set_hold(Some(due), wall))
    }

    /// Changes the clock from the game time reached now, records it and tells everybody.
    fn change_clock(&mut self, wall: Wall, change: impl FnOnce(&mut Clock, f64)) -> Outbox {
        let at = self.now(wall);
        self.session.advance(at);
        self.clock = Clock::new(
            at,
            wall as f64,
            self.clock.speed_percent(),
            self.clock.paused(),
        )
        .held(self.clock.hold());
        change(&mut self.clock, wall as f64);
        let mut out = Outbox::default();
        out.records.push(self.clock_record(at));
        out.send(
            Dest::All,
            ToClient::Clock {
                clock: self.room_clock(),
            },
        );
        out
    }

    /// The instructor moves a student. Whoever sat there watches; a seat left without a
    /// person goes back to its bot so the game never waits for nobody.
    fn assign(&mut self, member: MemberId, node: Option<NodeId>, wall: Wall) -> Outbox {
        if member == INSTRUCTOR || member as usize >= self.people.len() {
            return Outbox::error(
                INSTRUCTOR,
                text!(
                    "member: there is no student number {member} in this room",
                    "membro: in questa stanza non c'è lo studente numero {member}"
                ),
            );
        }
        if let Some(n) = node
            && self.world().node_view(n).is_none()
        {
            let n = n.0;
            return Outbox::error(
                INSTRUCTOR,
                text!(
                    "node: there is no seat {n}",
                    "nodo: non esiste il posto {n}"
                ),
            );
        }
        let mut out = Outbox::default();
        let old = self.people[member as usize].node;
        if old == node {
            return out;
        }
        if let Some(n) = node
            && let Some(sitting) = self.people.iter().position(|p| p.node == Some(n))
        {
            self.seat(sitting as MemberId, None, &mut out);
        }
        if let Some(o) = old {
            self.take_seat(o, Seat::Bot, wall, &mut out);
        }
        if let Some(n) = node {
            self.take_seat(n, Seat::Human, wall, &mut out);
        }
        self.seat(member, node, &mut out);
        out.send(Dest::All, self.roster());
        out
    }

    fn seat(&mut self, member: MemberId, node: Option<NodeId>, out: &mut Outbox) {
        self.people[member as usize].node = node;
        out.records.push(Record::Seated { member, node });
        out.send(Dest::One(member), ToClient::Seat { node });
    }

    /// Gives a seat to a person or its bot, unless it already is.
    fn take_seat(&mut self, node: NodeId, seat: Seat, wall: Wall, out: &mut Outbox) {
        if self.world().node_view(node).is_some_and(|n| n.seat != seat) {
            // The node exists, so the engine accepts the change.
            let _ = self.apply(Action::SetSeat { node, seat }, wall, out);
        }
    }

    /// The seat a newcomer gets: in the team with the fewest people, the first seat still
    /// played by a bot, in the order a round needs them (seed 000: a client opens the
    /// connection, the server answers, the router carries the cards; then the other
    /// clients); once every team's seat has a person, the game's DNS server, which answers
    /// everyone, then its load balancer, which every connection to the service address
    /// passes. `None` when every seat has a person.
    fn free_seat(&self) -> Option<NodeId> {
        let taken = |n: NodeId| {
            self.people.iter().any(|p| p.node == Some(n))
                || self
                    .world()
                    .node_view(n)
                    .is_none_or(|v| v.seat == Seat::Human)
        };
        self.world()
            .teams()
            .iter()
            .filter_map(|team| {
                let order = team
                    .clients
                    .first()
                    .copied()
                    .into_iter()
                    .chain([team.server, team.router])
                    .chain(team.clients.iter().skip(1).copied());
                let seat = order.into_iter().find(|n| !taken(*n))?;
                let people = self
                    .people
                    .iter()
                    .filter_map(|p| p.node)
                    .filter(|n| {
                        self.world()
                            .node_view(*n)
                            .is_some_and(|v| v.team == team.index)
                    })
                    .count();
                Some((people, team.index, seat))
            })
            .min()
            .map(|(_, _, seat)| seat)
            .or_else(|| self.world().dns_server().filter(|n| !taken(*n)))
            .or_else(|| self.world().balancer().filter(|n| !taken(*n)))
    }
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
