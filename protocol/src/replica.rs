//! A browser's copy of a classroom room: it follows the server's messages and replays every
//! accepted action on its own engine, so it holds the same world as the server without
//! being sent any state but the log.

use std::collections::VecDeque;

use tcpip_stack::text::Text;
use tcpip_stack::time::Instant;
use tcpip_stack::world::{Event, NodeId, World};

use crate::msg::{Member, RoomClock, Snapshot, ToClient, You};
use crate::session::Session;

/// How many recent actions keep their events, so the answer to "my action" (which comes
/// just after its `Applied`) can show its verdict.
const RECENT: usize = 64;

/// What changed after a message, for the views to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// The world changed: these events happened (an action or time passing).
    Events(Vec<Event>),
    /// This browser's action `req` was accepted; `events` are what it caused.
    Done {
        req: u32,
        events: Vec<Event>,
    },
    /// This browser's action `req` was refused: the sentence to show, in both languages.
    Refused {
        req: u32,
        message: Text,
    },
    Clock(RoomClock),
    Roster,
    /// This person's seat changed.
    Seat(Option<NodeId>),
    Ended,
    /// The server did not accept a message: the sentence to show, in both languages.
    Error(Text),
}

/// A room as one browser knows it.
pub struct Replica {
    session: Session,
    you: You,
    members: Vec<Member>,
    /// The room clock's settings as last heard; its time is how far this copy has
    /// replayed, the world's own clock (see [`Replica::clock`]).
    speed_percent: u32,
    paused: bool,
    hold: Option<Instant>,
    note: Option<String>,
    ended: bool,
    recent: VecDeque<(u64, Vec<Event>)>,
}

impl Replica {
    /// The room as the server's welcome describes it, replayed to the server's time.
    pub fn welcome(you: You, snapshot: Snapshot) -> Result<Replica, String> {
        let Snapshot {
            scenario,
            actions,
            clock,
            members,
            ended,
        } = snapshot;
        let mut session = Session::replay(scenario, &actions)?;
        session.advance(clock.at);
        Ok(Replica {
            session,
            you,
            members,
            speed_percent: clock.speed_percent,
            paused: clock.paused,
            hold: clock.hold,
            note: clock.note,
            ended,
            recent: VecDeque::new(),
        })
    }

    /// Follows one message from the server. `Err` means this copy can no longer follow
    /// (an action out of order or one its engine refuses): ask for a fresh snapshot.
    pub fn receive(&mut self, msg: ToClient) -> Result<Vec<Update>, String> {
        Ok(match msg {
            ToClient::Welcome { you, snapshot } => {
                *self = Replica::welcome(you, *snapshot)?;
                vec![
                    Update::Events(Vec::new()),
                    Update::Roster,
                    Update::Clock(self.clock()),
                ]
            }
            ToClient::Applied { seq, logged } => {
                let expected = self.session.actions().len() as u64 + 1;
                if seq != expected {
                    return Err(format!(
                        "action {seq} arrived when action {expected} was next"
                    ));
                }
                let events = self.session.apply(logged)?;
                if self.recent.len() == RECENT {
                    self.recent.pop_front();
                }
                self.recent.push_back((seq, events.clone()));
                vec![Update::Events(events)]
            }
            ToClient::Done { req, seq } => {
                let events = self
                    .recent
                    .iter()
                    .find(|(s, _)| *s == seq)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default();
                vec![Update::Done { req, events }]
            }
            ToClient::Refused { req, message } => vec![Update::Refused { req, message }],
            ToClient::Tick { at } => {
                if at < self.session.world().now() {
                    return Err(format!(
                        "the server's time {at} is behind this copy's {}",
                        self.session.world().now()
                    ));
                }
                vec![Update::Events(self.session.advance(at))]
            }
            ToClient::Clock { clock } => {
                let events = self.session.advance(clock.at);
                self.speed_percent = clock.speed_percent;
                self.paused = clock.paused;
                self.hold = clock.hold;
                self.note = clock.note;
                vec![Update::Events(events), Update::Clock(self.clock())]
            }
            ToClient::Roster { members } => {
                self.members = members;
                vec![Update::Roster]
            }
            ToClient::Seat { node } => {
                self.you.node = node;
                vec![Update::Seat(node)]
            }
            ToClient::Error { message } => vec![Update::Error(message)],
            ToClient::Ended => {
                self.ended = true;
                vec![Update::Ended]
            }
        })
    }

    pub fn world(&self) -> &World {
        self.session.world()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn you(&self) -> &You {
        &self.you
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The server's clock as last heard (`at` is the time this copy has replayed to).
    pub fn clock(&self) -> RoomClock {
        RoomClock {
            at: self.world().now(),
            speed_percent: self.speed_percent,
            paused: self.paused,
            hold: self.hold,
            note: self.note.clone(),
        }
    }

    pub fn ended(&self) -> bool {
        self.ended
    }
}
