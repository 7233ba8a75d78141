//! The teacher's lesson guide: a 45-minute plan of the original session (seeds 000 and 001)
//! on the game's seven rounds — what to say, what to watch on the projector, which fault to
//! inject when, the question to ask the class after it with the answer and the rule it
//! teaches, and the debrief; then a second, 40-minute lesson on the next steps the session
//! named (rounds 8 to 11). Written as data with every sentence's Italian twin beside it
//! (a [`Pair`]), so a paragraph cannot exist in one language only; [`LessonGuide`] renders
//! it in the page's language, on screen (`#guide`) and on paper (with the cards, `#print`).

use leptos::prelude::*;
use tcpip_stack::fault::{Choice, FaultKind};
use tcpip_stack::score::Goal;
use tcpip_stack::time::Duration;

use crate::i18n::{Key, Lang, goal_explain, goal_title, use_locale, words};

/// One sentence or paragraph in English and in Italian, side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub en: &'static str,
    pub it: &'static str,
}

impl Pair {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::It => self.it,
        }
    }
}

/// Writes a [`Pair`]: the English, then its Italian twin.
macro_rules! pair {
    ($en:expr, $it:expr $(,)?) => {
        Pair { en: $en, it: $it }
    };
}

/// A moment of a section: what to do then (inject a fault, or only watch), and what to ask
/// the class after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// When in the section.
    pub when: Pair,
    /// The fault to inject then, if any.
    pub inject: Option<Injection>,
    pub ask: Pair,
    /// The answer the teacher expects, with the rule's source.
    pub answer: Pair,
    pub rule: &'static str,
}

/// A fault, as the instructor's fault form builds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injection {
    pub kind: FaultKind,
    /// What to set in the form besides the kind, if anything (the delay, the ICMP code).
    pub setting: Option<Pair>,
    /// The form's words for whom it hits (the kind's are its line of the form), so the
    /// guide and the form agree.
    pub aim: Key,
}

/// One timed part of the lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Minutes from the start of the lesson, from and to.
    pub from: u8,
    pub to: u8,
    /// The round it plays, if any (its title and goal come from the engine).
    pub round: Option<Goal>,
    /// The section's title when it plays no round.
    pub title: Pair,
    pub say: &'static [Pair],
    pub watch: &'static [Pair],
    pub steps: Vec<Step>,
}

/// How to run the lesson with the game: local or classroom mode, and the class size.
pub const HOW_TO_RUN: [Pair; 5] = [
    pair!(
        "Classroom mode, every student on a phone or laptop: run “tcpip-classroom serve” (or \
         “cargo xtask play”) on your laptop, on the same Wi-Fi as the class. Open the page, Play, \
         choose the original game, size it to the class and press “Open a classroom room”. \
         Students scan the QR code on the projector or type the code; each gets a seat, team by \
         team: first a client, then the server, then the router.",
        "Modalità classe, ogni studente sul suo telefono o portatile: avvia «tcpip-classroom \
         serve» (o «cargo xtask play») sul tuo portatile, sulla stessa Wi-Fi della classe. Apri \
         la pagina, Gioca, scegli il gioco originale, dimensionalo sulla classe e premi «Apri una \
         stanza per la classe». Gli studenti inquadrano il codice QR sul proiettore o scrivono il \
         codice; ciascuno riceve un posto, squadra per squadra: prima un client, poi il server, \
         poi il router.",
    ),
    pair!(
        "Class size: teams of 3–4 as in the original session (one router/switch .254, one \
         telnet server .1, one or two clients). The original game has three teams of four, \
         twelve seats; a seat nobody takes is played by a bot, and the leaderboard ranks the \
         teams people play first.",
        "Dimensione della classe: squadre da 3–4 come nella sessione originale (un \
         router/switch .254, un server telnet .1, uno o due client). Il gioco originale ha tre \
         squadre da quattro, dodici posti; un posto che nessuno prende lo gioca un bot, e la \
         classifica mette prima le squadre giocate da persone.",
    ),
    pair!(
        "Local mode, one computer on the projector: no server needed. Tick the seats the class \
         plays; the class calls out each card and a volunteer types it, bots play the rest. \
         Good for a small group or a room without devices.",
        "Modalità locale, un computer sul proiettore: non serve un server. Spunta i posti che \
         gioca la classe; la classe detta ogni carta e un volontario la scrive, i bot giocano \
         il resto. Adatta a un gruppo piccolo o a un'aula senza dispositivi.",
    ),
    pair!(
        "Pacing, from the Instructor tab: “Freeze and explain” stops the whole room and shows \
         your note on every screen, the projector's included (“Why did Red's SYN come back?”), \
         until you resume. “Step card by card” lets the class write cards as usual, but a card \
         moves one hop only when you press “Next card”: walk a SYN through the routers with \
         everyone watching the board. Each student's banner always says what to do next.",
        "Il ritmo, dalla scheda Docente: «Ferma e spiega» ferma tutta la stanza e mostra la tua \
         nota su ogni schermo, proiettore compreso («Perché il SYN dei Rossi è tornato \
         indietro?»), finché non riprendi. «Passo passo, carta per carta» lascia scrivere le \
         carte come sempre, ma una carta fa un salto solo quando premi «Carta successiva»: \
         accompagna un SYN tra i router con tutti che guardano il tabellone. Il riquadro di \
         ogni studente dice sempre cosa fare ora.",
    ),
    pair!(
        "Without devices: print the blank packet cards and the role sheets (with this guide) \
         and play on paper, as in 2017; the projector can still show the board.",
        "Senza dispositivi: stampa le carte pacchetto vuote e le schede dei ruoli (con questa \
         guida) e gioca su carta, come nel 2017; il proiettore può comunque mostrare il \
         tabellone.",
    ),
];

/// The debrief at the end: a question for the class and the answer to lead them to.
pub const DEBRIEF: [(Pair, Pair); 6] = [
    (
        pair!(
            "Why three cards to open a connection, not two?",
            "Perché tre carte per aprire una connessione, e non due?"
        ),
        pair!(
            "Each side picks its own initial sequence number and must see it acknowledged: the \
             SYN+ACK answers the client's SYN and carries the server's; the last ACK answers \
             it (RFC 9293 §3.5).",
            "Ogni lato sceglie il proprio numero di sequenza iniziale e deve vederlo confermato: \
             il SYN+ACK risponde al SYN del client e porta quello del server; l'ultimo ACK \
             risponde a questo (RFC 9293 §3.5)."
        ),
    ),
    (
        pair!(
            "Where do all these sequence and acknowledgement numbers live?",
            "Dove stanno tutti questi numeri di sequenza e di conferma?"
        ),
        pair!(
            "In the memory of client and server, one record per connection: a server with \
             thousands of connections needs memory for each, which is what a SYN flood attacks \
             (seed 001; RFC 4987).",
            "Nella memoria di client e server, un record per connessione: un server con migliaia \
             di connessioni ha bisogno di memoria per ognuna, ed è questo che attacca un SYN \
             flood (seed 001; RFC 4987)."
        ),
    ),
    (
        pair!(
            "Why does real TCP start from a random sequence number, when the game starts at 0?",
            "Perché il vero TCP parte da un numero di sequenza casuale, mentre il gioco parte \
             da 0?"
        ),
        pair!(
            "Only a RST with exactly the expected number tears a connection down: a number \
             nobody can guess is a secret between the two ends (RFC 9293 §3.4.1, RFC 5961 \
             §3.2).",
            "Solo un RST con esattamente il numero atteso abbatte una connessione: un numero che \
             nessuno può indovinare è un segreto tra i due estremi (RFC 9293 §3.4.1, RFC 5961 \
             §3.2)."
        ),
    ),
    (
        pair!(
            "A RST or an ICMP destination unreachable: who sends each, and what does it tell you?",
            "Un RST o un ICMP destinazione irraggiungibile: chi manda l'uno e chi l'altro, e \
             cosa ti dicono?"
        ),
        pair!(
            "The RST comes from the host itself: it exists, but nothing listens on that port \
             (RFC 9293 §3.10.7.1). The ICMP comes from a router: it has no route there, and it \
             is IP, not TCP (RFC 792, RFC 1812 §5.2.7.1).",
            "Il RST arriva dall'host stesso: esiste, ma su quella porta non ascolta nessuno (RFC \
             9293 §3.10.7.1). L'ICMP arriva da un router: non ha una rotta fin lì, ed è IP, non \
             TCP (RFC 792, RFC 1812 §5.2.7.1)."
        ),
    ),
    (
        pair!(
            "Why four cards to close, and why wait in TIME-WAIT?",
            "Perché quattro carte per chiudere, e perché aspettare in TIME-WAIT?"
        ),
        pair!(
            "A FIN only says “I will send no more”: each direction closes on its own. TIME-WAIT \
             holds the ports for 2×MSL so that a late card of the old connection cannot be \
             taken for one of a new connection on the same ports (RFC 9293 §3.6).",
            "Un FIN dice solo «non manderò altro»: ogni direzione si chiude per conto suo. \
             TIME-WAIT tiene occupate le porte per 2×MSL perché una carta in ritardo della \
             vecchia connessione non venga presa per una della nuova sulle stesse porte (RFC \
             9293 §3.6)."
        ),
    ),
    (
        pair!(
            "Look at the leaderboard and the common mistakes: what did the referee catch that \
             nobody could check on paper?",
            "Guardate la classifica e gli errori più comuni: cosa ha colto l'arbitro che su \
             carta nessuno poteva controllare?"
        ),
        pair!(
            "In 2017 teams raced by skipping the protocol (“this is Frank, this is John”); here \
             every card is checked, so the fastest team is the one that wrote correct cards \
             (seed 000).",
            "Nel 2017 le squadre correvano saltando il protocollo («questo è Frank, questo è \
             John»); qui ogni carta è controllata, quindi la squadra più veloce è quella che ha \
             scritto carte corrette (seed 000)."
        ),
    ),
];

/// The 45-minute plan, in the order the original session ran it (seed 000).
pub fn plan() -> Vec<Section> {
    vec![
        Section {
            from: 0,
            to: 5,
            round: None,
            title: pair!("Roles and joining", "Ruoli e ingresso"),
            say: &[
                pair!(
                    "Every team is one LAN behind a router/switch (.254); the .1 of every LAN is \
                     the telnet server, listening on port 23; the others are clients.",
                    "Ogni squadra è una LAN dietro un router/switch (.254); il .1 di ogni LAN è il \
                     server telnet, in ascolto sulla porta 23; gli altri sono client."
                ),
                pair!(
                    "Every card goes first to your router, which hands it on. Layer 2 happens in \
                     the background: nobody writes MAC addresses.",
                    "Ogni carta va prima al tuo router, che la passa avanti. Il livello 2 avviene \
                     dietro le quinte: nessuno scrive indirizzi MAC."
                ),
            ],
            watch: &[pair!(
                "The roster on the Instructor tab fills up; move people between seats there so \
                 every team has a person at its router.",
                "L'elenco «Persone nella stanza» nella scheda Docente si riempie; sposta lì le persone tra i posti \
                 perché ogni squadra abbia una persona al suo router."
            )],
            steps: Vec::new(),
        },
        Section {
            from: 5,
            to: 12,
            round: Some(Goal::Handshake),
            title: pair!("", ""),
            say: &[
                pair!(
                    "Like radio in a war film: “Roger that”, “Roger that”. SYN, SYN+ACK, ACK; the \
                     source port is any number of yours above 1023, the destination port 23.",
                    "Come la radio nei film di guerra: «Ricevuto», «Ricevuto». SYN, SYN+ACK, ACK; \
                     la porta sorgente è un numero tuo sopra 1023, la porta destinazione è 23."
                ),
                pair!(
                    "No data in the handshake: you do not know yet whether the other end exists.",
                    "Niente dati nell'handshake: non sai ancora se l'altro capo esiste."
                ),
                pair!(
                    "Press Start the game: the desks are locked until the clock runs.",
                    "Premi Avvia la partita: le scrivanie restano bloccate finché l'orologio non \
                     parte."
                ),
            ],
            watch: &[pair!(
                "On the board every card stops at the router; on a desk the state diagram lights \
                 CLOSED → SYN-SENT → ESTABLISHED and LISTEN → SYN-RECEIVED → ESTABLISHED.",
                "Sul tabellone ogni carta si ferma al router; su una scrivania il diagramma degli \
                 stati accende CLOSED → SYN-SENT → ESTABLISHED e LISTEN → SYN-RECEIVED → \
                 ESTABLISHED."
            )],
            steps: vec![Step {
                when: pair!(
                    "When the first team has its SYN on the way:",
                    "Quando la prima squadra ha il suo SYN in viaggio:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::Delay {
                        by: Duration::from_secs(20),
                    },
                    setting: Some(pair!("20 seconds", "20 secondi")),
                    aim: Key::TargetTeam,
                }),
                ask: pair!(
                    "Your SYN is waiting on the link: is it lost? What should you do?",
                    "Il tuo SYN aspetta sul collegamento: è perso? Cosa devi fare?"
                ),
                answer: pair!(
                    "Nothing yet: a late card is still a good card; only when the sender's \
                     retransmission timer runs out does it send the SYN again.",
                    "Ancora niente: una carta in ritardo è comunque una carta buona; solo quando \
                     scade il timer di ritrasmissione del mittente il SYN va rimandato."
                ),
                rule: "RFC 6298 §5",
            }],
        },
        Section {
            from: 12,
            to: 18,
            round: Some(Goal::Data),
            title: pair!("", ""),
            say: &[pair!(
                "Send “my name is …”: seq is your next byte, and the server acknowledges with \
                 ack = seq + the number of bytes (“my name is Danilo” is 17 bytes).",
                "Invia «my name is …»: seq è il tuo prossimo byte, e il server conferma con ack = \
                 seq + il numero di byte («my name is Danilo» sono 17 byte)."
            )],
            watch: &[pair!(
                "The live feed on the Instructor tab: a wrong ack is the most common mistake here; \
                 read one aloud with its why.",
                "La cronaca nella scheda Docente: un ack sbagliato è l'errore più comune qui; \
                 leggine uno ad alta voce con il suo perché."
            )],
            steps: vec![Step {
                when: pair!(
                    "When a client has written its “my name is” card:",
                    "Quando un client ha scritto la sua carta «my name is»:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::Drop,
                    setting: None,
                    aim: Key::TargetConnection,
                }),
                ask: pair!(
                    "The card fell off the link. Who was told, and what happens now?",
                    "La carta è caduta dal collegamento. Chi è stato avvisato, e cosa succede ora?"
                ),
                answer: pair!(
                    "Nobody: IP loses cards silently. The sender never sees its bytes acknowledged, \
                     so its retransmission timer sends them again.",
                    "Nessuno: IP perde le carte in silenzio. Il mittente non vede mai confermati \
                     i suoi byte, quindi il suo timer di ritrasmissione li rimanda."
                ),
                rule: "RFC 6298 §5",
            }],
        },
        Section {
            from: 18,
            to: 23,
            round: Some(Goal::Refused),
            title: pair!("", ""),
            say: &[pair!(
                "Knock on port 80 of your server, where no web server listens: the server answers \
                 with a RST. A RST that comes back still tells you the host is alive.",
                "Bussate alla porta 80 del vostro server, dove non ascolta nessun server web: il \
                 server risponde con un RST. Un RST che torna indietro ti dice comunque che \
                 l'host è vivo."
            )],
            watch: &[pair!(
                "The server's desk: its task says a SYN is coming to a closed port; the card it \
                 owes is the RST.",
                "La scrivania del server: il suo compito dice che arriva un SYN a una porta \
                 chiusa; la carta che deve è il RST."
            )],
            steps: vec![Step {
                when: pair!(
                    "After a team got its RST:",
                    "Dopo che una squadra ha ricevuto il suo RST:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::ServerPortClosed,
                    setting: None,
                    aim: Key::TargetTeam,
                }),
                ask: pair!(
                    "Now even port 23 answers RST. Is the server down, or the network?",
                    "Ora anche la porta 23 risponde RST. È giù il server o la rete?"
                ),
                answer: pair!(
                    "The network works: the RST came from the server's own address. Nothing \
                     listens on the port, so the host refuses the connection; a dead network \
                     would answer nothing, or an ICMP from a router.",
                    "La rete funziona: il RST è arrivato dall'indirizzo del server stesso. Sulla \
                     porta non ascolta nessuno, quindi l'host rifiuta la connessione; una rete \
                     guasta non risponderebbe, o risponderebbe un ICMP da un router."
                ),
                rule: "RFC 9293 §3.10.7.1",
            }],
        },
        Section {
            from: 23,
            to: 29,
            round: Some(Goal::ForgedRst),
            title: pair!("", ""),
            say: &[pair!(
                "Keep your connection open. Someone will forge a RST that claims to come from your \
                 server: will your client believe it?",
                "Tenete aperta la connessione. Qualcuno falsificherà un RST che dice di venire dal \
                 vostro server: il vostro client ci crederà?"
            )],
            watch: &[pair!(
                "Forged cards are red on your board and the projector (students do not see the \
                 mark). The game sends one by itself; you can send more.",
                "Le carte falsificate sono rosse sul tuo tabellone e sul proiettore (gli studenti \
                 non vedono il segno). Il gioco ne manda una da solo; puoi mandarne altre."
            )],
            steps: vec![
                Step {
                    when: pair!(
                        "When a team's connection is ESTABLISHED:",
                        "Quando la connessione di una squadra è ESTABLISHED:"
                    ),
                    inject: Some(Injection {
                        kind: FaultKind::ForgedRst { matching: false },
                        setting: None,
                        aim: Key::TargetTeam,
                    }),
                    ask: pair!(
                        "A RST arrived from your server's address. Why is your connection still \
                         open?",
                        "È arrivato un RST dall'indirizzo del vostro server. Perché la vostra \
                         connessione è ancora aperta?"
                    ),
                    answer: pair!(
                        "Its sequence number is not the one the client expects next, so the RST \
                         is ignored (or answered with a challenge ACK when it is in the window).",
                        "Il suo numero di sequenza non è quello che il client si aspetta, quindi \
                         il RST viene ignorato (o riceve un ACK di sfida se cade nella finestra)."
                    ),
                    rule: "RFC 5961 §3.2",
                },
                Step {
                    when: pair!(
                        "Then, on one client that already passed the round:",
                        "Poi, su un client che ha già superato la manche:"
                    ),
                    inject: Some(Injection {
                        kind: FaultKind::ForgedRst { matching: true },
                        setting: None,
                        aim: Key::TargetConnection,
                    }),
                    ask: pair!(
                        "This one closed the connection. What did the attacker know?",
                        "Questo ha chiuso la connessione. Cosa sapeva l'attaccante?"
                    ),
                    answer: pair!(
                        "The exact next sequence number. With sequence numbers starting at 0 it \
                         is easy to guess: that is why real TCP picks them at random.",
                        "L'esatto prossimo numero di sequenza. Con numeri di sequenza che partono \
                         da 0 è facile indovinarlo: per questo il vero TCP li sceglie a caso."
                    ),
                    rule: "RFC 9293 §3.10.7.4, RFC 5961 §3.2",
                },
            ],
        },
        Section {
            from: 29,
            to: 34,
            round: Some(Goal::NoRoute),
            title: pair!("", ""),
            say: &[pair!(
                "Connect to an address no router knows, e.g. 10.0.99.1: the router cannot hand the \
                 card on, and answers with an ICMP destination unreachable — IP, not TCP.",
                "Connettetevi a un indirizzo che nessun router conosce, per esempio 10.0.99.1: il \
                 router non può passare la carta, e risponde con un ICMP destinazione \
                 irraggiungibile — IP, non TCP."
            )],
            watch: &[pair!(
                "The router's desk: it must choose ICMP, and the ICMP quotes the IP header and the \
                 first 8 bytes of the card it refuses.",
                "La scrivania del router: deve scegliere ICMP, e l'ICMP cita l'intestazione IP e \
                 i primi 8 byte della carta che rifiuta."
            )],
            steps: vec![Step {
                when: pair!(
                    "On a team whose connection to its own server is still open:",
                    "Su una squadra che ha ancora aperta la connessione verso il suo server:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::IcmpUnreachable { code: 1 },
                    setting: Some(pair!(
                        "code 1, host unreachable",
                        "codice 1, host irraggiungibile"
                    )),
                    aim: Key::TargetConnection,
                }),
                ask: pair!(
                    "Host unreachable, about an open connection: did the connection close?",
                    "Host irraggiungibile, su una connessione aperta: la connessione si è chiusa?"
                ),
                answer: pair!(
                    "No: net or host unreachable may be temporary, so TCP remembers it and gives \
                     up only if its timer runs out.",
                    "No: rete o host irraggiungibile può essere temporaneo, quindi TCP se lo \
                     ricorda e si arrende solo se scade il suo timer."
                ),
                rule: "RFC 1122 §4.2.3.9",
            }],
        },
        Section {
            from: 34,
            to: 41,
            round: Some(Goal::AcrossLans),
            title: pair!("", ""),
            say: &[
                pair!(
                    "Routers first: add a route to every other LAN, via the router that leads \
                     there; the longest matching prefix wins. Then clients handshake with the \
                     server of another team.",
                    "Prima i router: aggiungete una rotta verso ogni altra LAN, via il router che \
                     porta lì; vince il prefisso più lungo che corrisponde. Poi i client fanno \
                     l'handshake con il server di un'altra squadra."
                ),
                pair!(
                    "TCP is only between client and server: the routers read IP and never change \
                     the ports or the numbers.",
                    "TCP è solo tra client e server: i router leggono IP e non cambiano mai le \
                     porte né i numeri."
                ),
            ],
            watch: &[pair!(
                "The board: cards cross the dashed backbone, hop by hop, and the TTL drops by one \
                 at every router.",
                "Il tabellone: le carte attraversano la dorsale tratteggiata, salto dopo salto, e \
                 il TTL cala di uno a ogni router."
            )],
            steps: vec![Step {
                when: pair!(
                    "When a SYN is crossing the backbone:",
                    "Quando un SYN sta attraversando la dorsale:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::Duplicate,
                    setting: None,
                    aim: Key::TargetLink,
                }),
                ask: pair!(
                    "Two copies of the same card arrived. Does the server open two connections?",
                    "Sono arrivate due copie della stessa carta. Il server apre due connessioni?"
                ),
                answer: pair!(
                    "No: the copy is old news, outside the receive window; the receiver drops \
                     it and acknowledges again.",
                    "No: la copia non dice niente di nuovo, è fuori dalla finestra di ricezione; \
                     il destinatario la scarta e conferma di nuovo."
                ),
                rule: "RFC 9293 §3.10.7.4",
            }],
        },
        Section {
            from: 41,
            to: 45,
            round: Some(Goal::Goodbye),
            title: pair!("", ""),
            say: &[pair!(
                "FIN means “I will send no more”, not “I will read no more”: FIN, ACK, FIN, ACK \
                 — or FIN, FIN+ACK, ACK in three cards. The side that closed first waits in \
                 TIME-WAIT for late cards on a long path.",
                "FIN vuol dire «non manderò altro», non «non leggerò altro»: FIN, ACK, FIN, ACK \
                 — o FIN, FIN+ACK, ACK in tre carte. Il lato che ha chiuso per primo aspetta in \
                 TIME-WAIT le carte in ritardo su un percorso lungo."
            )],
            watch: &[pair!(
                "The state diagrams: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT on the client; CLOSE-WAIT, \
                 LAST-ACK on the server. Then the leaderboard on the Projector tab.",
                "I diagrammi degli stati: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT sul client; \
                 CLOSE-WAIT, LAST-ACK sul server. Poi la classifica nella scheda Proiettore."
            )],
            steps: Vec::new(),
        },
    ]
}

/// A second, 30-minute lesson on the rounds the original session named as its next steps
/// (seed 001: "retransmission", "Nagle algorithm and caching, buffering") and the DNS it
/// simulated (seeds 000, 001: "exchanges through various protocols (DNS, TCP, IP)"): the
/// set-up's round picker adds them to the original game, or `scenarios/retransmit.toml`,
/// `scenarios/nagle.toml` and `scenarios/dns.toml` play them.
pub fn further() -> Vec<Section> {
    vec![
        Section {
            from: 0,
            to: 10,
            round: Some(Goal::Retransmit),
            title: pair!("", ""),
            say: &[
                pair!(
                    "In round 2 the game sent a lost card again for you. Now you do it: each \
                     team's first data card is lost on the way, and nobody tells you.",
                    "Nella manche 2 il gioco ha rimandato per voi una carta persa. Ora tocca a \
                     voi: la prima carta di dati di ogni squadra si perde per strada, e nessuno \
                     ve lo dice."
                ),
                pair!(
                    "Watch the retransmission timer above your card form. When it runs out, \
                     write the same card again: the same seq and the same bytes. A copy before \
                     it runs out is too early; a new seq would be other data.",
                    "Guardate il timer di ritrasmissione sopra il modulo della carta. Quando \
                     scade, riscrivete la stessa carta: stesso seq e stessi byte. Una copia \
                     prima che scada è troppo presto; un seq nuovo sarebbe un altro dato."
                ),
            ],
            watch: &[pair!(
                "The ladders: the lost card never reaches the server, and the copy is marked \
                 “sent again”; the server's ACK acknowledges the bytes once, whichever card \
                 brought them.",
                "Le scale: la carta persa non arriva mai al server, e la copia è segnata \
                 «rimandata»; l'ACK del server conferma i byte una volta sola, qualunque carta \
                 li abbia portati."
            )],
            steps: vec![Step {
                when: pair!(
                    "When a client has sent its copy:",
                    "Quando un client ha mandato la sua copia:"
                ),
                inject: Some(Injection {
                    kind: FaultKind::Drop,
                    setting: None,
                    aim: Key::TargetConnection,
                }),
                ask: pair!(
                    "The copy was lost too. How long did the timer give you this time, \
                     compared with the first?",
                    "Anche la copia si è persa. Quanto tempo vi ha dato il timer questa volta, \
                     rispetto alla prima?"
                ),
                answer: pair!(
                    "Twice as long: every time the timer runs out it doubles, so a sender \
                     backs off instead of flooding a path that is losing cards.",
                    "Il doppio: ogni volta che il timer scade raddoppia, così il mittente \
                     rallenta invece di inondare un percorso che sta perdendo carte."
                ),
                rule: "RFC 6298 §5",
            }],
        },
        Section {
            from: 10,
            to: 20,
            round: Some(Goal::Nagle),
            title: pair!("", ""),
            say: &[
                pair!(
                    "Your application types “hello” one key at a time. Send the “h” at once; \
                     while it is unacknowledged, let the next bytes wait in the send buffer; \
                     when the ACK comes, send everything buffered in one card.",
                    "La vostra applicazione scrive «hello» un tasto alla volta. Mandate subito \
                     la «h»; finché non è confermata, lasciate aspettare i byte successivi nel \
                     buffer di invio; quando arriva l'ACK, mandate tutto il buffer in una \
                     carta."
                ),
                pair!(
                    "Then play the round again with Nagle's algorithm off (in the set-up, \
                     “Nagle's algorithm (round 9)”: “Nagle off (TCP_NODELAY)”): now five small cards \
                     are right, one per key.",
                    "Poi rigiocate la manche con l'algoritmo di Nagle spento (nella preparazione, \
                     «Algoritmo di Nagle (manche 9)»: «Nagle disattivato (TCP_NODELAY)»): ora \
                     cinque carte piccole sono giuste, una per tasto."
                ),
            ],
            watch: &[pair!(
                "The send buffer above each client's card form: every byte written, sent or \
                 waiting, and the bytes in flight. Count the cards on the board with Nagle on \
                 and off.",
                "Il buffer di invio sopra il modulo della carta di ogni client: ogni byte \
                 scritto, mandato o in attesa, e i byte in volo. Contate le carte sul \
                 tabellone con Nagle acceso e spento."
            )],
            steps: vec![Step {
                when: pair!(
                    "When the first team's “ello” card arrives at its server:",
                    "Quando la carta «ello» della prima squadra arriva al suo server:"
                ),
                inject: None,
                ask: pair!(
                    "The application wrote four keys, one a second. Why did they travel in one \
                     card, and what does that save? And why does an interactive program like \
                     ssh turn the algorithm off?",
                    "L'applicazione ha scritto quattro tasti, uno al secondo. Perché hanno \
                     viaggiato in una carta, e cosa si risparmia? E perché un programma \
                     interattivo come ssh spegne l'algoritmo?"
                ),
                answer: pair!(
                    "A small card may leave only when nothing is unacknowledged, so the keys \
                     typed meanwhile wait and go together: one 40-byte header instead of four. \
                     An interactive program wants each key echoed at once, so it sets \
                     TCP_NODELAY.",
                    "Una carta piccola può partire solo quando non c'è niente da confermare, \
                     quindi i tasti scritti nel frattempo aspettano e partono insieme: \
                     un'intestazione da 40 byte invece di quattro. Un programma interattivo \
                     vuole l'eco di ogni tasto subito, quindi imposta TCP_NODELAY."
                ),
                rule: "RFC 896, RFC 1122 §4.2.3.4",
            }],
        },
        Section {
            from: 20,
            to: 30,
            round: Some(Goal::Resolve),
            title: pair!("", ""),
            say: &[
                pair!(
                    "Until now you knew your server's address by heart. Real programs know a \
                     name, like red.game: before the SYN, your client asks the DNS server \
                     where that name is, with a UDP card to its port 53.",
                    "Finora conoscevate a memoria l'indirizzo del vostro server. I programmi veri \
                     conoscono un nome, come red.game: prima del SYN, il vostro client chiede al \
                     server DNS dove si trova quel nome, con una carta UDP alla sua porta 53."
                ),
                pair!(
                    "Send the question from a fresh port of yours, with an ID of your choice; \
                     believe only the answer that comes back with your ID, to your port. Then \
                     connect to the address it gave: a SYN written before the answer is sent \
                     back.",
                    "Mandate la domanda da una vostra porta nuova, con un ID scelto da voi; \
                     credete solo alla risposta che torna con il vostro ID, alla vostra porta. \
                     Poi connettetevi all'indirizzo che vi ha dato: un SYN scritto prima della \
                     risposta torna indietro."
                ),
            ],
            watch: &[pair!(
                "The ladders: each question and its answer, then the handshake to the address \
                 the answer gave. Blue's question crosses the routers to the one DNS server, \
                 like any card.",
                "Le scale: ogni domanda e la sua risposta, poi l'handshake verso l'indirizzo \
                 che ha dato la risposta. La domanda di Blue attraversa i router fino all'unico \
                 server DNS, come ogni carta."
            )],
            steps: vec![
                Step {
                    when: pair!(
                        "When a team's question is on its way, before the answer:",
                        "Quando la domanda di una squadra è in viaggio, prima della risposta:"
                    ),
                    inject: Some(Injection {
                        kind: FaultKind::ForgedDns { matching: false },
                        setting: None,
                        aim: Key::TargetTeam,
                    }),
                    ask: pair!(
                        "An answer arrived “from the DNS server” with another address. Why did \
                         your client ignore it?",
                        "È arrivata una risposta «dal server DNS» con un altro indirizzo. Perché \
                         il vostro client l'ha ignorata?"
                    ),
                    answer: pair!(
                        "Its ID and port were not the question's: UDP keeps no connection, so \
                         the ID, the port and the question copied back are all that ties an \
                         answer to its question.",
                        "Il suo ID e la sua porta non erano quelli della domanda: UDP non tiene \
                         connessioni, quindi l'ID, la porta e la domanda ricopiata sono tutto \
                         ciò che lega una risposta alla sua domanda."
                    ),
                    rule: "RFC 5452 §9.1",
                },
                Step {
                    when: pair!(
                        "When the next team's question is on its way:",
                        "Quando la domanda della squadra successiva è in viaggio:"
                    ),
                    inject: Some(Injection {
                        kind: FaultKind::ForgedDns { matching: true },
                        setting: None,
                        aim: Key::TargetTeam,
                    }),
                    ask: pair!(
                        "This time your client believed the forged answer, and your SYN went to \
                         an address where nobody answers. What did the attacker know, and how \
                         does a real resolver make it hard to know?",
                        "Questa volta il vostro client ha creduto alla risposta falsificata, e il \
                         vostro SYN è andato a un indirizzo dove nessuno risponde. Cosa sapeva \
                         l'attaccante, e come fa un resolver vero a renderlo difficile da sapere?"
                    ),
                    answer: pair!(
                        "The question's ID and port. A resolver picks both at random for every \
                         question, so a guess almost never matches; ask again, and the true \
                         answer leads to your server.",
                        "L'ID e la porta della domanda. Un resolver li sceglie entrambi a caso \
                         per ogni domanda, così un tentativo quasi mai coincide; chiedete di \
                         nuovo, e la risposta vera porta al vostro server."
                    ),
                    rule: "RFC 5452 §9.2",
                },
            ],
        },
        Section {
            from: 30,
            to: 40,
            round: Some(Goal::Balance),
            title: pair!("", ""),
            say: &[
                pair!(
                    "One address, two servers: connect to the service address 10.0.1.100, port \
                     23. Nobody has it but the load balancer, who wraps your whole card, \
                     unchanged, in a new IP header to one of the servers.",
                    "Un indirizzo, due server: connettetevi all'indirizzo di servizio \
                     10.0.1.100, porta 23. Ce l'ha solo il bilanciatore, che avvolge la vostra \
                     carta intera, invariata, in una nuova intestazione IP verso uno dei server."
                ),
                pair!(
                    "Balancer: your own address outside, a server, protocol 4, a fresh TTL; \
                     every card of one connection to the same server. Servers: unwrap it and \
                     answer from 10.0.1.100, straight to the client.",
                    "Bilanciatore: il vostro indirizzo fuori, un server, protocollo 4, un TTL \
                     nuovo; ogni carta di una connessione allo stesso server. Server: \
                     scartatela e rispondete da 10.0.1.100, direttamente al client."
                ),
            ],
            watch: &[pair!(
                "The board: each client's card goes to the balancer, leaves with two headers \
                 for a server, and the answer comes back without passing the balancer. The \
                 ladders draw both headers.",
                "Il tabellone: la carta di ogni client va al bilanciatore, riparte con due \
                 intestazioni verso un server, e la risposta torna senza passare dal \
                 bilanciatore. Le scale mostrano entrambe le intestazioni."
            )],
            steps: vec![Step {
                when: pair!(
                    "When the second team's handshake is done:",
                    "Quando l'handshake della seconda squadra è concluso:"
                ),
                inject: None,
                ask: pair!(
                    "Why must the balancer send the ACK to the server that got the SYN, and \
                     why does the server answer from 10.0.1.100 and not from its own address?",
                    "Perché il bilanciatore deve mandare l'ACK al server che ha ricevuto il \
                     SYN, e perché il server risponde da 10.0.1.100 e non dal suo indirizzo?"
                ),
                answer: pair!(
                    "Only that server has the connection: the other one would answer with a \
                     RST, so the balancer keeps a table of connections. The client's \
                     connection is to 10.0.1.100: an answer from any other address belongs \
                     to no connection of its own.",
                    "Solo quel server ha la connessione: l'altro risponderebbe con un RST, \
                     quindi il bilanciatore tiene una tabella delle connessioni. La \
                     connessione del client è verso 10.0.1.100: una risposta da un altro \
                     indirizzo non appartiene a nessuna sua connessione."
                ),
                rule: "RFC 2003 §3.1, RFC 9293 §3.10.7.3",
            }],
        },
    ]
}

/// The guide as a page: how to run the lesson, the timed plan, the debrief, and the second
/// lesson that goes further.
#[component]
pub fn LessonGuide() -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    move || {
        let lang = locale.get();
        let sections = |plan: Vec<Section>| {
            plan.into_iter()
                .map(|s| view! { <GuideSection section=s lang /> })
                .collect_view()
        };
        let (further, sections) = (sections(further()), sections(plan()));
        view! {
            <article class="lesson-guide" aria-labelledby="guide-title">
                <h1 id="guide-title">{tr(Key::GuideHeading)}</h1>
                <p class="lead">{tr(Key::GuideLead)}</p>
                <section class="guide-run">
                    <h2>{tr(Key::GuideHowToRun)}</h2>
                    <ul>{HOW_TO_RUN.iter().map(|p| view! { <li>{p.get(lang)}</li> }).collect_view()}</ul>
                </section>
                <h2>{tr(Key::GuidePlan)}</h2>
                {sections}
                <section class="guide-debrief">
                    <h2>{tr(Key::GuideDebrief)}</h2>
                    <ol>
                        {DEBRIEF
                            .iter()
                            .map(|(q, a)| {
                                view! {
                                    <li>
                                        <strong>{q.get(lang)}</strong>
                                        <p class="guide-answer">{a.get(lang)}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
                <section class="guide-further">
                    <h2>{tr(Key::GuideFurther)}</h2>
                    <p>{tr(Key::GuideFurtherLead)}</p>
                    {further}
                </section>
            </article>
        }
    }
}

#[component]
fn GuideSection(section: Section, lang: Lang) -> impl IntoView {
    let title = match section.round {
        Some(g) => format!(
            "{} {} — {}",
            crate::i18n::t(lang, Key::RoundWord),
            g.number(),
            goal_title(lang, g)
        ),
        None => section.title.get(lang).to_string(),
    };
    let list = |key: Key, items: &'static [Pair], class: &'static str| {
        view! {
            <h4>{crate::i18n::t(lang, key)}</h4>
            <ul class=class>{items.iter().map(|p| view! { <li>{p.get(lang)}</li> }).collect_view()}</ul>
        }
    };
    let steps = section
        .steps
        .into_iter()
        .map(|step| {
            let t = |key| crate::i18n::t(lang, key);
            let moment = match step.inject {
                Some(f) => view! {
                    <p>
                        <strong>{t(Key::GuideInject)}</strong>
                        " "
                        {step.when.get(lang)}
                        " "
                        <span class="guide-form">
                            "“" {Choice::of(&f.kind).map(|c| words(lang, c.label))} "”"
                            {f.setting.map(|p| format!(" ({})", p.get(lang)))}
                            ", " {t(Key::AimAt).to_lowercase()} " “" {t(f.aim)} "”"
                        </span>
                    </p>
                }
                .into_any(),
                None => view! { <p>{step.when.get(lang)}</p> }.into_any(),
            };
            view! {
                <div class="guide-fault">
                    {moment}
                    <p><strong>{t(Key::GuideAsk)}</strong> " " {step.ask.get(lang)}</p>
                    <p class="guide-answer">
                        <strong>{t(Key::GuideExpect)}</strong>
                        " "
                        {step.answer.get(lang)}
                        " — "
                        <span class="guide-rule">{step.rule}</span>
                    </p>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="guide-section" data-round=section.round.map(|g| g.number().to_string())>
            <h3>
                <span class="guide-time">{format!("{}–{} min", section.from, section.to)}</span>
                " "
                {title}
            </h3>
            {section.round.map(|g| view! { <p class="guide-goal">{goal_explain(lang, g)}</p> })}
            {list(Key::GuideSay, section.say, "guide-say")}
            {list(Key::GuideWatch, section.watch, "guide-watch")}
            {steps}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence of `sections` and of their steps.
    fn pairs_of(sections: &[Section]) -> Vec<Pair> {
        let mut pairs = Vec::new();
        for s in sections {
            pairs.extend(s.say.iter().chain(s.watch).copied());
            if s.round.is_none() {
                pairs.push(s.title);
            }
            for step in &s.steps {
                pairs.extend([step.when, step.ask, step.answer]);
                pairs.extend(step.inject.as_ref().and_then(|f| f.setting));
            }
        }
        pairs
    }

    /// `sections` run from minute 0 to `minutes` without a gap and play `rounds` in order.
    fn covers(sections: &[Section], minutes: u8, rounds: &[Goal]) {
        assert_eq!(sections.first().map(|s| s.from), Some(0));
        assert_eq!(sections.last().map(|s| s.to), Some(minutes));
        assert!(
            sections
                .windows(2)
                .all(|w| w[0].to == w[1].from && w[0].from < w[0].to)
        );
        let played: Vec<Goal> = sections.iter().filter_map(|s| s.round).collect();
        assert_eq!(played, rounds);
    }

    /// The plan covers the 45 minutes without a gap, plays the seven rounds of seed 000 in
    /// their order, the second lesson plays the next steps of seed 001 in 40 minutes, and
    /// every sentence has its Italian twin, different from the English.
    #[test]
    fn the_plan_is_45_minutes_of_the_seven_rounds_in_both_languages() {
        covers(&plan(), 45, &Goal::ALL);
        covers(&further(), 40, &Goal::NEXT);
        let mut pairs: Vec<Pair> = HOW_TO_RUN.to_vec();
        pairs.extend(DEBRIEF.iter().flat_map(|(q, a)| [*q, *a]));
        pairs.extend(pairs_of(&plan()));
        pairs.extend(pairs_of(&further()));
        for p in pairs {
            assert!(!p.en.is_empty() && !p.it.is_empty(), "{p:?}");
            assert_ne!(p.en, p.it, "{p:?} is translated");
        }
    }

    /// The second lesson names the set-up's Nagle setting as the set-up writes it, in both
    /// languages, so a teacher finds where to turn the algorithm off.
    #[test]
    fn the_second_lesson_names_the_setting_that_turns_nagle_off() {
        use crate::i18n::t;
        let nagle = further()
            .into_iter()
            .find(|s| s.round == Some(Goal::Nagle))
            .expect("round 9");
        for lang in Lang::ALL {
            let said: String = nagle.say.iter().map(|p| p.get(lang)).collect();
            for key in [Key::NagleLabel, Key::NagleOff] {
                assert!(said.contains(t(lang, key)), "{lang:?}: {}", t(lang, key));
            }
        }
    }

    /// The guide names the pacing buttons as the instructor's page writes them, in both
    /// languages, so a teacher reading it finds them.
    #[test]
    fn the_pacing_advice_names_the_buttons_the_instructor_sees() {
        use crate::i18n::t;
        let pacing = HOW_TO_RUN
            .iter()
            .find(|p| p.en.starts_with("Pacing"))
            .expect("the pacing advice");
        for lang in Lang::ALL {
            for key in [Key::FreezeGame, Key::StepMode, Key::NextStep] {
                let button = t(lang, key).trim_end_matches(" ▶");
                assert!(
                    pacing.get(lang).contains(&format!("{button}»"))
                        || pacing.get(lang).contains(&format!("{button}”")),
                    "{lang:?}: {button:?}"
                );
            }
        }
    }

    /// Every fault the guide injects cites the rule the engine teaches with it (the
    /// instructor's fault panel shows `FaultKind::explain`), so the teacher's expected answer
    /// and the game never disagree; and each sits in a round after the one it needs (a
    /// forged RST needs an ESTABLISHED connection, from round 1 on).
    #[test]
    fn every_fault_cites_the_rule_the_engine_explains_it_with() {
        let sections: Vec<Section> = plan().into_iter().chain(further()).collect();
        let injected: Vec<&Injection> = sections
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(|step| step.inject.as_ref())
            .collect();
        assert!(injected.len() >= 7, "a fault in most rounds");
        for step in sections.iter().flat_map(|s| &s.steps) {
            let Some(f) = &step.inject else {
                // A question without a fault still names its rule's source.
                assert!(step.rule.starts_with("RFC "), "{step:?}");
                continue;
            };
            assert!(
                Choice::of(&f.kind).is_some(),
                "{:?} is a line of the form",
                f.kind
            );
            let explained = f.kind.explain();
            for rfc in step.rule.split(", ") {
                assert!(
                    explained.en.contains(rfc),
                    "{:?}: {rfc} not in {explained:?}",
                    f.kind
                );
                let it = explained.it.as_deref().unwrap_or_default();
                assert!(it.contains(rfc), "{:?}: {rfc} in Italian", f.kind);
            }
            // What the guide tells the teacher to set is what the fault it names does.
            let set = f.setting.map(|p| p.en).unwrap_or_default();
            match f.kind {
                FaultKind::Delay { by } => {
                    assert!(set.starts_with(&format!("{} seconds", by.millis() / 1000)));
                }
                FaultKind::IcmpUnreachable { code } => {
                    assert!(set.starts_with(&format!("code {code},")));
                }
                _ => assert_eq!(f.setting, None, "{:?}", f.kind),
            }
        }
        let forged = sections.iter().find(|s| {
            s.steps.iter().any(|step| {
                step.inject
                    .as_ref()
                    .is_some_and(|f| matches!(f.kind, FaultKind::ForgedRst { .. }))
            })
        });
        assert_eq!(forged.and_then(|s| s.round), Some(Goal::ForgedRst));
    }
}
