//! The podium: the first three teams on steps (the winner's the tallest, in the middle),
//! big enough to read from the back of a classroom, then the other teams in a table. The
//! steps are an ordered list in rank order, so a screen reader reads 1, 2, 3; only the
//! picture puts the second on the left.

use leptos::prelude::*;
use tcpip_stack::time::Instant;
use tcpip_stack::world::PodiumPlace;

use crate::app::clock_text;
use crate::i18n::{Key, Lang, rounds_of, t, use_locale};
use crate::instructor::{bots_among_people, bots_tag};

/// How many teams stand on the steps.
const STEPS: usize = 3;

/// The podium and the standings below it. `rounds`: how many rounds the race has.
#[component]
pub fn Podium(places: Vec<PodiumPlace>, rounds: usize) -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let anyone = places.iter().any(|p| p.standing.played);
    let split = places.len().min(STEPS);
    let (top, rest) = places.split_at(split);
    let (top, rest) = (top.to_vec(), rest.to_vec());
    let has_rest = !rest.is_empty();
    view! {
        <section class="podium-section" aria-labelledby="podium-title">
            <h3 id="podium-title">{tr(Key::PodiumHeading)}</h3>
            {move || {
                let lang = locale.get();
                view! {
                    <ol class="podium">
                        {top
                            .iter()
                            .map(|p| step(lang, p, rounds, anyone))
                            .collect_view()}
                    </ol>
                    {has_rest.then(|| standings(lang, &rest, rounds, anyone))}
                }
            }}
        </section>
    }
}

/// Time as m:ss from the start of the race.
fn elapsed(d: tcpip_stack::time::Duration) -> String {
    clock_text(Instant::ZERO + d)
}

fn step(lang: Lang, p: &PodiumPlace, rounds: usize, anyone: bool) -> impl IntoView + use<> {
    let s = &p.standing;
    view! {
        <li
            class=format!("podium-step podium-step-{}", p.rank)
            data-rank=p.rank
            data-team=s.team
        >
            <span class="podium-rank">{p.rank}</span>
            <span class="podium-name">
                {s.name.clone()}
                {bots_among_people(s.played, anyone).then(|| bots_tag(lang))}
            </span>
            <span class="podium-rounds">{rounds_of(lang, s.goals_done, rounds)}</span>
            <span class="podium-stat">
                {t(lang, Key::Time)} " " <strong>{elapsed(s.elapsed)}</strong>
            </span>
            <span class="podium-stat">
                {t(lang, Key::Penalty)} " " <strong>{format!("+{}", elapsed(s.penalty))}</strong>
            </span>
            <span class="podium-stat">
                {t(lang, Key::Score)} " " <strong>{s.score}</strong>
            </span>
        </li>
    }
}

/// The teams below the podium, in a table.
fn standings(
    lang: Lang,
    rest: &[PodiumPlace],
    rounds: usize,
    anyone: bool,
) -> impl IntoView + use<> {
    view! {
        <table class="standings">
            <caption>{t(lang, Key::OtherTeams)}</caption>
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{t(lang, Key::Team)}</th>
                    <th scope="col">{t(lang, Key::Rounds)}</th>
                    <th scope="col">{t(lang, Key::Time)}</th>
                    <th scope="col">{t(lang, Key::Penalty)}</th>
                    <th scope="col">{t(lang, Key::Score)}</th>
                </tr>
            </thead>
            <tbody>
                {rest
                    .iter()
                    .map(|p| {
                        let s = &p.standing;
                        view! {
                            <tr data-rank=p.rank data-team=s.team>
                                <td>{p.rank}</td>
                                <th scope="row">
                                    {s.name.clone()}
                                    {bots_among_people(s.played, anyone).then(|| bots_tag(lang))}
                                </th>
                                <td>{format!("{}/{rounds}", s.goals_done)}</td>
                                <td>{elapsed(s.elapsed)}</td>
                                <td>{format!("+{}", elapsed(s.penalty))}</td>
                                <td>{s.score}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
