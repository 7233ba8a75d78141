//! The print view: blank packet cards and a role sheet per role, for a classroom that plays
//! on paper (the original game, seed 000). Reached with `#print`; the print stylesheet
//! hides everything else and fits eight cards to an A4 page.

use leptos::prelude::*;
use tcpip_stack::card::Field;
use tcpip_stack::score::Goal;

use crate::i18n::{
    Key, blank_card_label, field_key, goal_explain, goal_title, role_sheets, use_locale,
};

/// The fields of a paper card, in the order seed 000 introduces them: the desk's own
/// labels, so the paper and the screen name a box the same way.
const CARD_FIELDS: [(Field, &str); 8] = [
    (Field::SrcIp, "src-ip"),
    (Field::DstIp, "dst-ip"),
    (Field::SrcPort, "src-port"),
    (Field::DstPort, "dst-port"),
    (Field::Seq, "seq"),
    (Field::Ack, "ack"),
    (Field::Ttl, "ttl"),
    (Field::Data, "data"),
];

#[component]
pub fn PrintView() -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
        <div class="print-view">
            <div class="print-controls no-print">
                <a href="#">{tr(Key::BackToGame)}</a>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    {tr(Key::Print)}
                </button>
            </div>
            <h1>{tr(Key::PrintCardsHeading)}</h1>
            <div class="blank-cards">
                {(1..=8).map(|n| view! { <BlankCard n /> }).collect_view()}
            </div>
            <h1 class="page-break">{tr(Key::PrintRolesHeading)}</h1>
            {move || {
                role_sheets(locale.get())
                    .into_iter()
                    .map(|(role, duties)| {
                        view! {
                            <section class="role-sheet">
                                <h2>{role}</h2>
                                <ul>{duties.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}</ul>
                            </section>
                        }
                    })
                    .collect_view()
            }}
            <section class="role-sheet">
                <h2>{tr(Key::TheRounds)}</h2>
                <ol>
                    {Goal::ALL
                        .iter()
                        .map(|&g| {
                            view! {
                                <li>
                                    <strong>{move || goal_title(locale.get(), g)}</strong>
                                    " — "
                                    {move || goal_explain(locale.get(), g)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
        </div>
    }
}

#[component]
fn BlankCard(n: u32) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="blank-card" role="group" aria-label=move || blank_card_label(locale.get(), n)>
            <div class="blank-head">"IP"</div>
            {CARD_FIELDS[..2].iter().map(|(label, class)| blank_field(*label, class)).collect_view()}
            <div class="blank-head">"TCP"</div>
            {CARD_FIELDS[2..4].iter().map(|(label, class)| blank_field(*label, class)).collect_view()}
            <div class="blank-flags">
                {["SYN", "ACK", "FIN", "RST", "PSH"]
                    .into_iter()
                    .map(|f| view! { <span class="blank-flag">"☐ "{f}</span> })
                    .collect_view()}
            </div>
            {CARD_FIELDS[4..].iter().map(|(label, class)| blank_field(*label, class)).collect_view()}
        </div>
    }
}

fn blank_field(field: Field, class: &'static str) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class=format!("blank-field {class}")>
            <span>{locale.text(field_key(field))}</span>
            <span class="line"></span>
        </div>
    }
}
