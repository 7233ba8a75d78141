//! The class's most common mistakes, grouped by rule (a card field and the RFC section its
//! why cites, see [`tcpip_stack::world::MistakeGroup`]): how many cards, players and teams
//! made each, and the first card that did, with the referee's why in the reader's language.

use leptos::prelude::*;
use tcpip_stack::card::Field;
use tcpip_stack::world::{MistakeGroup, NodeId};

use crate::app::clock_text;
use crate::game::use_game;
use crate::i18n::{Key, Lang, field_key, mistake_count, said_view, t, team_named, use_locale};

/// The card field in `lang`, as the card form names it.
fn field_name(lang: Lang, field: &str) -> String {
    Field::from_label(field).map_or_else(|| field.to_string(), |f| t(lang, field_key(f)).into())
}

/// The names of the seats and of the teams, to say who made a mistake first.
#[derive(Default)]
struct Names {
    nodes: Vec<(NodeId, String)>,
    teams: Vec<String>,
}

#[component]
pub fn Mistakes(groups: Vec<MistakeGroup>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    // Who wrote each example, by name: read once, the game is over.
    let names: Names = untrack(|| {
        game.with_world(|w| Names {
            nodes: w.nodes().into_iter().map(|n| (n.id, n.name)).collect(),
            teams: w.teams().iter().map(|t| t.name.clone()).collect(),
        })
    })
    .unwrap_or_default();
    let empty = groups.is_empty();
    view! {
        <section class="debrief-mistakes" aria-labelledby="mistakes-title">
            <h3 id="mistakes-title">{tr(Key::CommonMistakes)}</h3>
            {empty.then(|| view! { <p class="no-mistakes">{tr(Key::NoMistakes)}</p> })}
            <ol class="mistake-groups">
                {move || {
                    let lang = locale.get();
                    groups.iter().map(|g| group(lang, g, &names)).collect_view()
                }}
            </ol>
        </section>
    }
}

fn group(lang: Lang, g: &MistakeGroup, names: &Names) -> impl IntoView + use<> {
    let ex = &g.example;
    let who = names
        .nodes
        .iter()
        .find(|(id, _)| *id == ex.node)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let team = names.teams.get(ex.team).cloned().unwrap_or_default();
    let first = match lang {
        Lang::En => format!(
            "First: {who} ({}), at {}",
            team_named(lang, &team),
            clock_text(ex.at)
        ),
        Lang::It => format!(
            "Il primo: {who} ({}), a {}",
            team_named(lang, &team),
            clock_text(ex.at)
        ),
    };
    let card = ex
        .card
        .as_ref()
        .map(|c| format!("{} → {}  {}", c.src, c.dst, c.label()));
    let expected = said_view(lang, &ex.note.expected, "");
    let got = said_view(lang, &ex.note.got, "");
    view! {
        <li class="mistake-group" data-field=g.field.clone()>
            <h4>
                <span class="mistake-field">{field_name(lang, &g.field)}</span>
                {(!g.rfc.is_empty()).then(|| view! { " " <span class="rfc">{g.rfc.clone()}</span> })}
            </h4>
            <p class="mistake-count">{mistake_count(lang, g.cards, g.players, g.teams)}</p>
            <div class="mistake-example">
                <p class="mistake-first">{first}</p>
                {card.map(|c| view! { <p><code class="mistake-card">{c}</code></p> })}
                <p class="mistake-why">{said_view(lang, &ex.note.why, "")}</p>
                <p class="mistake-values">
                    {t(lang, Key::Expected)} " " <strong>{expected}</strong> " · "
                    {t(lang, Key::Written)} " " <strong>{got}</strong>
                </p>
            </div>
        </li>
    }
}
