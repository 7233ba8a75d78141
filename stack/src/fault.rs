//! Faults the instructor injects (or a scenario scripts) to break the network on purpose,
//! and what each one teaches. Applying a fault to the world is the world's job; this
//! module says what a fault *is*, whom it targets, and builds the forged RST of round 4.

use alloc::format;
use alloc::string::String;
use core::fmt;

use crate::addr::Prefix;
use crate::host::ConnView;
use crate::rng::Rng;
use crate::segment::{TcpFlags, TcpSegment};
use crate::seq::SeqNumber;
use crate::text::{Text, Words, text};
use crate::time::Duration;

/// What goes wrong.
///
/// Everything a kind is besides its behaviour lives in this file, so that adding one
/// touches few files. To add a kind:
/// 1. here: the variant; its line in [`CHOICES`] (form value, label in both languages, the
///    kind with its default setting); its arm in [`FaultKind::spec`] (scenario key, what it
///    can be aimed at, its ladder mark) and, if it carries a setting, in
///    [`FaultKind::setting`] and [`FaultKind::with`]; its [`FaultKind::name`] and
///    [`FaultKind::explain`] (with the RFC), both in English and Italian;
/// 2. `world/faults.rs`: what it does ([`crate::world::World`]'s `inject`, and
///    `apply_link_faults` for a fault that waits for the next card on its target);
/// 3. `docs/scenario-format.md`: its row in the table of kinds;
/// 4. `CHANGELOG.md`.
///
/// Scenario files (read, written, validated), the classroom's limits, drills, the
/// instructor's form, the lesson guide and the ladder go through [`CHOICES`],
/// [`FaultKind::spec`] and [`Setting`] and need no change, unless the kind brings a new
/// kind of [`Setting`] (then each of them says how to read, write or ask for it).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FaultKind {
    /// A RST that pretends to come from the peer (seed 000, round 4). `matching`: its
    /// sequence number is exactly the one the victim expects.
    ForgedRst {
        matching: bool,
    },
    /// An ICMP destination unreachable about the connection, with this code (RFC 792).
    IcmpUnreachable {
        code: u8,
    },
    /// The twin of the forged RST: an ICMP destination unreachable with this code forged
    /// by an attacker who cannot see the connection, so the sequence number it quotes is a
    /// guess, which the victim checks (RFC 5927 §4.1).
    ForgedIcmp {
        code: u8,
    },
    /// The DNS twin of the forged RST: an answer "from the DNS server" to a client's open
    /// query, with a wrong address. `matching`: its ID and destination port are exactly the
    /// query's, so the client believes it (cache poisoning); otherwise they are guessed and
    /// the client ignores it (RFC 5452 §9.1).
    ForgedDns {
        matching: bool,
    },
    /// Cards wait this long on the link before going on.
    Delay {
        by: Duration,
    },
    Drop,
    Duplicate,
    Reorder,
    /// The telnet server stops listening ("server down").
    ServerPortClosed,
    /// The target team's router forgets its route to `prefix`.
    RouteRemoved {
        prefix: Prefix,
    },
}

/// Whom a fault hits. Indices are into the scenario's teams and each team's clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FaultTarget {
    Team(usize),
    /// The connection(s) of one client of a team.
    Connection {
        team: usize,
        client: usize,
    },
    /// The backbone link between the routers of two teams.
    Link {
        team_a: usize,
        team_b: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Fault {
    pub kind: FaultKind,
    pub target: FaultTarget,
}

/// A fault a scenario fires by itself, `at` after the game starts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScriptedFault {
    pub at: Duration,
    pub fault: Fault,
}

/// The highest destination-unreachable code any RFC defines (RFC 1812 §5.2.7.1).
pub const MAX_UNREACHABLE_CODE: u8 = 15;

/// A fault kind's one setting besides its target, as a scenario file, a drill and the
/// instructor's form give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    None,
    /// Whether a forged RST's numbers match the connection's.
    Matching(bool),
    /// A destination-unreachable code (0 to [`MAX_UNREACHABLE_CODE`]).
    Code(u8),
    /// How long cards wait.
    Delay(Duration),
    /// The prefix of a route.
    Prefix(Prefix),
}

impl Setting {
    /// The key a scenario file gives the setting under, e.g. `seconds`.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Setting::None => None,
            Setting::Matching(_) => Some("matching"),
            Setting::Code(_) => Some("code"),
            Setting::Delay(_) => Some("seconds"),
            Setting::Prefix(_) => Some("prefix"),
        }
    }

    /// Every key a setting can have, for files that give one the kind does not take.
    pub const KEYS: [&'static str; 4] = ["matching", "code", "seconds", "prefix"];
}

/// What a fault kind can be aimed at; a whole team is always fine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aim {
    /// A team, one client's connection or a backbone link: it waits for the next card there.
    Anything,
    /// A team or one client's connection, not a link: it attacks a connection.
    Connection,
    /// A whole team only: it breaks the team's server or router.
    Team,
}

/// The word the ladder writes on a card a fault touched (and on a card forged or lost by
/// other causes), never colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Forged,
    Delayed,
    Dropped,
    Duplicated,
    Reordered,
}

impl Mark {
    pub fn words(self) -> Words {
        match self {
            Mark::Forged => Words::new("forged", "falsificata"),
            Mark::Delayed => Words::new("delayed", "ritardata"),
            Mark::Dropped => Words::new("dropped", "persa"),
            Mark::Duplicated => Words::new("duplicated", "duplicata"),
            Mark::Reordered => Words::new("reordered", "riordinata"),
        }
    }
}

/// What a kind is, besides what it does: see [`FaultKind::spec`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The word a scenario file and a drill use, e.g. `forged_rst`.
    pub key: &'static str,
    pub aim: Aim,
    /// The ladder's mark on the card it touched, if it touches a card.
    pub mark: Option<Mark>,
}

/// One line of the instructor's fault select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The option's value (browser tests pick it: keep it stable).
    pub value: &'static str,
    pub label: Words,
    /// The kind with its default setting, which scenario files and drills start from. A
    /// [`Setting::Matching`] is the line itself (a forged RST is two lines); any other
    /// setting is a field of the form.
    pub kind: FaultKind,
}

/// Every fault kind, in the order the instructor's form lists them. Scenario files and
/// drills find a kind here by its key.
pub static CHOICES: [Choice; 12] = [
    Choice {
        value: "rst-not-matching",
        label: Words::new(
            "forged RST, numbers not matching",
            "RST falsificato, numeri che non corrispondono",
        ),
        kind: FaultKind::ForgedRst { matching: false },
    },
    Choice {
        value: "rst-matching",
        label: Words::new(
            "forged RST, numbers matching",
            "RST falsificato, numeri che corrispondono",
        ),
        kind: FaultKind::ForgedRst { matching: true },
    },
    Choice {
        value: "icmp-unreachable",
        label: Words::new(
            "ICMP destination unreachable",
            "ICMP destinazione irraggiungibile",
        ),
        kind: FaultKind::IcmpUnreachable {
            code: DEFAULT_UNREACHABLE_CODE,
        },
    },
    Choice {
        value: "icmp-forged",
        label: Words::new(
            "forged ICMP destination unreachable, guessed seq",
            "ICMP destinazione irraggiungibile falsificato, seq indovinato",
        ),
        kind: FaultKind::ForgedIcmp {
            code: DEFAULT_UNREACHABLE_CODE,
        },
    },
    Choice {
        value: "dns-not-matching",
        label: Words::new(
            "forged DNS answer, ID and port guessed",
            "risposta DNS falsificata, ID e porta indovinati",
        ),
        kind: FaultKind::ForgedDns { matching: false },
    },
    Choice {
        value: "dns-matching",
        label: Words::new(
            "forged DNS answer, ID and port matching",
            "risposta DNS falsificata, ID e porta che corrispondono",
        ),
        kind: FaultKind::ForgedDns { matching: true },
    },
    Choice {
        value: "delay",
        label: Words::new("delay the next card", "ritarda la prossima carta"),
        kind: FaultKind::Delay { by: DEFAULT_DELAY },
    },
    Choice {
        value: "drop",
        label: Words::new("drop the next card", "perdi la prossima carta"),
        kind: FaultKind::Drop,
    },
    Choice {
        value: "duplicate",
        label: Words::new("duplicate the next card", "duplica la prossima carta"),
        kind: FaultKind::Duplicate,
    },
    Choice {
        value: "reorder",
        label: Words::new(
            "reorder (hold the next card)",
            "riordina (trattieni la prossima carta)",
        ),
        kind: FaultKind::Reorder,
    },
    Choice {
        value: "server-port-closed",
        label: Words::new(
            "server port closed (server down)",
            "porta del server chiusa (server giù)",
        ),
        kind: FaultKind::ServerPortClosed,
    },
    Choice {
        value: "route-removed",
        label: Words::new("route removed", "rotta rimossa"),
        kind: FaultKind::RouteRemoved {
            prefix: Prefix::DEFAULT,
        },
    },
];

/// The code an ICMP fault takes when a scenario file leaves it out: host unreachable.
pub const DEFAULT_UNREACHABLE_CODE: u8 = 1;
/// The delay a delay fault takes when a scenario file leaves it out.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(5);

impl Choice {
    /// The line of the form that injects `kind`.
    pub fn of(kind: &FaultKind) -> Option<&'static Choice> {
        CHOICES.iter().find(|c| match c.kind.setting() {
            Setting::Matching(_) => c.kind == *kind,
            _ => c.kind.spec().key == kind.spec().key,
        })
    }
}

impl FaultKind {
    /// Its key, what it can be aimed at and its ladder mark.
    pub fn spec(&self) -> Spec {
        let (key, aim, mark) = match self {
            FaultKind::ForgedRst { .. } => ("forged_rst", Aim::Connection, Some(Mark::Forged)),
            FaultKind::IcmpUnreachable { .. } => {
                ("icmp_unreachable", Aim::Connection, Some(Mark::Forged))
            }
            FaultKind::ForgedIcmp { .. } => ("forged_icmp", Aim::Connection, Some(Mark::Forged)),
            FaultKind::ForgedDns { .. } => ("forged_dns", Aim::Connection, Some(Mark::Forged)),
            FaultKind::Delay { .. } => ("delay", Aim::Anything, Some(Mark::Delayed)),
            FaultKind::Drop => ("drop", Aim::Anything, Some(Mark::Dropped)),
            FaultKind::Duplicate => ("duplicate", Aim::Anything, Some(Mark::Duplicated)),
            FaultKind::Reorder => ("reorder", Aim::Anything, Some(Mark::Reordered)),
            FaultKind::ServerPortClosed => ("server_port_closed", Aim::Team, None),
            FaultKind::RouteRemoved { .. } => ("route_removed", Aim::Team, None),
        };
        Spec { key, aim, mark }
    }

    /// The setting the kind carries.
    pub fn setting(&self) -> Setting {
        match self {
            FaultKind::ForgedRst { matching } | FaultKind::ForgedDns { matching } => {
                Setting::Matching(*matching)
            }
            FaultKind::IcmpUnreachable { code } | FaultKind::ForgedIcmp { code } => {
                Setting::Code(*code)
            }
            FaultKind::Delay { by } => Setting::Delay(*by),
            FaultKind::RouteRemoved { prefix } => Setting::Prefix(*prefix),
            FaultKind::Drop
            | FaultKind::Duplicate
            | FaultKind::Reorder
            | FaultKind::ServerPortClosed => Setting::None,
        }
    }

    /// The same kind with `setting` instead of its own; a setting of another sort than
    /// the kind's changes nothing.
    pub fn with(&self, setting: Setting) -> FaultKind {
        let mut kind = self.clone();
        match (&mut kind, setting) {
            (
                FaultKind::ForgedRst { matching } | FaultKind::ForgedDns { matching },
                Setting::Matching(m),
            ) => *matching = m,
            (
                FaultKind::IcmpUnreachable { code } | FaultKind::ForgedIcmp { code },
                Setting::Code(c),
            ) => *code = c,
            (FaultKind::Delay { by }, Setting::Delay(d)) => *by = d,
            (FaultKind::RouteRemoved { prefix }, Setting::Prefix(p)) => *prefix = p,
            _ => {}
        }
        kind
    }

    /// The kind a scenario file or a drill names, with its default setting; case and
    /// `-`/`_` are forgiven.
    pub fn from_key(key: &str) -> Option<FaultKind> {
        let wanted = key.trim().replace('-', "_").to_ascii_lowercase();
        CHOICES
            .iter()
            .find(|c| c.kind.spec().key == wanted)
            .map(|c| c.kind.clone())
    }

    /// Every kind's key, for error messages: "forged_rst, icmp_unreachable, …".
    pub fn keys() -> String {
        let mut keys: alloc::vec::Vec<&str> = alloc::vec::Vec::new();
        for c in &CHOICES {
            let key = c.kind.spec().key;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys.join(", ")
    }
}

impl FaultKind {
    /// What the fault teaches, for the instructor's fault panel, with its rule, in both
    /// languages (see [`crate::text`]).
    pub fn explain(&self) -> Text {
        let (en, it) = match self {
            FaultKind::ForgedRst { matching: false } => (
                "a RST whose numbers do not match the connection must be ignored \
                 — RFC 5961 §3.2",
                "un RST i cui numeri non corrispondono alla connessione va ignorato \
                 — RFC 5961 §3.2",
            ),
            FaultKind::ForgedRst { matching: true } => (
                "a RST whose sequence number is exactly the next one expected tears the \
                 connection down: that is why initial sequence numbers are random \
                 — RFC 9293 §3.10.7.4, RFC 5961 §3.2",
                "un RST il cui numero di sequenza è esattamente il prossimo atteso abbatte la \
                 connessione: per questo i numeri di sequenza iniziali sono casuali \
                 — RFC 9293 §3.10.7.4, RFC 5961 §3.2",
            ),
            FaultKind::IcmpUnreachable { code: 2..=4 } => (
                "protocol, port or fragmentation unreachable is a hard error: RFC 1122 says \
                 TCP should abort the connection, and a connection still opening is aborted; \
                 an open one only remembers it, as RFC 5927 recommends and Linux does, \
                 because anyone who guesses the addresses could forge the message and tear \
                 down a working connection — RFC 1122 §4.2.3.9, RFC 5927 §5.2",
                "protocollo, porta o frammentazione irraggiungibile è un errore definitivo: \
                 la RFC 1122 dice che TCP dovrebbe interrompere la connessione, e una \
                 connessione che si sta ancora aprendo viene interrotta; una già aperta se lo \
                 ricorda soltanto, come raccomanda la RFC 5927 e come fa Linux, perché \
                 chiunque indovini gli indirizzi potrebbe falsificare il messaggio e \
                 abbattere una connessione che funziona — RFC 1122 §4.2.3.9, RFC 5927 §5.2",
            ),
            FaultKind::IcmpUnreachable { .. } => (
                "net or host unreachable may be temporary: TCP must not abort the \
                 connection, it remembers the error and reports it only if it times out \
                 — RFC 1122 §4.2.3.9",
                "rete o host irraggiungibile può essere temporaneo: TCP non deve interrompere \
                 la connessione, si ricorda l'errore e lo segnala solo se il tempo scade \
                 — RFC 1122 §4.2.3.9",
            ),
            FaultKind::ForgedIcmp { .. } => (
                "an ICMP error is believed only if the segment it quotes has a sequence number \
                 the host sent and has not seen acknowledged (SND.UNA to SND.NXT): an \
                 attacker who guesses it is ignored, and the connection lives on \
                 — RFC 5927 §4.1",
                "un errore ICMP viene creduto solo se il segmento che cita ha un numero di \
                 sequenza che l'host ha inviato e non ha ancora visto confermato (da SND.UNA \
                 a SND.NXT): un attaccante che tira a indovinare viene ignorato, e la \
                 connessione continua — RFC 5927 §4.1",
            ),
            FaultKind::ForgedDns { matching: false } => (
                "a DNS answer is believed only if it comes from the server asked, to the port \
                 the query left from, with the query's ID and question: an attacker who \
                 guesses the ID and the port wrong is ignored — RFC 5452 §9.1",
                "una risposta DNS viene creduta solo se arriva dal server interrogato, alla \
                 porta da cui è partita la domanda, con l'ID e la domanda della richiesta: un \
                 attaccante che sbaglia a indovinare ID e porta viene ignorato — RFC 5452 §9.1",
            ),
            FaultKind::ForgedDns { matching: true } => (
                "a forged answer with the query's ID and port is believed, and the name now \
                 leads to the attacker's address (cache poisoning): that is why the ID and \
                 the source port must be unpredictable — RFC 5452 §9.2",
                "una risposta falsificata con l'ID e la porta della richiesta viene creduta, e \
                 il nome ora porta all'indirizzo dell'attaccante (avvelenamento della cache): \
                 per questo l'ID e la porta sorgente devono essere imprevedibili — RFC 5452 \
                 §9.2",
            ),
            FaultKind::Delay { .. } => (
                "a late card is still a good card, but a sender whose timer runs out first \
                 sends it again — RFC 6298 §5",
                "una carta in ritardo è comunque una carta buona, ma un mittente il cui timer \
                 scade prima la manda di nuovo — RFC 6298 §5",
            ),
            FaultKind::Drop => (
                "IP may lose a card without telling anyone: the sender's retransmission \
                 timer must send it again — RFC 6298 §5",
                "IP può perdere una carta senza dirlo a nessuno: il timer di ritrasmissione \
                 del mittente deve mandarla di nuovo — RFC 6298 §5",
            ),
            FaultKind::Duplicate => (
                "a copy of a card that already arrived is old news: a copy of data or a FIN \
                 is outside the receive window, so the receiver drops it and acknowledges \
                 again; a copy of a bare ACK is simply dropped, since an ACK is never \
                 acknowledged — RFC 9293 §3.10.7.4",
                "la copia di una carta già arrivata non dice niente di nuovo: la copia di dati \
                 o di un FIN è fuori dalla finestra di ricezione, quindi il destinatario la \
                 scarta e conferma di nuovo; la copia di un semplice ACK viene solo scartata, \
                 perché a un ACK non si risponde mai con un ACK — RFC 9293 §3.10.7.4",
            ),
            FaultKind::Reorder => (
                "cards can overtake each other: the receiver acknowledges only the bytes it \
                 has in order, and the sender fills the gap — RFC 9293 §3.10.7.4",
                "le carte possono sorpassarsi: il destinatario conferma solo i byte che ha in \
                 ordine, e il mittente riempie il buco — RFC 9293 §3.10.7.4",
            ),
            FaultKind::ServerPortClosed => (
                "a SYN to a port where nothing listens is answered with a RST: connection \
                 refused — RFC 9293 §3.10.7.1",
                "a un SYN verso una porta dove nessuno è in ascolto si risponde con un RST: \
                 connessione rifiutata — RFC 9293 §3.10.7.1",
            ),
            FaultKind::RouteRemoved { .. } => (
                "a router without a route to the destination answers with ICMP destination \
                 unreachable, net unreachable — RFC 1812 §5.2.7.1",
                "un router senza una rotta verso la destinazione risponde con ICMP \
                 destinazione irraggiungibile, rete irraggiungibile — RFC 1812 §5.2.7.1",
            ),
        };
        Text::new(en.into(), it.into())
    }
}

impl FaultKind {
    /// The kind's name, e.g. "forged RST (numbers not matching)", in both languages: the
    /// instructor's feed, the ladder and the logs say it.
    pub fn name(&self) -> Text {
        match self {
            FaultKind::ForgedRst { matching: true } => text!(
                "forged RST (numbers matching)",
                "RST falsificato (numeri che corrispondono)"
            ),
            FaultKind::ForgedRst { matching: false } => text!(
                "forged RST (numbers not matching)",
                "RST falsificato (numeri che non corrispondono)"
            ),
            FaultKind::IcmpUnreachable { code } => {
                let (name, nome) = crate::wire::unreach::names(*code);
                text!(
                    "ICMP destination unreachable, code {code} ({name})",
                    "ICMP destinazione irraggiungibile, codice {code} ({nome})"
                )
            }
            FaultKind::ForgedIcmp { code } => {
                let (name, nome) = crate::wire::unreach::names(*code);
                text!(
                    "forged ICMP destination unreachable, code {code} ({name}), guessed seq",
                    "ICMP destinazione irraggiungibile falsificato, codice {code} ({nome}), \
                     seq indovinato"
                )
            }
            FaultKind::ForgedDns { matching: true } => text!(
                "forged DNS answer (ID and port matching)",
                "risposta DNS falsificata (ID e porta che corrispondono)"
            ),
            FaultKind::ForgedDns { matching: false } => text!(
                "forged DNS answer (ID and port guessed)",
                "risposta DNS falsificata (ID e porta indovinati)"
            ),
            FaultKind::Delay { by } => {
                text!("cards delayed by {by}", "carte ritardate di {by}")
            }
            FaultKind::Drop => text!("cards dropped", "carte perse"),
            FaultKind::Duplicate => text!("cards duplicated", "carte duplicate"),
            FaultKind::Reorder => text!("cards reordered", "carte riordinate"),
            FaultKind::ServerPortClosed => {
                text!("server port closed", "porta del server chiusa")
            }
            FaultKind::RouteRemoved { prefix } => {
                text!("route to {prefix} removed", "rotta verso {prefix} rimossa")
            }
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name().en)
    }
}

impl Fault {
    /// The fault in words, with the names `team` and `client` give each index (a
    /// scenario's team and client names, or numbers), e.g. "forged RST (numbers not
    /// matching) aimed at team Red".
    pub fn describe(
        &self,
        team: impl Fn(usize) -> String,
        client: impl Fn(usize, usize) -> String,
    ) -> String {
        match self.target {
            FaultTarget::Team(t) => format!("{} aimed at {}", self.kind, team(t)),
            FaultTarget::Connection { team: t, client: c } => {
                format!(
                    "{} on the connection of {} ({})",
                    self.kind,
                    client(t, c),
                    team(t)
                )
            }
            FaultTarget::Link { team_a, team_b } => {
                format!(
                    "{} on the link between {} and {}",
                    self.kind,
                    team(team_a),
                    team(team_b)
                )
            }
        }
    }
}

impl fmt::Display for Fault {
    /// Without the scenario at hand teams and clients are numbered from 1: use
    /// [`Fault::describe`] to show their names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let team = |t: usize| format!("team {}", t.saturating_add(1));
        let client = |_, c: usize| format!("client {}", c.saturating_add(1));
        f.write_str(&self.describe(team, client))
    }
}

/// The forged RST of round 4, aimed at the victim whose connection is `conn` (seen from the
/// victim) and pretending to come from its peer.
///
/// Matching: seq is the victim's RCV.NXT, the only value RFC 5961 §3.2 lets reset a
/// synchronized connection, and ack is the victim's SND.NXT, which RFC 9293 §3.10.7.3
/// requires of a RST in SYN-SENT — so it works in every state. Not matching: seq lands
/// at a random distance beyond the victim's receive window (and ack is off too), so the
/// victim must ignore it. A window of 2^31 or more would leave no such number; no TCP
/// without window scaling advertises one.
pub fn forged_rst(conn: &ConnView, matching: bool, rng: &mut impl Rng) -> TcpSegment {
    let (seq, ack) = if matching {
        (conn.rcv_nxt, conn.snd_nxt)
    } else {
        // At least one past the window's end, at most about 2^30 further: clearly outside,
        // never wrapping back into the window.
        let beyond = conn.rcv_wnd.max(1).saturating_add(1);
        let jump = u32::try_from(rng.below(1 << 30)).unwrap_or(0);
        (
            conn.rcv_nxt + beyond.saturating_add(jump),
            conn.snd_nxt + 1u32.saturating_add(jump),
        )
    };
    TcpSegment {
        src: conn.remote,
        dst: conn.local,
        seq,
        ack,
        flags: TcpFlags::RST | TcpFlags::ACK,
        window: 0,
        payload: alloc::vec::Vec::new(),
    }
}

/// The sequence number a forged ICMP error quotes about `conn` (seen from the victim): the
/// attacker does not see the connection, so it guesses, and lands past SND.NXT at a random
/// distance up to about 2^30 — never in SND.UNA..SND.NXT, what RFC 5927 §4.1 accepts, since
/// no TCP has 2^31 bytes in flight.
pub fn guessed_quote(conn: &ConnView, rng: &mut impl Rng) -> SeqNumber {
    let jump = u32::try_from(rng.below(1 << 30)).unwrap_or(0);
    conn.snd_nxt + 1u32.saturating_add(jump)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::{Endpoint, Ipv4Addr};
    use crate::host::ConnId;
    use crate::rng::SplitMix64;
    use crate::tcp::State;
    use alloc::string::ToString;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// Red's names as a scenario gives them: team 0 is Red, its clients Alice and Bob.
    fn red(f: &Fault) -> String {
        let team = |t: usize| match t {
            0 => "team Red".to_string(),
            t => format!("team {}", t + 1),
        };
        let client = |_, c: usize| {
            ["Alice", "Bob"]
                .get(c)
                .map_or_else(|| format!("client {}", c + 1), |n| n.to_string())
        };
        f.describe(team, client)
    }

    fn view(rcv_nxt: u32, rcv_wnd: u32, snd_nxt: u32) -> ConnView {
        ConnView {
            id: ConnId(1),
            local: Endpoint::new(Ipv4Addr::new(10, 0, 1, 2), 40000),
            remote: Endpoint::new(Ipv4Addr::new(10, 0, 1, 1), 23),
            state: State::Established,
            iss: SeqNumber(0),
            irs: SeqNumber(0),
            snd_una: SeqNumber(snd_nxt),
            snd_nxt: SeqNumber(snd_nxt),
            snd_wnd: 65535,
            rcv_nxt: SeqNumber(rcv_nxt),
            rcv_wnd,
            last_transition: None,
            rto_deadline: None,
            rto: crate::time::Duration::from_secs(1),
            retransmits: 0,
        }
    }

    #[test]
    fn faults_read_as_sentences_with_team_names() {
        let f = Fault {
            kind: FaultKind::ForgedRst { matching: false },
            target: FaultTarget::Team(0),
        };
        assert_eq!(
            red(&f),
            "forged RST (numbers not matching) aimed at team Red"
        );
        assert_eq!(
            f.to_string(),
            "forged RST (numbers not matching) aimed at team 1"
        );
        let f = Fault {
            kind: FaultKind::Delay {
                by: Duration::from_secs(5),
            },
            target: FaultTarget::Connection { team: 0, client: 1 },
        };
        assert_eq!(
            red(&f),
            "cards delayed by 5.000s on the connection of Bob (team Red)"
        );
        let f = Fault {
            kind: FaultKind::Drop,
            target: FaultTarget::Link {
                team_a: 0,
                team_b: 1,
            },
        };
        assert_eq!(
            red(&f),
            "cards dropped on the link between team Red and team 2"
        );
    }

    /// RFC 792 names codes 0–5, RFC 1122 §3.2.2.1 6–12, RFC 1812 §5.2.7.1 13–15.
    #[test]
    fn unreachable_codes_are_named_rfc_792_1122_1812() {
        let name = |code| FaultKind::IcmpUnreachable { code }.to_string();
        assert_eq!(
            name(1),
            "ICMP destination unreachable, code 1 (host unreachable)"
        );
        assert!(name(3).ends_with("(port unreachable)"));
        assert!(name(13).ends_with("(communication administratively prohibited)"));
        assert!(name(MAX_UNREACHABLE_CODE).ends_with("(precedence cutoff in effect)"));
        assert!(name(200).ends_with("(unknown code)"));
    }

    /// Each explanation cites its RFC; soft and hard ICMP errors per RFC 1122 §4.2.3.9.
    #[test]
    fn explanations_cite_their_rfc_1122_section_4_2_3_9() {
        // Every line of the form, and a hard ICMP error besides the soft default.
        let mut kinds: Vec<FaultKind> = CHOICES.iter().map(|c| c.kind.clone()).collect();
        kinds.push(FaultKind::IcmpUnreachable { code: 3 });
        for k in &kinds {
            let said = k.explain();
            assert!(said.en.contains("— RFC "), "{k}: {said}");
            // The Italian twin cites the same rule.
            let rule = &said.en[said.en.find("— RFC ").unwrap_or(0)..];
            assert!(
                said.it.as_deref().is_some_and(|it| it.ends_with(rule)),
                "{k}: {said:?}"
            );
        }
        assert!(
            FaultKind::ForgedRst { matching: false }
                .explain()
                .en
                .contains("RFC 5961 §3.2")
        );
        assert!(
            FaultKind::IcmpUnreachable { code: 3 }
                .explain()
                .en
                .contains("hard error")
        );
        assert!(
            FaultKind::IcmpUnreachable { code: 0 }
                .explain()
                .en
                .contains("must not abort")
        );
    }

    /// A scenario file's word for each kind reads back to that kind, whatever its setting;
    /// the instructor's form has one line for each kind (two for the forged RST and the
    /// forged DNS answer, matching or not) and finds that line again from the kind it injected.
    #[test]
    fn every_kind_is_found_by_its_key_and_its_form_line() {
        assert_eq!(
            FaultKind::keys(),
            "forged_rst, icmp_unreachable, forged_icmp, forged_dns, delay, drop, duplicate, \
             reorder, server_port_closed, route_removed"
        );
        let mut values: Vec<&str> = CHOICES.iter().map(|c| c.value).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), CHOICES.len(), "form values are unique");
        for c in &CHOICES {
            let k = &c.kind;
            let read = FaultKind::from_key(&k.spec().key.replace('_', "-").to_uppercase());
            assert_eq!(read.map(|r| r.with(k.setting())), Some(k.clone()));
            assert_eq!(Choice::of(k).map(|c| c.value), Some(c.value));
            assert_eq!(k.with(k.setting()), *k);
            assert_ne!(
                c.label.en, c.label.it,
                "{k}: the label has its Italian twin"
            );
        }
        let slow = FaultKind::Delay {
            by: Duration::from_secs(9),
        };
        assert_eq!(Choice::of(&slow).map(|c| c.value), Some("delay"));
        assert_eq!(
            FaultKind::Drop.with(Setting::Code(3)),
            FaultKind::Drop,
            "a setting of another sort changes nothing"
        );
        assert_eq!(
            FaultKind::from_key("forged_icmp").map(|k| k.with(Setting::Code(13))),
            Some(FaultKind::ForgedIcmp { code: 13 })
        );
        assert_eq!(FaultKind::from_key("lunch"), None);
    }

    /// RFC 5927 §4.1: a guessed quote lies past SND.NXT, never in SND.UNA..SND.NXT, for any
    /// connection and any guess, even when the numbers wrap around 2^32.
    #[test]
    fn guessed_icmp_quote_is_never_in_flight_rfc_5927_section_4_1() {
        for (una, in_flight) in [(0u32, 0u32), (1, 10), (u32::MAX - 5, 100), (7, 65535)] {
            let mut conn = view(1, 65535, una.wrapping_add(in_flight));
            conn.snd_una = SeqNumber(una);
            for seed in 0..200 {
                let seq = guessed_quote(&conn, &mut SplitMix64::new(seed));
                assert!(
                    !(seq >= conn.snd_una && seq < conn.snd_nxt),
                    "seq {seq} is in flight ({una}, {in_flight})"
                );
                assert!(seq > conn.snd_nxt, "{seq}");
            }
        }
        assert_eq!(
            FaultKind::ForgedIcmp { code: 3 }.to_string(),
            "forged ICMP destination unreachable, code 3 (port unreachable), guessed seq"
        );
        assert!(
            FaultKind::ForgedIcmp { code: 3 }
                .explain()
                .en
                .contains("RFC 5927 §4.1")
        );
    }

    /// RFC 5961 §3.2: only a RST with seq exactly RCV.NXT resets the connection.
    #[test]
    fn matching_rst_carries_exactly_rcv_nxt_rfc_5961_section_3_2() {
        let conn = view(18, 65535, 1);
        let rst = forged_rst(&conn, true, &mut SplitMix64::new(1));
        assert_eq!(rst.seq, SeqNumber(18));
        assert_eq!(rst.ack, SeqNumber(1));
        assert!(rst.flags.rst());
        assert_eq!((rst.src, rst.dst), (conn.remote, conn.local));
        assert!(rst.payload.is_empty());
    }

    proptest! {
        /// RFC 5961 §3.2 / RFC 9293 §3.10.7.4: a RST outside the receive window must be
        /// ignored, so a non-matching forgery must land outside it whatever the numbers.
        #[test]
        fn non_matching_rst_is_outside_the_window_rfc_5961_section_3_2(
            rcv_nxt in any::<u32>(),
            rcv_wnd in 0u32..(1 << 30),
            snd_nxt in any::<u32>(),
            seed in any::<u64>(),
        ) {
            let conn = view(rcv_nxt, rcv_wnd, snd_nxt);
            let rst = forged_rst(&conn, false, &mut SplitMix64::new(seed));
            prop_assert!(!rst.seq.in_window(conn.rcv_nxt, rcv_wnd.max(1)));
            prop_assert_ne!(rst.ack, conn.snd_nxt);
        }
    }
}
