//! The print view: blank packet cards and a role sheet per role, for a classroom that plays
//! on paper (the original game, seed 000), and the teacher's lesson guide. Reached with
//! `#print` (the cards, the sheets and the guide, all that a lesson on paper needs) or
//! `#guide` (the guide alone, linked from the start screen); the print stylesheet hides
//! everything else and fits eight cards to an A4 page.

use leptos::prelude::*;
use tcpip_stack::card::Field;
use tcpip_stack::score::Goal;

use crate::guide::LessonGuide;
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

/// A page the address's `#…` asks for instead of the game.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `#print`: blank cards, role sheets, the rounds and the lesson guide.
    Cards,
    /// `#guide`: the lesson guide alone.
    Guide,
}

impl Page {
    /// The page `hash` (as `location.hash` gives it) asks for, if any.
    pub fn from_hash(hash: &str) -> Option<Page> {
        match hash {
            "#print" => Some(Page::Cards),
            "#guide" => Some(Page::Guide),
            _ => None,
        }
    }
}

#[component]
pub fn PrintView() -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let hash = crate::dom::hash_signal();
    let page = move || hash.with(|h| Page::from_hash(h));
    view! {
        <div class="print-view">
            <div class="print-controls no-print">
                <a href="#">{tr(Key::BackToGame)}</a>
                <crate::i18n::LanguageSwitch />
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    {move || tr(if page() == Some(Page::Guide) { Key::PrintGuide } else { Key::Print })()}
                </button>
            </div>
            {crate::shown::shown_or(
                move || page() != Some(Page::Guide),
                move || view! { <PaperKit /> <div class="page-break"></div> <LessonGuide /> },
                || view! { <LessonGuide /> },
            )}
        </div>
    }
}

/// The cards, the role sheets and the rounds, for a lesson on paper.
#[component]
fn PaperKit() -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    view! {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_names_the_printed_page() {
        assert_eq!(Page::from_hash("#print"), Some(Page::Cards));
        assert_eq!(Page::from_hash("#guide"), Some(Page::Guide));
        assert_eq!(Page::from_hash("#join=7KQ9AX"), None);
        assert_eq!(Page::from_hash(""), None);
    }
}
