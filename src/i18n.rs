//! English and Italian (the original game was played in Italy). Every string a desk
//! component shows comes from [`t`] with a compile-checked [`Key`], so a missing translation
//! is a build error rather than a blank on the page.
//!
//! What stays the same in both languages, on purpose: flag names (SYN, ACK, …) and the TCP
//! state names and transition labels of RFC 9293 (students read them in the RFC itself).
//!
//! The engine's own sentences (the referee's explanations, router decisions, fault effects,
//! hints) come with their Italian twin ([`tcpip_stack::text::Text`]); [`said`] picks the
//! player's language and the views mark the sentence with the language it is really in,
//! so screen readers pronounce it correctly. A sentence the engine writes in English only
//! (a route's reason, a refusal that travelled as plain text) stays English, marked `en`.

use leptos::prelude::*;
use tcpip_stack::addr::PrefixError;
use tcpip_stack::card::Field;
use tcpip_stack::score::Goal;
use tcpip_stack::text::{Text, Words};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::slot::Slot;

/// `localStorage` key holding the chosen language code (`en` / `it`).
pub const STORAGE_KEY: &str = "tcpip.lang";

/// A language the game speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// The BCP 47 code, used for `localStorage`, `<option value>` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// Reads a stored code or a browser language tag (`it-IT` counts as Italian).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "it" => Some(Lang::It),
            _ => None,
        }
    }

    /// The language's name in itself, as language pickers conventionally show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }
}

/// Defines [`Key`] with the text of each key in both languages. A language's texts are laid
/// end to end in one string, with the offset where each ends, instead of a table of string
/// references (the bundle budget: the same lookup with a quarter of the table, 0.8 KB
/// gzipped). The keys after the `;` are the teacher's: only the screens of
/// `src/teacher.rs` say them, and their texts are in a table of their own, which only the
/// `teacher` feature (on by default, off for the students' join page, `join.html`)
/// compiles in — a student's page never shows those screens, so it does not download
/// their words.
macro_rules! texts {
    (
        $($(#[$doc:meta])* $key:ident => ($en:literal, $it:literal $(,)?),)*
        ;
        $($(#[$tdoc:meta])* $tkey:ident => ($ten:literal, $tit:literal $(,)?),)*
    ) => {
        /// Every string the desk components show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $key,)*
            $($(#[$tdoc])* $tkey,)*
        }

        /// How many keys every page has; the teacher's come after them.
        const SHARED: usize = [$(stringify!($key)),*].len();
        const EN: &str = concat!($($en),*);
        const IT: &str = concat!($($it),*);
        const EN_ENDS: &[u16] = &ends([$($en.len()),*]);
        const IT_ENDS: &[u16] = &ends([$($it.len()),*]);

        /// The teacher's texts, `i` counted from the first of them.
        #[cfg(feature = "teacher")]
        fn teacher_text(lang: Lang, i: usize) -> &'static str {
            const EN: &str = concat!($($ten),*);
            const IT: &str = concat!($($tit),*);
            const EN_ENDS: &[u16] = &ends([$($ten.len()),*]);
            const IT_ENDS: &[u16] = &ends([$($tit.len()),*]);
            match lang {
                Lang::En => laid_out(EN, EN_ENDS, i),
                Lang::It => laid_out(IT, IT_ENDS, i),
            }
        }
    };
}

/// Without the `teacher` feature (the students' page) a teacher's key says nothing: no
/// screen of that page uses one.
#[cfg(not(feature = "teacher"))]
fn teacher_text(_: Lang, _: usize) -> &'static str {
    ""
}

/// Text `i` of `texts`, laid end to end with `ends`.
fn laid_out(texts: &'static str, ends: &[u16], i: usize) -> &'static str {
    let start = i
        .checked_sub(1)
        .and_then(|before| ends.get(before))
        .map_or(0, |end| usize::from(*end));
    let end = ends.get(i).map_or(start, |end| usize::from(*end));
    texts.get(start..end).unwrap_or_default()
}

/// Where each text ends when the texts of a language are laid end to end.
const fn ends<const N: usize>(lengths: [usize; N]) -> [u16; N] {
    let mut out = [0; N];
    let mut end = 0;
    let mut i = 0;
    while i < N {
        end += lengths[i];
        assert!(
            end <= u16::MAX as usize,
            "a language's texts must stay under 64 KiB"
        );
        out[i] = end as u16;
        i += 1;
    }
    out
}

texts! {
    LanguageLabel => ("Language / Lingua", "Language / Lingua"),
    SrcIp => ("source IP", "IP sorgente"),
    DstIp => ("destination IP", "IP destinazione"),
    SrcPort => ("source port", "porta sorgente"),
    DstPort => ("destination port", "porta destinazione"),
    Flags => ("flags", "flag"),
    Seq => ("seq", "seq"),
    Ack => ("ack", "ack"),
    Data => ("data", "dati"),
    Ttl => ("TTL", "TTL"),
    IcmpType => ("ICMP type", "tipo ICMP"),
    IcmpCode => ("ICMP code", "codice ICMP"),
    Choice => ("choice", "scelta"),
    NextHop => ("next hop", "prossimo salto"),
    DnsId => ("DNS ID", "ID DNS"),
    DnsQr => ("QR", "QR"),
    DnsOpcode => ("opcode", "opcode"),
    DnsAa => ("AA", "AA"),
    DnsRd => ("RD", "RD"),
    DnsRa => ("RA", "RA"),
    DnsRcode => ("RCODE", "RCODE"),
    DnsQname => ("question name", "nome nella domanda"),
    DnsQtype => ("question type", "tipo nella domanda"),
    DnsQclass => ("question class", "classe nella domanda"),
    DnsAnswers => ("answers", "risposte"),
    Protocol => ("protocol", "protocollo"),
    InnerDstIp => ("inner destination IP", "IP destinazione interno"),
    InnerTtl => ("inner TTL", "TTL interno"),
    TcpCard => ("TCP card", "Carta TCP"),
    UdpCard => ("UDP card (DNS)", "Carta UDP (DNS)"),
    CardKindLabel => ("Which card", "Quale carta"),
    CardKindTcp => ("TCP", "TCP"),
    CardKindUdp => ("UDP (DNS)", "UDP (DNS)"),
    DnsFlags => ("DNS flags", "Flag DNS"),
    DnsQrHint => ("QR ticked: an answer; not ticked: a question", "QR spuntato: una risposta; non spuntato: una domanda"),
    DnsAnswersHint => (
        "one answer per line: name TTL address (red.game 300 10.0.1.1); blank on a question or NXDOMAIN",
        "una risposta per riga: nome TTL indirizzo (red.game 300 10.0.1.1); vuoto in una domanda o con NXDOMAIN",
    ),
    DnsRcodeHint => ("0: no error; 3: NXDOMAIN, the name does not exist", "0: nessun errore; 3: NXDOMAIN, il nome non esiste"),
    DnsPanel => ("DNS", "DNS"),
    DnsNoZone => ("This server has no zone.", "Questo server non ha una zona."),
    DnsZone => ("Your zone:", "La tua zona:"),
    DnsZoneRule => (
        "you answer for these names with AA ticked; any other name of the zone gets RCODE 3 (NXDOMAIN)",
        "rispondi per questi nomi con AA spuntato; ogni altro nome della zona riceve RCODE 3 (NXDOMAIN)",
    ),
    DnsName => ("name", "nome"),
    DnsAddress => ("address", "indirizzo"),
    DnsOwed => ("questions waiting for your answer:", "domande che aspettano la tua risposta:"),
    DnsAskAt => ("The DNS server is at", "Il server DNS è a"),
    DnsWaiting => ("Waiting for an answer:", "In attesa di una risposta:"),
    DnsFromPort => ("from your port", "dalla tua porta"),
    DnsLearned => ("Answers you believed:", "Risposte a cui hai creduto:"),
    DnsNxdomain => ("does not exist (NXDOMAIN)", "non esiste (NXDOMAIN)"),
    IcmpCard => ("ICMP card", "Carta ICMP"),
    Send => ("Send", "Invia"),
    ReplyTo => ("Reply to this card", "Rispondi a questa carta"),
    Answering => ("Answering:", "Stai rispondendo a:"),
    TtlHint => ("blank = 64", "vuoto = 64"),
    AckHint => (
        "blank is fine without the ACK flag",
        "può restare vuoto senza il flag ACK",
    ),
    FixMarked => (
        "The card was not sent: fix the marked boxes.",
        "La carta non è stata inviata: correggi le caselle segnate.",
    ),
    /// Leads an engine message shown in Italian, which the engine writes only in English.
    CheckThisBox => ("Check this box:", "Controlla questa casella:"),
    CorrectCard => ("Correct card", "Carta corretta"),
    Expected => ("expected", "atteso"),
    YouWrote => ("you wrote", "hai scritto"),
    Blank => ("(blank)", "(vuoto)"),
    Rule => ("Rule", "Regola"),
    CardReturned => ("Card returned", "Carta restituita"),
    MistakeOne => ("mistake", "errore"),
    MistakeMany => ("mistakes", "errori"),
    DiagramTitle => (
        "TCP state diagram (RFC 9293)",
        "Diagramma degli stati TCP (RFC 9293)",
    ),
    CurrentState => ("Current state", "Stato attuale"),
    NoConnection => ("no connection", "nessuna connessione"),
    LastTransition => ("Last transition", "Ultima transizione"),
    NoTransition => ("none yet", "nessuna finora"),
    // Desk screen (seat picker, host and router desks).
    CardSentVerdict => ("Card sent", "Carta inviata"),
    DeskHeading => ("Desk", "Scrivania"),
    NoGame => (
        "No game is running: start one first.",
        "Nessuna partita in corso: iniziane una.",
    ),
    YouArePlaying => ("You are playing", "Stai giocando"),
    NoHumanSeat => (
        "Every seat is played by a bot. Take a seat to play it at this desk.",
        "Tutti i posti sono giocati da un bot. Prendi un posto per giocarlo a questa scrivania.",
    ),
    OtherSeats => ("Take another seat", "Prendi un altro posto"),
    TakeSeat => ("Take this seat", "Prendi questo posto"),
    GiveBack => ("Give back to the bot", "Restituisci al bot"),
    KindClient => ("client", "client"),
    KindServer => ("server", "server"),
    KindDnsServer => ("DNS server", "server DNS"),
    KindBalancer => ("load balancer", "bilanciatore di carico"),
    BalancerRole => (
        "The game's load balancer: every connection to the service address passes you",
        "Il bilanciatore di carico della partita: ogni connessione all'indirizzo di servizio \
         passa da te",
    ),
    ServiceAddress => ("service address (VIP)", "indirizzo di servizio (VIP)"),
    CardsForVip => ("Cards for the service address", "Carte per l'indirizzo di servizio"),
    BalancerInboxEmpty => (
        "No card for the service address: wait for a client to connect to it.",
        "Nessuna carta per l'indirizzo di servizio: aspetta che un client vi si colleghi.",
    ),
    TunnelLegend => (
        "Wrap it whole for one backend (IP in IP)",
        "Avvolgila intera per un backend (IP in IP)",
    ),
    OuterHeader => ("The new outer IP header you write", "La nuova intestazione IP esterna che scrivi"),
    InnerHeader => (
        "The card's own IP header, which travels unchanged inside",
        "L'intestazione IP della carta, che viaggia dentro invariata",
    ),
    WrapAndSend => ("Wrap and send", "Avvolgi e invia"),
    InsideTheTunnel => ("inside: the card as its writer sent it", "dentro: la carta come l'ha spedita chi l'ha scritta"),
    Backends => ("Backends behind the service address", "Backend dietro l'indirizzo di servizio"),
    ConnectionTable => ("Your connection table", "La tua tabella delle connessioni"),
    ClientCol => ("client", "client"),
    BackendCol => ("backend", "backend"),
    NoFlows => (
        "No connection yet: the first card of a connection chooses its backend, and every \
         later card of it goes to the same one.",
        "Ancora nessuna connessione: la prima carta di una connessione sceglie il suo backend, e \
         ogni carta successiva va allo stesso.",
    ),
    DnsServerRole => (
        "The game's DNS server: every team asks you",
        "Il server DNS della partita: tutte le squadre chiedono a te",
    ),
    KindRouter => ("router", "router"),
    Inbox => ("Inbox", "Carte arrivate"),
    InboxEmpty => (
        "No card on your desk yet: the banner above says whether the next move is yours.",
        "Ancora nessuna carta sulla scrivania: il riquadro qui sopra dice se la prossima mossa \
         è tua.",
    ),
    CardFrom => ("Card from", "Carta da"),
    Forged => ("forged", "falsificata"),
    ArrivedAt => ("arrived at", "arrivata alle"),
    IcmpMeaning => ("meaning", "significato"),
    Quotes => ("quotes the card", "cita la carta"),
    QuotesBytes => ("quoted bytes", "byte citati"),
    NoneWritten => ("—", "—"),
    WriteNext => ("Your next card", "La tua prossima carta"),
    YourAddress => ("your address", "il tuo indirizzo"),
    Refused => ("Not done", "Non eseguito"),
    Connections => ("Your connections", "Le tue connessioni"),
    NoConnections => ("No connection yet.", "Ancora nessuna connessione."),
    Local => ("local", "locale"),
    Remote => ("remote", "remoto"),
    StateCol => ("state", "stato"),
    ShowOnDiagram => ("Show on the diagram", "Mostra sul diagramma"),
    AskHint => ("Ask for a hint", "Chiedi un suggerimento"),
    HintCosts => ("each hint adds", "ogni suggerimento aggiunge"),
    HintCostsEnd => ("to your team's race time", "al tempo di gara della squadra"),
    HintIs => ("Hint", "Suggerimento"),
    NewCardFrom => ("New card from", "Nuova carta da"),
    CardsToRoute => ("Cards to route", "Carte da instradare"),
    RouterInboxEmpty => (
        "No card to route: wait for one to arrive.",
        "Nessuna carta da instradare: aspetta che ne arrivi una.",
    ),
    Decide => ("Your decision", "La tua decisione"),
    Deliver => ("Deliver on the LAN", "Consegna sulla LAN"),
    ForwardTo => ("Forward to", "Inoltra a"),
    Gateway => ("gateway", "gateway"),
    NoGateway => (
        "no other router on the backbone",
        "nessun altro router sulla dorsale",
    ),
    AnswerUnreachable => (
        "Answer ICMP destination unreachable",
        "Rispondi ICMP destinazione irraggiungibile",
    ),
    CodeNet => ("net unreachable (0)", "rete irraggiungibile (0)"),
    CodeHost => ("host unreachable (1)", "host irraggiungibile (1)"),
    CodePort => ("port unreachable (3)", "porta irraggiungibile (3)"),
    CodeAdmin => (
        "administratively prohibited (13)",
        "vietato dall'amministratore (13)",
    ),
    AnswerTimeExceeded => ("Answer ICMP time exceeded", "Rispondi ICMP tempo scaduto"),
    DropCard => ("Drop", "Scarta"),
    KeepCard => ("Keep: it is for me", "Tienila: è per me"),
    RoundWord => ("Round", "Manche"),
    PutAside => ("Put aside", "Metti da parte"),
    EndedReset => ("reset: a RST with the right seq arrived", "azzerata: è arrivato un RST con il seq giusto"),
    EndedRefused => ("refused: nothing listens on that port", "rifiutata: su quella porta nessuno è in ascolto"),
    EndedTimedOut => ("no answer after every retransmission", "nessuna risposta dopo tutte le ritrasmissioni"),
    EndedUnreachable => ("an ICMP destination unreachable ended it", "l'ha chiusa un ICMP destinazione irraggiungibile"),
    EndedAborted => ("you aborted it with a RST", "l'hai interrotta con un RST"),
    EndedClosed => ("closed: both sides said goodbye", "chiusa: entrambi i lati si sono salutati"),
    RaceOver => ("Every round is done", "Tutte le manche sono finite"),
    SendBuffer => ("Send buffer: what your application wrote", "Buffer di invio: cosa ha scritto la tua applicazione"),
    PieceSent => ("sent", "inviato"),
    PieceWaiting => ("waiting in the buffer", "in attesa nel buffer"),
    InFlight => ("bytes unacknowledged in flight:", "byte non confermati in volo:"),
    NothingInFlight => ("nothing unacknowledged in flight", "niente di non confermato in volo"),
    StillToWrite => ("writes still to come:", "scritture ancora in arrivo:"),
    NagleOn => ("Nagle on", "Nagle attivo"),
    NagleOff => ("Nagle off (TCP_NODELAY)", "Nagle disattivato (TCP_NODELAY)"),
    RouterDid => ("What happened", "Cosa è successo"),
    RoutingTable => ("Routing table", "Tabella di instradamento"),
    TableEmpty => ("The table is empty.", "La tabella è vuota."),
    Prefix => ("prefix", "prefisso"),
    Interface => ("interface", "interfaccia"),
    Direct => ("directly connected", "connessa direttamente"),
    IfaceLan => ("LAN", "LAN"),
    IfaceBackbone => ("backbone", "dorsale"),
    RemoveRoute => ("Remove", "Rimuovi"),
    AddRoute => ("Add route", "Aggiungi rotta"),
    GatewayInvalid => (
        "the gateway must be an IPv4 address, e.g. 192.168.0.2",
        "il gateway deve essere un indirizzo IPv4, es. 192.168.0.2",
    ),
    // App shell (top bar, tabs).
    TabBoard => ("Board", "Tabellone"),
    TabLadder => ("Ladder", "Scala"),
    TabInstructor => ("Instructor", "Docente"),
    TabProjector => ("Projector", "Proiettore"),
    ViewsLabel => ("Views", "Viste"),
    GameTime => ("Game time", "Tempo di gioco"),
    Pause => ("Pause", "Pausa"),
    Resume => ("Resume", "Riprendi"),
    Speed => ("Speed", "Velocità"),
    NewGame => ("New game", "Nuova partita"),
    DiscardQuestion => (
        "Discard this game? Its cards, ladders and race are lost.",
        "Scartare questa partita? Le sue carte, le scale e la gara andranno perse.",
    ),
    DiscardConfirm => (
        "Discard and start a new game",
        "Scarta e inizia una nuova partita",
    ),
    KeepPlaying => ("Keep playing", "Continua a giocare"),
    // Start screen.
    Tagline1 => (
        "Be the network. Every player is a host — a client, a router or a telnet server — and writes the IP and TCP headers of every packet by hand, on a paper card.",
        "Diventa la rete. Ogni giocatore è un host — un client, un router o un server telnet — e scrive a mano, su una carta di carta, le intestazioni IP e TCP di ogni pacchetto.",
    ),
    Tagline2 => (
        "The referee checks every card and explains every mistake with its RFC, the cards fly across the network, and the instructor breaks it on purpose while teams race to finish the rounds.",
        "L'arbitro controlla ogni carta e spiega ogni errore con la sua RFC, le carte volano attraverso la rete e il docente la guasta apposta mentre le squadre gareggiano per finire le manche.",
    ),
    RoundsHeading => ("The seven rounds", "Le sette manche"),
    RoundsLead => (
        "As played at EuroPython 2017, one LAN per team: the router/switch is .254, the telnet server is .1 on port 23, everybody else is a client.",
        "Come a EuroPython 2017, una LAN per squadra: il router/switch è .254, il server telnet è .1 sulla porta 23, tutti gli altri sono client.",
    ),
    Play => ("Play", "Gioca"),
    Credits => (
        "After the paper-and-pen session by Danilo Abbasciano and Roberto Polli (EuroPython 2017, Rimini).",
        "Dalla sessione con carta e penna di Danilo Abbasciano e Roberto Polli (EuroPython 2017, Rimini).",
    ),
    Choose => ("Choose", "Scegli"),
    CardArtLabel => (
        "A paper packet card: from 10.0.1.2 port 40000 to 10.0.1.1 port 23, flag SYN, seq 0",
        "Una carta pacchetto di carta: da 10.0.1.2 porta 40000 a 10.0.1.1 porta 23, flag SYN, seq 0",
    ),
    Back => ("Back", "Indietro"),
    StartGame => ("Start the game", "Inizia la partita"),
    IsnExplained => (
        "ISN: the initial sequence number, the seq a side puts on its SYN. It is 0 in the \
         classroom game; real TCP picks it at random, so that nobody can guess the numbers of \
         a connection (RFC 9293 §3.4.1).",
        "ISN: il numero di sequenza iniziale, il seq che un lato mette sul suo SYN. Nel gioco in \
         classe è 0; il vero TCP lo sceglie a caso, così nessuno può indovinare i numeri di una \
         connessione (RFC 9293 §3.4.1).",
    ),
    RefereeReal => (
        "Real: cards go out as written and the network reacts",
        "Reale: le carte partono come sono scritte e la rete reagisce",
    ),
    PrintCardsHeading => (
        "TCP/IP Animated — packet cards",
        "TCP/IP Animated — carte pacchetto",
    ),
    /// The clock button of a classroom room that has never run (not the set-up form's
    /// [`Key::StartGame`]: this one starts the clock for the whole class).
    StartRoomClock => ("Start the game", "Avvia la partita"),
    // Pacing: freeze and explain, step card by card.
    FreezeNoteLabel => (
        "What you will explain (every screen shows it)",
        "Cosa spiegherai (compare su ogni schermo)",
    ),
    FreezeNotePlaceholder => (
        "e.g. Why did Red's SYN come back?",
        "es. Perché il SYN dei Rossi è tornato indietro?",
    ),
    FreezeGame => ("Freeze and explain", "Ferma e spiega"),
    StepMode => ("Step card by card", "Passo passo, carta per carta"),
    NextStep => ("Next card ▶", "Carta successiva ▶"),
    StepBanner => (
        "Step by step: write your card as usual; it moves when the instructor says next",
        "Passo passo: scrivi la tua carta come sempre; si muove quando l'insegnante dice avanti",
    ),
    Paused => ("paused", "in pausa"),
    Running => ("running", "in corso"),
    Team => ("Team", "Squadra"),
    Mistakes => ("Mistakes", "Errori"),
    Score => ("Score", "Punteggio"),
    FeedFault => ("Fault", "Guasto"),
    Rounds => ("Rounds", "Manche"),
    Time => ("Time", "Tempo"),
    CardNoFlag => ("no-flag", "nessun-flag"),
    CardSender => ("from", "da"),
    CardTo => ("to", "a"),
    CardLen => ("len", "lungh."),
    CardNoAckFlag => ("no ACK flag", "nessun flag ACK"),
    CardForged => ("forged", "falsa"),
    CardForgedWhy => (
        "yes: written by the attacker, not by its sender",
        "sì: scritta dall'attaccante, non dal suo mittente",
    ),
    CardHeldBack => ("held back on the link", "trattenuta sul collegamento"),
    CardFault => ("fault", "guasto"),
    CardHeldReorder => ("held back (reorder)", "trattenuta (riordino)"),
    CardHeld => ("held", "trattenuta"),
    CardDropped => ("dropped", "persa"),
    Penalty => ("penalty", "penalità"),
    AimAt => ("Aim at", "Bersaglio"),
    TeamLower => ("team", "squadra"),
    Fault => ("Fault", "Guasto"),
    InjectFault => ("Inject the fault", "Inserisci il guasto"),
    TargetTeam => ("a whole team", "un'intera squadra"),
    // Ladder.
    LaddersLabel => (
        "Ladder diagrams of the connections",
        "Diagrammi a scala delle connessioni",
    ),
    NoCardYet => (
        "No card has been written yet.",
        "Non è ancora stata scritta nessuna carta.",
    ),
    LadderGameTime => ("game time", "tempo di gioco"),
    LadderHint => (
        "Choose an arrow (click it, or Tab to it and press Enter) to read its card.",
        "Scegli una freccia (cliccala, o raggiungila con Tab e premi Invio) per leggerne la carta.",
    ),
    MarkMistake => ("✗ mistake", "✗ errore"),
    MarkSentBack => ("sent back", "restituita"),
    MarkSentAgain => ("sent again", "rimandata"),
    LTime => ("time", "ora"),
    WrittenBy => ("written by", "scritta da"),
    Source => ("source", "sorgente"),
    Destination => ("destination", "destinazione"),
    Length => ("length", "lunghezza"),
    Marks => ("marks", "segni"),
    Dropped => ("dropped", "persa"),
    NoneWord => ("none", "nessuno"),
    NoAckFlag => ("— (no ACK flag)", "— (senza flag ACK)"),
    NeverLeftDesk => (
        "never left the desk (sent back by the referee)",
        "mai partita dalla scrivania (restituita dall'arbitro)",
    ),
    Got => ("got", "scritto"),
    // Board.
    BoardLabel => ("Board", "Tabellone"),
    BoardNoGame => (
        "No game is running: start one to see the board.",
        "Nessuna partita in corso: iniziane una per vedere il tabellone.",
    ),
    BoardTeamAbsent => (
        "This team is not in the game.",
        "Questa squadra non è in gioco.",
    ),
    Backbone => ("backbone", "dorsale"),
    BackboneAnchor => (
        "backbone: to the other teams",
        "dorsale: verso le altre squadre",
    ),
    YouPlayThisNode => ("you play this node", "giochi tu questo nodo"),
    You => ("you", "tu"),
    LegendLabel => ("Legend of the board", "Legenda del tabellone"),
    LegendTcp => (
        "TCP card: its flags as tcpdump writes them (S = SYN, . = ACK, P = PSH, F = FIN, R = RST). Hover or focus a card to flip it and read every field.",
        "Carta TCP: i suoi flag come li scrive tcpdump (S = SYN, . = ACK, P = PSH, F = FIN, R = RST). Passa sopra una carta o dalle il focus per girarla e leggerne ogni campo.",
    ),
    LegendIcmp => (
        "ICMP card (triangle badge): a router's error report, e.g. destination unreachable.",
        "Carta ICMP (contrassegno a triangolo): la segnalazione d'errore di un router, ad es. destinazione irraggiungibile.",
    ),
    LegendForged => (
        "Forged card: written by an attacker, not by the host it claims to come from.",
        "Carta falsificata: scritta da un attaccante, non dall'host da cui dice di provenire.",
    ),
    LegendDelayed => (
        "Delayed card: it stops on its link and goes on when the countdown ends.",
        "Carta ritardata: si ferma sul suo collegamento e riparte alla fine del conto alla rovescia.",
    ),
    LegendHeld => (
        "Held card: kept back on its link until a later card overtakes it.",
        "Carta trattenuta: resta ferma sul collegamento finché una carta successiva non la sorpassa.",
    ),
    LegendDropped => (
        "Dropped card: it fell off the link and never arrives; the sender's timer must send it again.",
        "Carta persa: è caduta dal collegamento e non arriva mai; il timer del mittente deve rispedirla.",
    ),
    LegendNodes => (
        "Router/switch, telnet server (.1), client. Dashed lines are the backbone between routers.",
        "Router/switch, server telnet (.1), client. Le linee tratteggiate sono la dorsale tra i router.",
    ),
    KindRouterSwitch => ("router/switch", "router/switch"),
    KindTelnetServer => ("telnet server", "server telnet"),
    // Classroom.
    Classroom => ("Classroom", "In classe"),
    ClassroomLead => (
        "Playing with your class? Join the room your instructor opened: its code is on the projector.",
        "Giochi con la classe? Entra nella stanza aperta dall'insegnante: il codice è sul proiettore.",
    ),
    RoomCodeLabel => ("Room code", "Codice della stanza"),
    YourName => ("Your name", "Il tuo nome"),
    JoinRoom => ("Join the room", "Entra nella stanza"),
    JoiningRoom => ("Joining the room…", "Ingresso nella stanza…"),
    NameEmpty => (
        "Write the name the others will see.",
        "Scrivi il nome che vedranno gli altri.",
    ),
    NameTooLong => (
        "The name is too long: at most 40 characters.",
        "Il nome è troppo lungo: al massimo 40 caratteri.",
    ),
    NameControl => (
        "No line breaks or control characters in the name.",
        "Niente a capo o caratteri di controllo nel nome.",
    ),
    TeacherHint => (
        "Teaching? Choose a scenario under Play, then “Open a classroom room”.",
        "Insegni? Scegli uno scenario sotto Gioca, poi «Apri una stanza per la classe».",
    ),
    TeacherHintJoinPage => (
        "Teaching? Rooms are opened from",
        "Insegni? Le stanze si aprono dalla",
    ),
    JoinPageNoServer => (
        "This page is for joining a classroom room, and no classroom server answers here. A game on one computer is played from",
        "Questa pagina serve a entrare in una stanza della classe, e qui non risponde nessun server della classe. Una partita su un solo computer si gioca dalla",
    ),
    JoinPageWholeGame => (
        "the whole game’s page",
        "pagina del gioco completo",
    ),
    RejoiningRoom => ("Getting back into room", "Rientro nella stanza"),
    ForgetRoom => ("Forget this room", "Dimentica questa stanza"),
    CouldNotRejoin => (
        "Could not get back into the room:",
        "Impossibile rientrare nella stanza:",
    ),
    RoomWord => ("Room", "Stanza"),
    ConnectionLabel => ("Connection", "Connessione"),
    LinkConnecting => ("connecting…", "connessione…"),
    LinkOnline => ("connected", "connesso"),
    LinkReconnecting => ("reconnecting…", "riconnessione…"),
    Attempt => ("attempt", "tentativo"),
    YouAre => ("You are", "Sei"),
    YouAreWatching => (
        "You are watching: the instructor has not given you a seat (yet).",
        "Stai guardando: l'insegnante non ti ha (ancora) dato un posto.",
    ),
    LeaveRoom => ("Leave the room", "Esci dalla stanza"),
    LeaveQuestion => (
        "Leave this room? Your seat stays in the game; you can join again with the code.",
        "Uscire da questa stanza? Il tuo posto resta in gioco; puoi rientrare con il codice.",
    ),
    LeaveQuestionInstructor => (
        "Leave this room? It goes on without you; this browser keeps the instructor's key, so you can return to it from the start screen.",
        "Uscire da questa stanza? Continua senza di te; questo browser conserva la chiave dell'insegnante, così puoi tornarci dalla schermata iniziale.",
    ),
    LeaveConfirm => ("Leave", "Esci"),
    Stay => ("Stay", "Resta"),
    RoomOver => ("This room is over", "Questa stanza è chiusa"),
    RoomEndedByInstructor => (
        "The instructor ended the room.",
        "L'insegnante ha chiuso la stanza.",
    ),
    BackToStart => ("Back to the start screen", "Torna alla schermata iniziale"),
    DownloadRoomLog => ("Download the room log", "Scarica il registro della stanza"),
    ServerSays => ("The server says:", "Il server dice:"),
    Dismiss => ("Dismiss", "Chiudi"),
    // The debrief at the end of a game.
    DebriefTitle => ("The game is over", "La partita è finita"),
    PodiumHeading => ("Podium", "Podio"),
    OtherTeams => ("The other teams", "Le altre squadre"),
    CommonMistakes => ("Common mistakes", "Errori più comuni"),
    NoMistakes => (
        "Nobody wrote a card the referee found wrong.",
        "Nessuno ha scritto una carta che l'arbitro abbia trovato sbagliata.",
    ),
    Written => ("written", "scritto"),
    ReplayHeading => ("Replay", "Rivedi la partita"),
    // The instructor at a seat a student plays (`desk/held.rs`).
    PlayForThemQuestion => (
        "Play this seat yourself? Every card you send goes out as theirs, and their desk says the instructor played it.",
        "Giocare tu questo posto? Ogni carta che invii parte come sua, e la sua scrivania dice che l'ha giocata l'insegnante.",
    ),
    PlayForThemConfirm => ("Yes, play it", "Sì, giocalo"),
    KeepReadOnly => ("Only watch", "Guarda soltanto"),
    StopPlayingForThem => ("Back to watching", "Torna a guardare"),
    InstructorPlayedForYou => (
        "The instructor played a card at your seat:",
        "L'insegnante ha giocato una carta al tuo posto:",
    ),
    // The board of a class: tiles, zoom.
    BoardZoomTeam => ("show this team's LAN large", "mostra in grande la LAN di questa squadra"),
    BoardBackToAll => ("← All teams", "← Tutte le squadre"),
    BoardZoomLabel => ("Zoom of the board", "Zoom del tabellone"),
    BoardZoomIn => ("Zoom in", "Ingrandisci"),
    BoardZoomOut => ("Zoom out", "Riduci"),
    BoardFit => ("Whole board", "Tabellone intero"),
    BotsOnly => ("bots", "solo bot"),
    ;
    // Only the teacher's screens say these (the files `src/teacher.rs` reaches); the
    // students' page is built without them.
    BalancerSeat => ("Load balancer", "Bilanciatore di carico"),
    DnsServerSeat => ("DNS server", "Server DNS"),
    AutoplayAsk => (
        "The demo gives every seat to the bots, the seats people play too. Start it?",
        "La dimostrazione dà ogni posto ai bot, anche quelli delle persone. Avviarla?",
    ),
    AutoplayConfirm => ("Yes, bots play every seat", "Sì, i bot giocano ogni posto"),
    BotsWait => (
        "Bot teams wait for the people: never more than a round ahead",
        "Le squadre dei bot aspettano le persone: mai più di una manche avanti",
    ),
    PrintLink => (
        "Print blank packet cards and role sheets",
        "Stampa le carte pacchetto vuote e le schede dei ruoli",
    ),
    PrintLinkEnd => (
        " for a classroom without devices.",
        " per una classe senza dispositivi.",
    ),
    DiscardSaved => ("Discard the saved game", "Scarta la partita salvata"),
    ChooseScenario => ("Choose a scenario:", "Scegli uno scenario:"),
    LoadScenarioFile => (
        "Or load a scenario file (TOML)",
        "Oppure carica un file di scenario (TOML)",
    ),
    FileUnreadable => (
        "the file could not be read as text",
        "il file non si può leggere come testo",
    ),
    FileProblems => (
        "This scenario file has problems:",
        "Questo file di scenario ha dei problemi:",
    ),
    TeamsLabel => ("Teams: ", "Squadre: "),
    RoundsLabel => ("Rounds: ", "Manche: "),
    // Set-up.
    TeamsAndSeats => ("Teams and seats", "Squadre e posti"),
    SeatsHint => (
        "Tick the seats people play; the others are played by bots. Several seats can be played on this computer in turn (hot-seat).",
        "Spunta i posti giocati da persone; gli altri li gioca un bot. Più posti si possono giocare a turno su questo computer (hot-seat).",
    ),
    TeamName => ("Team name", "Nome della squadra"),
    TelnetServer => ("Telnet server", "Server telnet"),
    PlayedByPerson => (" — played by a person", " — giocato da una persona"),
    Settings => ("Settings", "Impostazioni"),
    IsnLabel => ("Initial sequence numbers (ISN)", "Numeri di sequenza iniziali (ISN)"),
    IsnZero => (
        "Zero (as in the classroom game)",
        "Zero (come nel gioco in classe)",
    ),
    IsnRandom => (
        "Random (as in real TCP, RFC 9293 §3.4.1)",
        "Casuali (come nel vero TCP, RFC 9293 §3.4.1)",
    ),
    NagleLabel => ("Nagle's algorithm (round 9)", "Algoritmo di Nagle (manche 9)"),
    RefereeLabel => ("Referee", "Arbitro"),
    RefereeCoach => (
        "Coach: a wrong card comes back with the explanation",
        "Allenatore: una carta sbagliata torna indietro con la spiegazione",
    ),
    // Print view.
    BackToGame => ("← Back to the game", "← Torna alla partita"),
    Print => ("Print", "Stampa"),
    PrintRolesHeading => (
        "TCP/IP Animated — role sheets",
        "TCP/IP Animated — schede dei ruoli",
    ),
    TheRounds => ("The rounds", "Le manche"),
    // Instructor.
    InstructorLabel => ("Instructor", "Docente"),
    LeaveProjector => ("Leave the projector view", "Esci dalla vista proiettore"),
    GameControls => ("Game controls", "Comandi della partita"),
    PauseGame => ("Pause the game", "Metti in pausa la partita"),
    ResumeGame => ("Resume the game", "Riprendi la partita"),
    AutoplayDemo => ("Autoplay demo", "Demo automatica"),
    ProjectorView => ("Projector view", "Vista proiettore"),
    AutoplayStartedBut => ("Autoplay started, but:", "Demo automatica avviata, però:"),
    Progress => ("Progress", "Avanzamento"),
    ProgressCaption => (
        "Time each team reached each round (mm:ss of game time), mistakes, hints and score",
        "Quando ogni squadra ha raggiunto ogni manche (mm:ss di tempo di gioco), errori, suggerimenti e punteggio",
    ),
    Hints => ("Hints", "Suggerimenti"),
    ReachedAt => ("reached at ", "raggiunta a "),
    NotYet => ("not yet", "non ancora"),
    LiveFeed => ("Live feed", "Cronaca in diretta"),
    NothingYet => ("Nothing to report yet.", "Ancora niente da segnalare."),
    FeedMistake => ("Mistake", "Errore"),
    FeedGoal => ("Goal", "Obiettivo"),
    Leaderboard => ("Leaderboard", "Classifica"),
    NoneYet => ("none yet", "ancora nessuna"),
    RoomsYouRun => ("Rooms you run", "Stanze che gestisci"),
    RoomsYouRunLead => (
        "You left these rooms without ending them: they go on, and this browser still holds their instructor's key.",
        "Sei uscito da queste stanze senza chiuderle: continuano, e questo browser conserva la loro chiave dell'insegnante.",
    ),
    ReturnToRoom => ("Return to room", "Torna alla stanza"),
    ForgetRunRoom => ("Forget room", "Dimentica la stanza"),
    BreakTheNetwork => ("Break the network", "Guasta la rete"),
    FirstTeam => ("first team", "prima squadra"),
    SecondTeam => ("second team", "seconda squadra"),
    ClientLower => ("client", "client"),
    DelaySeconds => (
        "delay (seconds of game time)",
        "ritardo (secondi di tempo di gioco)",
    ),
    RouteOfRouter => (
        "route of the team's router",
        "rotta del router della squadra",
    ),
    NoRouteListed => ("(this router has no route)", "(questo router non ha rotte)"),
    Done => ("Done", "Fatto"),
    NotInjected => ("Not injected:", "Non inserito:"),
    TargetConnection => ("one client's connection", "la connessione di un client"),
    TargetLink => (
        "the link between two teams",
        "il collegamento tra due squadre",
    ),
    IcmpCodeAdminLong => (
        "communication administratively prohibited (13)",
        "comunicazione vietata dall'amministratore (13)",
    ),
    ErrLinkSameTeam => (
        "a link joins two different teams: pick a second team",
        "un collegamento unisce due squadre diverse: scegli una seconda squadra",
    ),
    ErrNoRoute => (
        "pick the route to remove: the target team's router has none listed",
        "scegli la rotta da rimuovere: il router della squadra bersaglio non ne ha",
    ),
    Exports => ("Exports", "Esportazioni"),
    PcapAll => ("pcap of everything", "pcap di tutto"),
    GameLogJson => ("game log (JSON)", "registro della partita (JSON)"),
    ResultsCsv => ("results (CSV)", "risultati (CSV)"),
    NotSaved => ("Not saved:", "Non salvato:"),
    NoGameRunning => ("no game is running", "nessuna partita in corso"),
    OpenRoom => ("Open a classroom room", "Apri una stanza per la classe"),
    OpenRoomHint => (
        "Or run this game for a whole class: in a classroom room every student joins from their own device and takes a free seat as they arrive. The seats ticked above only apply to a game on this computer.",
        "Oppure fai giocare tutta la classe: in una stanza per la classe ogni studente entra dal proprio dispositivo e prende un posto libero appena arriva. I posti spuntati sopra valgono solo per una partita su questo computer.",
    ),
    OpeningRoom => ("Opening the room…", "Apertura della stanza…"),
    RoomPanel => ("Classroom room", "Stanza della classe"),
    JoinCode => ("Join code", "Codice per entrare"),
    JoinAt => ("Students open", "Gli studenti aprono"),
    QrAlt => ("QR code of the join link", "Codice QR del link per entrare"),
    Roster => ("People in the room", "Persone nella stanza"),
    PersonCol => ("Name", "Nome"),
    SeatCol => ("Seat", "Posto"),
    SeatOf => ("Seat of", "Posto di"),
    MoveTo => ("Move to", "Sposta in"),
    Watching => ("watching", "guarda"),
    InstructorWord => ("instructor", "insegnante"),
    Online => ("online", "in linea"),
    Offline => ("offline", "non in linea"),
    NobodyJoined => ("Nobody has joined yet.", "Non è ancora entrato nessuno."),
    EndRoom => ("End the room", "Chiudi la stanza"),
    EndQuestion => (
        "End the room for everybody? The game stops; its log stays on the server to download.",
        "Chiudere la stanza per tutti? La partita si ferma; il suo registro resta sul server da scaricare.",
    ),
    EndConfirm => ("End it", "Chiudila"),
    KeepOpen => ("Keep it open", "Lasciala aperta"),
    RemovePerson => ("Remove", "Togli"),
    RemoveQuestion => (
        "Remove this person from the room? Their page is disconnected, their seat goes back to its bot, and they cannot come back with it.",
        "Togliere questa persona dalla stanza? La sua pagina viene scollegata, il suo posto torna al suo bot e non può più rientrare da lì.",
    ),
    RemoveConfirm => ("Remove them", "Toglila"),
    KeepThem => ("Keep them", "Lasciala"),
    LockRoom => ("Lock the room", "Chiudi a chiave la stanza"),
    UnlockRoom => ("Let people join again", "Lascia entrare di nuovo"),
    EndGame => ("End the game", "Termina la partita"),
    EndGameQuestion => (
        "End this game and show the debrief? The clock stops for good.",
        "Terminare questa partita e mostrare il riepilogo? L'orologio si ferma per sempre.",
    ),
    EndGameConfirm => ("End the game", "Termina la partita"),
    MistakesCsv => ("Common mistakes (CSV)", "Errori più comuni (CSV)"),
    // The teacher's lesson guide (`guide.rs`).
    GuideLink => ("Lesson guide for the teacher", "Guida alla lezione per l'insegnante"),
    GuideLinkEnd => (
        ": a 45-minute plan with the faults to inject and the questions to ask, and a second lesson on retransmission, buffering, DNS and a load balancer; printable.",
        ": un piano di 45 minuti con i guasti da inserire e le domande da fare, e una seconda lezione su ritrasmissione, buffering, DNS e un bilanciatore di carico; stampabile.",
    ),
    GuideHeading => (
        "TCP/IP Animated — lesson guide",
        "TCP/IP Animated — guida alla lezione",
    ),
    GuideLead => (
        "A 45-minute lesson in the order the original session ran it (EuroPython 2017): the seven rounds, a fault to break the network on purpose in most of them, the question to ask the class after it, and a debrief.",
        "Una lezione di 45 minuti nell'ordine della sessione originale (EuroPython 2017): le sette manche, in quasi tutte un guasto per rompere la rete apposta, la domanda da fare alla classe subito dopo, e una discussione finale.",
    ),
    GuideHowToRun => ("How to run it", "Come condurla"),
    GuidePlan => ("The plan, minute by minute", "Il piano, minuto per minuto"),
    GuideSay => ("Say", "Di'"),
    GuideWatch => ("Watch on the projector", "Guarda sul proiettore"),
    GuideInject => ("Inject:", "Inserisci:"),
    GuideAsk => ("Ask the class:", "Chiedi alla classe:"),
    GuideExpect => ("Expect:", "Risposta attesa:"),
    GuideDebrief => ("Debrief (after the last round)", "Discussione finale (dopo l'ultima manche)"),
    GuideFurther => (
        "Going further: a second lesson (40 minutes)",
        "Per andare oltre: una seconda lezione (40 minuti)",
    ),
    GuideFurtherLead => (
        "The steps the original session named next: a card lost on the way, bytes that wait to travel together, a name asked of a DNS server before connecting, and one address served by two servers behind a load balancer. Add rounds 8, 9 and 10 to a game in the set-up’s list of rounds (round 10 brings the DNS server as one more seat), or open their scenarios (retransmit, nagle, dns); round 11 needs a load balancer, so play it in the balancer scenario.",
        "I passi che la sessione originale indicava come successivi: una carta persa per strada, byte che aspettano per viaggiare insieme, un nome chiesto a un server DNS prima di connettersi, e un indirizzo servito da due server dietro un bilanciatore di carico. Aggiungi le manche 8, 9 e 10 a una partita nell’elenco delle manche della preparazione (la manche 10 porta il server DNS come posto in più), o apri i loro scenari (retransmit, nagle, dns); la manche 11 ha bisogno di un bilanciatore di carico, quindi giocala nello scenario balancer.",
    ),
    PrintGuide => ("Print the guide", "Stampa la guida"),
    ClassLegend => ("Teams for your class", "Squadre per la tua classe"),
    ClassHint => (
        "Type how many students you have and the game proposes teams of 3 or 4, or choose the teams and clients yourself. Every team is its clients, a telnet server and a router/switch. In a classroom room students take the seats as they join; a seat nobody takes is played by its bot.",
        "Scrivi quanti studenti hai e il gioco propone squadre di 3 o 4, oppure scegli tu squadre e client. Ogni squadra è fatta dei suoi client, di un server telnet e di un router/switch. In una stanza di classe gli studenti prendono i posti man mano che entrano; un posto che nessuno prende lo gioca il suo bot.",
    ),
    ClassSize => ("Students in the class", "Studenti nella classe"),
    TeamsCount => ("Teams", "Squadre"),
    ClientsPerTeam => ("Clients per team", "Client per squadra"),
    RoundsLegend => ("Rounds to play", "Manche da giocare"),
    RoundsHint => (
        "Untick a round to leave it out; the arrows change the order the teams race through them.",
        "Togli la spunta per saltare una manche; le frecce cambiano l'ordine in cui le squadre le corrono.",
    ),
    MoveUp => ("Move up", "Sposta su"),
    MoveDown => ("Move down", "Sposta giù"),
    PeopleOnlyTeam => (
        "Only people play this team: no bot plays its seats",
        "Questa squadra la giocano solo persone: nessun bot gioca i suoi posti",
    ),
    AddTeam => ("Add a team", "Aggiungi una squadra"),
    AddTeamHint => (
        "The people watching sit in the new team; everybody's page follows the larger game.",
        "Chi guarda si siede nella nuova squadra; la pagina di tutti segue la partita più grande.",
    ),
    AddTeamStarted => (
        "A team can be added only before the game starts.",
        "Si può aggiungere una squadra solo prima che la partita cominci.",
    ),
    // The projector's wall.
    ProjectFullScreen => ("Project full screen", "Proietta a schermo intero"),
    WallJoined => ("Joined", "Sono entrati"),
    WallLatest => ("Latest rounds reached", "Ultime manche raggiunte"),
    WallFinal => ("Final standings", "Classifica finale"),
    WallPage => ("Page", "Pagina"),
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let i = key as usize;
    if let Some(teachers) = i.checked_sub(SHARED) {
        return teacher_text(lang, teachers);
    }
    match lang {
        Lang::En => laid_out(EN, EN_ENDS, i),
        Lang::It => laid_out(IT, IT_ENDS, i),
    }
}

/// The key of a card box's label, so the engine's `Field` is shown in the player's language.
pub fn field_key(field: Field) -> Key {
    match field {
        Field::SrcIp => Key::SrcIp,
        Field::DstIp => Key::DstIp,
        Field::SrcPort => Key::SrcPort,
        Field::DstPort => Key::DstPort,
        Field::Flags => Key::Flags,
        Field::Seq => Key::Seq,
        Field::Ack => Key::Ack,
        Field::Data => Key::Data,
        Field::Ttl => Key::Ttl,
        Field::IcmpType => Key::IcmpType,
        Field::IcmpCode => Key::IcmpCode,
        Field::Choice => Key::Choice,
        Field::NextHop => Key::NextHop,
        Field::DnsId => Key::DnsId,
        Field::DnsQr => Key::DnsQr,
        Field::DnsOpcode => Key::DnsOpcode,
        Field::DnsAa => Key::DnsAa,
        Field::DnsRd => Key::DnsRd,
        Field::DnsRa => Key::DnsRa,
        Field::DnsRcode => Key::DnsRcode,
        Field::DnsQname => Key::DnsQname,
        Field::DnsQtype => Key::DnsQtype,
        Field::DnsQclass => Key::DnsQclass,
        Field::DnsAnswers => Key::DnsAnswers,
        Field::Protocol => Key::Protocol,
        Field::InnerDstIp => Key::InnerDstIp,
        Field::InnerTtl => Key::InnerTtl,
    }
}

/// A round's title in `lang`, as the engine names it in both languages.
pub fn goal_title(lang: Lang, goal: Goal) -> &'static str {
    words(lang, goal.title())
}

/// What a team must do to reach a round, in one sentence, in `lang`: the engine's
/// [`Goal::explain`], which the engine's hints quote too.
pub fn goal_explain(lang: Lang, goal: Goal) -> &'static str {
    words(lang, goal.explain())
}

/// A fixed sentence of the engine in `lang`.
pub fn words(lang: Lang, w: Words) -> &'static str {
    match lang {
        Lang::En => w.en,
        Lang::It => w.it,
    }
}

/// An engine sentence in `lang` when the engine wrote it in that language (its Italian
/// twin), else its English; with the language it is in, for the `lang` attribute.
pub fn said(lang: Lang, text: &Text) -> (&str, Lang) {
    match (lang, text.it.as_deref()) {
        (Lang::It, Some(it)) => (it, Lang::It),
        _ => (text.en.as_str(), Lang::En),
    }
}

/// An engine sentence as a `<span lang=…>` in `lang` (see [`said`]), with `class`.
pub fn said_view(lang: Lang, text: &Text, class: &'static str) -> impl IntoView + use<> {
    let (sentence, actual) = said(lang, text);
    view! { <span class=class lang=actual.code()>{sentence.to_string()}</span> }
}

/// Why a typed prefix is not one, in `lang`: the engine's English ([`PrefixError`]'s
/// `Display`, which the command line prints too) or its Italian twin.
pub fn prefix_error(lang: Lang, e: PrefixError) -> String {
    let words = e.words();
    String::from(match lang {
        Lang::En => words.en,
        Lang::It => words.it,
    })
}

/// "1. Handshake": a round's number and title, as tables and lists show it.
pub fn goal_heading(lang: Lang, goal: Goal) -> String {
    format!("{}. {}", goal.number(), goal_title(lang, goal))
}

/// "reached round 1: Handshake", a live-feed line.
pub fn reached_round(lang: Lang, goal: Goal) -> String {
    let title = goal_title(lang, goal);
    match lang {
        Lang::En => format!("reached round {}: {title}", goal.number()),
        Lang::It => format!("ha raggiunto la manche {}: {title}", goal.number()),
    }
}

/// A seat of the set-up form: "Client Alice 10.0.1.2" (names are player text).
pub fn client_seat(lang: Lang, name: &str, addr: &str) -> String {
    match lang {
        Lang::En | Lang::It => format!("Client {name} {addr}"),
    }
}

/// What each role does on paper, for the print view's role sheets: (role, duties).
pub fn role_sheets(lang: Lang) -> [(&'static str, &'static [&'static str]); 3] {
    match lang {
        Lang::En => [
            (
                "Client (a user, .2 and up)",
                &[
                    "Open a connection to your team's telnet server (.1, port 23): write a SYN.",
                    "Pick a source port above 1024 and keep it for the whole connection.",
                    "Every card goes to your router/switch (.254) first.",
                    "After the handshake every card carries ACK; ack = the next byte you expect.",
                    "Data: seq = your next byte; the server answers ack = seq + number of bytes.",
                    "Goodbye: FIN, wait for their ACK and FIN, ACK it, then wait in TIME-WAIT.",
                ],
            ),
            (
                "Router/switch (.254)",
                &[
                    "Take every card that reaches you and read its destination IP.",
                    "On your LAN: hand it to that host. Another LAN: to the next router, \
                     following your routing table (the longest prefix that matches wins).",
                    "No route: send back an ICMP destination unreachable (type 3, code 0) \
                     quoting the card's IP header and first 8 bytes — never an ICMP about an ICMP.",
                    "Subtract 1 from the TTL on every hop; at 0 send ICMP time exceeded (type 11).",
                ],
            ),
            (
                "Telnet server (.1, listening on port 23)",
                &[
                    "A SYN to port 23: answer SYN+ACK, ack = their seq + 1 (a SYN counts as one).",
                    "Data: answer ACK with ack = their seq + the number of bytes received.",
                    "A SYN to a port nobody listens on (80): answer RST+ACK, seq 0, ack = their seq + 1 \
                     (connection refused).",
                    "A RST whose numbers do not match the connection: ignore it.",
                    "Their FIN: ACK it, then send your own FIN when you are done.",
                ],
            ),
        ],
        Lang::It => [
            (
                "Client (un utente, da .2 in su)",
                &[
                    "Apri una connessione verso il server telnet della tua squadra (.1, porta 23): \
                     scrivi un SYN.",
                    "Scegli una porta sorgente sopra 1024 e tienila per tutta la connessione.",
                    "Ogni carta va prima al tuo router/switch (.254).",
                    "Dopo l'handshake ogni carta porta ACK; ack = il prossimo byte che ti aspetti.",
                    "Dati: seq = il tuo prossimo byte; il server risponde ack = seq + numero di byte.",
                    "Arrivederci: FIN, aspetta il loro ACK e FIN, conferma con ACK, poi aspetta \
                     in TIME-WAIT.",
                ],
            ),
            (
                "Router/switch (.254)",
                &[
                    "Prendi ogni carta che ti arriva e leggi il suo IP di destinazione.",
                    "Sulla tua LAN: consegnala a quell'host. Un'altra LAN: al router successivo, \
                     secondo la tua tabella di instradamento (vince il prefisso più lungo che \
                     corrisponde).",
                    "Nessuna rotta: rimanda un ICMP destinazione irraggiungibile (tipo 3, codice 0) \
                     che cita l'intestazione IP e i primi 8 byte della carta — mai un ICMP su un ICMP.",
                    "Togli 1 al TTL a ogni salto; a 0 invia ICMP tempo scaduto (tipo 11).",
                ],
            ),
            (
                "Server telnet (.1, in ascolto sulla porta 23)",
                &[
                    "Un SYN alla porta 23: rispondi SYN+ACK, ack = il loro seq + 1 (un SYN conta \
                     come uno).",
                    "Dati: rispondi ACK con ack = il loro seq + il numero di byte ricevuti.",
                    "Un SYN a una porta dove nessuno ascolta (80): rispondi RST+ACK, seq 0, ack = \
                     il loro seq + 1 (connessione rifiutata).",
                    "Un RST i cui numeri non corrispondono alla connessione: ignoralo.",
                    "Il loro FIN: confermalo con ACK, poi invia il tuo FIN quando hai finito.",
                ],
            ),
        ],
    }
}

/// "Eve plays this seat", on the instructor's desk at a seat a student holds (names are
/// player text).
pub fn plays_this_seat(lang: Lang, name: &str, online: bool) -> String {
    match (lang, online) {
        (Lang::En, true) => format!("{name} plays this seat: you are watching their desk."),
        (Lang::En, false) => {
            format!("{name} plays this seat (offline now): you are watching their desk.")
        }
        (Lang::It, true) => format!("{name} gioca questo posto: stai guardando la sua scrivania."),
        (Lang::It, false) => format!(
            "{name} gioca questo posto (ora non in linea): stai guardando la sua scrivania."
        ),
    }
}

/// "Play this seat for Eve", the button that unlocks the desk (names are player text).
pub fn play_for(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Play this seat for {name}"),
        Lang::It => format!("Gioca tu questo posto per {name}"),
    }
}

/// "You are playing this seat for Eve": the desk is unlocked.
pub fn playing_for(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("You are playing this seat for {name}: they see your cards."),
        Lang::It => format!("Stai giocando questo posto per {name}: vede le tue carte."),
    }
}

/// "Blank packet card 3", the accessible name of a printed card.
pub fn blank_card_label(lang: Lang, n: u32) -> String {
    match lang {
        Lang::En => format!("Blank packet card {n}"),
        Lang::It => format!("Carta pacchetto vuota {n}"),
    }
}

/// The instructor's clock line: "paused · speed 100%".
pub fn clock_line(lang: Lang, paused: bool, speed: u32) -> String {
    let state = t(lang, if paused { Key::Paused } else { Key::Running });
    match lang {
        Lang::En => format!("{state} · speed {speed}%"),
        Lang::It => format!("{state} · velocità {speed}%"),
    }
}

/// The autoplay confirmation.
pub fn autoplay_started(lang: Lang, speed: u32) -> String {
    match lang {
        Lang::En => format!("Autoplay: every seat is a bot, speed {speed}%."),
        Lang::It => format!("Demo automatica: ogni posto è un bot, velocità {speed}%."),
    }
}

/// The delay the fault form refused, with the accepted range.
pub fn bad_delay(lang: Lang, max: u64, typed: &str) -> String {
    match lang {
        Lang::En => {
            format!("the delay must be a whole number of seconds from 1 to {max}, not “{typed}”")
        }
        Lang::It => {
            format!(
                "il ritardo deve essere un numero intero di secondi da 1 a {max}, non “{typed}”"
            )
        }
    }
}

/// "pcap of team Red" (the name is player text).
pub fn pcap_of_team(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("pcap of team {name}"),
        Lang::It => format!("pcap della squadra {name}"),
    }
}

/// "tcpip-red.pcap saved".
pub fn file_saved(lang: Lang, file: &str) -> String {
    match lang {
        Lang::En => format!("{file} saved"),
        Lang::It => format!("{file} salvato"),
    }
}

/// "Sequence diagram, 4 cards".
pub fn sequence_diagram_label(lang: Lang, cards: usize) -> String {
    match lang {
        Lang::En => format!("Sequence diagram, {cards} cards"),
        Lang::It => format!("Diagramma di sequenza, {cards} carte"),
    }
}

/// "Card #3" / "Carta #3".
pub fn card_number(lang: Lang, number: &str) -> String {
    match lang {
        Lang::En => format!("Card {number}"),
        Lang::It => format!("Carta {number}"),
    }
}

/// "20 bytes".
pub fn bytes(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} bytes"),
        Lang::It => format!("{n} byte"),
    }
}

/// "3 of 7 rounds": how far a team got in the race.
pub fn rounds_of(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("{done} of {total} rounds"),
        Lang::It => format!("{done} manche su {total}"),
    }
}

/// "3 cards, by 2 players in 2 teams": how common a mistake was.
pub fn mistake_count(lang: Lang, cards: usize, players: usize, teams: usize) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    match lang {
        Lang::En => format!(
            "{}, by {} in {}",
            n(cards, "card", "cards"),
            n(players, "player", "players"),
            n(teams, "team", "teams")
        ),
        Lang::It => format!(
            "{}, di {} in {}",
            n(cards, "carta", "carte"),
            n(players, "giocatore", "giocatori"),
            n(teams, "squadra", "squadre")
        ),
    }
}

/// "4 teams × (3 clients + server + router) = 20 seats": what a class-sized game seats.
pub fn seat_total(lang: Lang, teams: usize, clients: usize) -> String {
    let seats = teams * (clients + 2);
    match lang {
        Lang::En => {
            let word = if clients == 1 { "client" } else { "clients" };
            format!("{teams} teams × ({clients} {word} + server + router) = {seats} seats")
        }
        Lang::It => {
            format!("{teams} squadre × ({clients} client + server + router) = {seats} posti")
        }
    }
}

/// "Every seat is taken: 2 people watch." (the instructor's room panel).
pub fn seats_all_taken(lang: Lang, watching: usize) -> String {
    match (lang, watching) {
        (Lang::En, 1) => "Every seat is taken: 1 person watches.".into(),
        (Lang::En, n) => format!("Every seat is taken: {n} people watch."),
        (Lang::It, 1) => "Ogni posto è occupato: 1 persona guarda.".into(),
        (Lang::It, n) => format!("Ogni posto è occupato: {n} persone guardano."),
    }
}

/// "Move up: Handshake", a round's arrow as a screen reader announces it.
pub fn move_round(lang: Lang, key: Key, goal: Goal) -> String {
    format!("{}: {}", t(lang, key), goal_title(lang, goal))
}

/// "team Red" (names are player text).
pub fn team_named(lang: Lang, name: &str) -> String {
    format!("{} {name}", t(lang, Key::TeamLower))
}

/// The board's accessible summary: "Board: team Red on 10.0.1.0/24, … — 12 nodes, …".
pub fn board_summary(lang: Lang, teams: &[(String, String)], nodes: usize) -> String {
    let lans = teams
        .iter()
        .map(|(name, lan)| match lang {
            Lang::En => format!("team {name} on {lan}"),
            Lang::It => format!("squadra {name} su {lan}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    match lang {
        Lang::En => format!("Board: {lans} — {nodes} nodes, cards in flight shown as buttons"),
        Lang::It => {
            format!("Tabellone: {lans} — {nodes} nodi, le carte in viaggio sono pulsanti")
        }
    }
}

/// The current language, shared through Leptos context. A newtype (not a bare signal) so
/// every change goes through [`Locale::set`], which also remembers it.
#[derive(Clone, Copy, Debug)]
pub struct Locale(Slot<Lang>);

impl Locale {
    /// The language, tracked (views re-render when it changes).
    pub fn get(self) -> Lang {
        self.0.get()
    }

    /// The text of `key`, kept in the page's language as it changes. Every use shares this
    /// one closure type, so the page carries one copy of the code that renders it instead of
    /// one per place a word is shown (the bundle budget, docs/bundle.md).
    pub fn text(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || t(self.get(), key)
    }

    /// An engine sentence as a `<span>` (see [`said_view`]), kept in the page's language as
    /// it changes; one closure type for every use, like [`Locale::text`].
    pub fn said(self, text: Text, class: &'static str) -> impl Fn() -> AnyView + Send + Sync {
        move || said_view(self.get(), &text, class).into_any()
    }

    /// Switches language, remembers the choice in `localStorage` and updates `<html lang>`
    /// so assistive technology reads the page in the right voice.
    pub fn set(self, lang: Lang) {
        self.0.set(lang);
        if let Some(storage) = local_storage() {
            // A full or disabled storage only costs the memory of the choice.
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        set_document_lang(lang);
    }

    /// The underlying signal, for views that want `Signal<Lang>`.
    pub fn signal(self) -> Slot<Lang> {
        self.0
    }
}

/// Provides the [`Locale`] to every component below the caller: the stored choice, else the
/// browser's language if it is Italian, else English.
pub fn provide_i18n() -> Locale {
    let lang = stored_lang()
        .or_else(|| browser_language().as_deref().and_then(Lang::from_code))
        .unwrap_or_default();
    set_document_lang(lang);
    let locale = Locale(Slot::new(lang));
    provide_context(locale);
    locale
}

/// The locale in context; English when none was provided (a component mounted alone, e.g.
/// in a test or the print view), so components never panic for a missing provider.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale(Slot::new(Lang::En)))
}

/// The language picker. Its label is bilingual so a player who cannot read the current
/// language still finds it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let id = format!("lang-switch-{}", crate::desk::next_id());
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
            locale.set(lang);
        }
    };
    view! {
        <span class="language-switch">
            <label for=id.clone()>{t(Lang::En, Key::LanguageLabel)}</label>
            <select id=id on:change=on_change prop:value=move || locale.get().code()>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=move || locale.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored_lang() -> Option<Lang> {
    let code = local_storage()?.get_item(STORAGE_KEY).ok()??;
    Lang::from_code(&code)
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

#[wasm_bindgen]
extern "C" {
    /// `navigator.language`, declared here because the `web-sys` `Navigator` feature is
    /// not enabled for the app; `None` where the browser does not say.
    #[wasm_bindgen(thread_local_v2, js_namespace = navigator, js_name = language)]
    static NAVIGATOR_LANGUAGE: Option<String>;
}

fn browser_language() -> Option<String> {
    if cfg!(target_arch = "wasm32") {
        NAVIGATOR_LANGUAGE.with(Clone::clone)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts laid end to end come back whole, first key to last, in both languages.
    #[test]
    fn every_key_reads_its_own_text() {
        assert_eq!(t(Lang::En, Key::LanguageLabel), "Language / Lingua");
        assert_eq!(t(Lang::En, Key::SrcIp), "source IP");
        assert_eq!(t(Lang::It, Key::SrcIp), "IP sorgente");
        assert_eq!(t(Lang::En, Key::Dismiss), "Dismiss");
        assert_eq!(t(Lang::It, Key::Dismiss), "Chiudi");
        assert_eq!(EN_ENDS.last().map(|e| usize::from(*e)), Some(EN.len()));
        assert_eq!(IT_ENDS.last().map(|e| usize::from(*e)), Some(IT.len()));
        // The first and the last of the teacher's table, from their own table.
        assert_eq!(t(Lang::En, Key::BalancerSeat), "Load balancer");
        assert_eq!(t(Lang::It, Key::BalancerSeat), "Bilanciatore di carico");
        assert!((Key::BalancerSeat as usize) == SHARED);
    }

    /// A teacher's key is said only by the teacher's screens (the files `src/teacher.rs`
    /// reaches): the students' page, built without their table, would show it blank.
    #[test]
    fn the_teachers_keys_stand_only_in_the_teachers_files() {
        let teachers = [
            "instructor/",
            "setup/",
            "start/play.rs",
            "guide.rs",
            "print.rs",
        ];
        let source = include_str!("i18n.rs");
        let table = &source[source.find("texts! {").expect("the table")..];
        let after = &table[table.find("\n    ;\n").expect("the teacher's part")..];
        let keys: Vec<&str> = after
            .lines()
            .take_while(|l| *l != "}")
            .filter_map(|l| l.strip_prefix("    ")?.split_once(" => (").map(|(k, _)| k))
            .collect();
        assert!(keys.len() > 100, "{}", keys.len());
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.clone()];
        let mut shared = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let name = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if name == "i18n.rs" || teachers.iter().any(|t| name.starts_with(t)) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for key in &keys {
                let used = text.match_indices(&format!("Key::{key}")).any(|(at, k)| {
                    !text[at + k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                });
                if used {
                    shared.push(format!("{name}: {key}"));
                }
            }
        }
        assert!(
            shared.is_empty(),
            "teacher's keys in shared files: {shared:?}"
        );
    }

    #[test]
    fn browser_tags_map_to_languages() {
        assert_eq!(Lang::from_code("it-IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de-DE"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn flag_names_and_field_labels_follow_the_engine_in_english() {
        for field in Field::ALL {
            assert_eq!(t(Lang::En, field_key(field)), field.label());
            assert!(!t(Lang::It, field_key(field)).is_empty());
        }
        assert_ne!(t(Lang::It, Key::DstIp), t(Lang::En, Key::DstIp));
    }

    /// An Italian player reads the engine's Italian twin, marked `it`; a sentence
    /// without one stays English and is marked `en`.
    #[test]
    fn engine_sentences_follow_the_players_language_when_they_can() {
        let twin = Text::new("ack should be 1".into(), "ack deve essere 1".into());
        assert_eq!(said(Lang::It, &twin), ("ack deve essere 1", Lang::It));
        assert_eq!(said(Lang::En, &twin), ("ack should be 1", Lang::En));
        let english_only = Text::from("no route back");
        assert_eq!(said(Lang::It, &english_only), ("no route back", Lang::En));
    }

    #[test]
    fn every_round_is_translated_and_english_is_the_engines() {
        for goal in Goal::ALL {
            assert_eq!(goal_title(Lang::En, goal), goal.title().en);
            assert_eq!(goal_explain(Lang::En, goal), goal.explain().en);
            assert!(!goal_title(Lang::It, goal).is_empty());
            assert_ne!(goal_explain(Lang::It, goal), goal.explain().en, "{goal:?}");
        }
        // RFC names stay as students read them in the RFC.
        assert!(goal_explain(Lang::It, Goal::Goodbye).contains("TIME-WAIT"));
        assert_eq!(goal_heading(Lang::It, Goal::Data), "2. Dati");
        assert_eq!(
            reached_round(Lang::En, Goal::Handshake),
            "reached round 1: Handshake"
        );
    }

    #[test]
    fn texts_the_end_to_end_tests_click_stay_the_same_in_english() {
        for (key, en) in [
            (Key::Play, "Play"),
            (Key::Choose, "Choose"),
            (Key::StartGame, "Start the game"),
            (Key::Back, "Back"),
            (Key::TabBoard, "Board"),
            (Key::DeskHeading, "Desk"),
            (Key::TabLadder, "Ladder"),
            (Key::TabInstructor, "Instructor"),
            (Key::TabProjector, "Projector"),
            (Key::Speed, "Speed"),
            (Key::Pause, "Pause"),
            (Key::AimAt, "Aim at"),
            (Key::Fault, "Fault"),
            (Key::TargetTeam, "a whole team"),
            (Key::InjectFault, "Inject the fault"),
            (Key::RoundsHeading, "The seven rounds"),
        ] {
            assert_eq!(t(Lang::En, key), en);
            assert_ne!(t(Lang::It, key), en, "{key:?} is translated");
        }
        assert!(t(Lang::En, Key::PrintCardsHeading).contains("packet cards"));
        assert!(t(Lang::En, Key::RefereeReal).starts_with("Real: cards go out as written"));
    }

    #[test]
    fn sentences_with_numbers_read_naturally_in_both_languages() {
        assert_eq!(rounds_of(Lang::It, 3, 7), "3 manche su 7");
        assert_eq!(
            mistake_count(Lang::En, 1, 1, 1),
            "1 card, by 1 player in 1 team"
        );
        assert_eq!(
            mistake_count(Lang::It, 3, 2, 2),
            "3 carte, di 2 giocatori in 2 squadre"
        );
        assert_eq!(clock_line(Lang::It, true, 200), "in pausa · velocità 200%");
        assert_eq!(clock_line(Lang::En, false, 100), "running · speed 100%");
        assert_eq!(bytes(Lang::It, 16), "16 byte");
        assert!(bad_delay(Lang::En, 600, "x").contains("whole number of seconds"));
        assert!(bad_delay(Lang::It, 600, "x").contains("numero intero di secondi"));
        assert_eq!(
            board_summary(Lang::It, &[("Red".into(), "10.0.1.0/24".into())], 5),
            "Tabellone: squadra Red su 10.0.1.0/24 — 5 nodi, le carte in viaggio sono pulsanti"
        );
        for lang in Lang::ALL {
            let sheets = role_sheets(lang);
            assert!(
                sheets
                    .iter()
                    .all(|(role, duties)| !role.is_empty() && !duties.is_empty())
            );
        }
        assert_eq!(
            role_sheets(Lang::En)[1].1.len(),
            role_sheets(Lang::It)[1].1.len()
        );
    }
}
