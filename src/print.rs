//! The print view: blank packet cards and a role sheet per role, for a classroom that plays
//! on paper (the original game, seed 000). Reached with `#print`; the print stylesheet
//! hides everything else and fits eight cards to an A4 page.

use leptos::prelude::*;
use tcpip_stack::score::Goal;

/// The fields of a paper card, in the order seed 000 introduces them.
const CARD_FIELDS: [(&str, &str); 8] = [
    ("Source IP", "src-ip"),
    ("Destination IP", "dst-ip"),
    ("Source port", "src-port"),
    ("Destination port", "dst-port"),
    ("Seq", "seq"),
    ("Ack", "ack"),
    ("TTL", "ttl"),
    ("Data", "data"),
];

/// What each role does, from DESIGN.md §2 and the transcripts.
const ROLES: [(&str, &[&str]); 3] = [
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
            "On your LAN: hand it to that host. Another LAN: to the next router, following \
             your routing table (the longest prefix that matches wins).",
            "No route: send back an ICMP destination unreachable (type 3, code 0) quoting \
             the card's IP header and first 8 bytes — never an ICMP about an ICMP.",
            "Subtract 1 from the TTL on every hop; at 0 send ICMP time exceeded (type 11).",
        ],
    ),
    (
        "Telnet server (.1, listening on port 23)",
        &[
            "A SYN to port 23: answer SYN+ACK, ack = their seq + 1 (a SYN counts as one).",
            "Data: answer ACK with ack = their seq + the number of bytes received.",
            "A SYN to a port nobody listens on (80): answer RST (connection refused).",
            "A RST whose numbers do not match the connection: ignore it.",
            "Their FIN: ACK it, then send your own FIN when you are done.",
        ],
    ),
];

#[component]
pub fn PrintView() -> impl IntoView {
    view! {
        <div class="print-view">
            <div class="print-controls no-print">
                <a href="#">"← Back to the game"</a>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    "Print"
                </button>
            </div>
            <h1>"TCP/IP Animated — packet cards"</h1>
            <div class="blank-cards">
                {(1..=8).map(|n| view! { <BlankCard n /> }).collect_view()}
            </div>
            <h1 class="page-break">"TCP/IP Animated — role sheets"</h1>
            {ROLES
                .iter()
                .map(|(role, duties)| {
                    view! {
                        <section class="role-sheet">
                            <h2>{*role}</h2>
                            <ul>{duties.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}</ul>
                        </section>
                    }
                })
                .collect_view()}
            <section class="role-sheet">
                <h2>"The rounds"</h2>
                <ol>
                    {Goal::ALL
                        .iter()
                        .map(|g| view! { <li><strong>{g.title()}</strong>" — "{g.explain()}</li> })
                        .collect_view()}
                </ol>
            </section>
        </div>
    }
}

#[component]
fn BlankCard(n: u32) -> impl IntoView {
    view! {
        <div class="blank-card" aria-label=format!("Blank packet card {n}")>
            <div class="blank-head">"IP"</div>
            {CARD_FIELDS[..2].iter().map(|(label, class)| blank_field(label, class)).collect_view()}
            <div class="blank-head">"TCP"</div>
            {CARD_FIELDS[2..4].iter().map(|(label, class)| blank_field(label, class)).collect_view()}
            <div class="blank-flags">
                {["SYN", "ACK", "FIN", "RST", "PSH"]
                    .into_iter()
                    .map(|f| view! { <span class="blank-flag">"☐ "{f}</span> })
                    .collect_view()}
            </div>
            {CARD_FIELDS[4..].iter().map(|(label, class)| blank_field(label, class)).collect_view()}
        </div>
    }
}

fn blank_field(label: &'static str, class: &'static str) -> impl IntoView {
    view! {
        <div class=format!("blank-field {class}")>
            <span>{label}</span>
            <span class="line"></span>
        </div>
    }
}
