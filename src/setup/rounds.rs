//! Which rounds the game plays and in which order: a checkbox per round and arrows to move
//! it, checked by `Scenario::validate`, whose words are shown as they are.

use leptos::prelude::*;
use tcpip_stack::scenario::{Scenario, ScenarioError};
use tcpip_stack::score::Goal;
use tcpip_stack::text::Text;

use crate::i18n::{Key, goal_title, move_round, said_view, use_locale};
use crate::slot::Slot;

/// Every round in the order it would be played, ticked when it is: the scenario's rounds
/// first, in its order, then the others in the original game's order, then the next steps
/// the original session named (any scenario may add them).
pub fn rounds_of(scenario: &Scenario) -> Vec<(Goal, bool)> {
    let mut rounds: Vec<(Goal, bool)> = scenario.goals.iter().map(|g| (*g, true)).collect();
    for goal in Goal::ALL.into_iter().chain(Goal::NEXT) {
        if !scenario.goals.contains(&goal) {
            rounds.push((goal, false));
        }
    }
    rounds
}

/// The rounds ticked, in their order: the race the game plays.
pub fn chosen(rounds: &[(Goal, bool)]) -> Vec<Goal> {
    rounds
        .iter()
        .filter(|(_, on)| *on)
        .map(|(g, _)| *g)
        .collect()
}

/// Moves round `at` one place up (`-1`) or down (`1`); nothing past either end.
fn move_by(rounds: &mut [(Goal, bool)], at: usize, by: isize) {
    if let Some(to) = at.checked_add_signed(by).filter(|to| *to < rounds.len()) {
        rounds.swap(at, to);
    }
}

/// What the validator says of the rounds as chosen, one problem a line, in both languages;
/// empty when the race is playable.
pub fn round_problems(scenario: &Scenario, rounds: &[(Goal, bool)]) -> Text {
    let problems: Vec<ScenarioError> = scenario
        .with_rounds(&chosen(rounds))
        .validate()
        .into_iter()
        .filter(|p| p.field.starts_with("goals"))
        .collect();
    ScenarioError::listed(&problems)
}

#[component]
pub fn RoundsPicker(scenario: Slot<Scenario>, rounds: Slot<Vec<(Goal, bool)>>) -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let problems = move || rounds.with(|r| scenario.with(|s| round_problems(s, r)));
    let count = move || rounds.with(Vec::len);
    view! {
        <fieldset class="round-picker">
            <legend>{tr(Key::RoundsLegend)}</legend>
            <p class="hint">{tr(Key::RoundsHint)}</p>
            <ol class="round-list">
                {move || {
                    rounds
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(at, (goal, on))| {
                            let id = format!("round-{}", goal.key());
                            view! {
                                <li data-round=goal.key()>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            id=id
                                            prop:checked=on
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                rounds.update(|r| r[at].1 = on);
                                            }
                                        />
                                        {move || goal_title(locale.get(), goal)}
                                    </label>
                                    <button
                                        type="button"
                                        class="round-up"
                                        aria-label=move || move_round(locale.get(), Key::MoveUp, goal)
                                        disabled=at == 0
                                        on:click=move |_| rounds.update(|r| move_by(r, at, -1))
                                    >
                                        "↑"
                                    </button>
                                    <button
                                        type="button"
                                        class="round-down"
                                        aria-label=move || move_round(locale.get(), Key::MoveDown, goal)
                                        disabled=move || at + 1 == count()
                                        on:click=move |_| rounds.update(|r| move_by(r, at, 1))
                                    >
                                        "↓"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            {move || {
                let problems = problems();
                (!problems.en.is_empty())
                    .then(|| {
                        view! {
                            <pre class="round-problems error" role="alert">
                                {said_view(locale.get(), &problems, "")}
                            </pre>
                        }
                    })
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_list_the_games_first_then_the_rest_unticked() {
        let mut s = Scenario::original();
        s.goals = vec![Goal::Data, Goal::Handshake];
        let rounds = rounds_of(&s);
        assert_eq!(rounds.len(), Goal::ALL.len() + Goal::NEXT.len());
        assert!(rounds.ends_with(&Goal::NEXT.map(|g| (g, false))));
        assert_eq!(
            &rounds[..3],
            [
                (Goal::Data, true),
                (Goal::Handshake, true),
                (Goal::Refused, false)
            ]
        );
        assert_eq!(chosen(&rounds), [Goal::Data, Goal::Handshake]);
    }

    #[test]
    fn a_round_moves_one_place_and_not_past_the_ends() {
        let mut rounds: Vec<_> = rounds_of(&Scenario::original())
            .into_iter()
            .filter(|(_, on)| *on)
            .collect();
        move_by(&mut rounds, 0, -1);
        assert_eq!(rounds[0].0, Goal::Handshake);
        let last = rounds.len() - 1;
        let (across, goodbye) = (rounds[last - 1].0, rounds[last].0);
        move_by(&mut rounds, last, 1);
        assert_eq!(rounds[last].0, goodbye);
        move_by(&mut rounds, last, -1);
        assert_eq!(chosen(&rounds)[last - 1..], [goodbye, across]);
    }

    /// The next steps the original session named (seed 001) can follow its seven rounds:
    /// ticking retransmission adds round 8 to the original game, which the validator takes.
    #[test]
    fn the_original_game_can_go_on_to_retransmission() {
        let s = Scenario::original();
        let mut rounds = rounds_of(&s);
        let at = rounds
            .iter()
            .position(|(g, _)| *g == Goal::Retransmit)
            .expect("listed");
        rounds[at].1 = true;
        assert_eq!(round_problems(&s, &rounds).en, "");
        assert_eq!(chosen(&rounds).last(), Some(&Goal::Retransmit));
        assert_eq!(chosen(&rounds).len(), Goal::ALL.len() + 1);
    }

    #[test]
    fn no_round_at_all_is_refused_in_the_validators_words() {
        let s = Scenario::original();
        let mut rounds = rounds_of(&s);
        assert_eq!(round_problems(&s, &rounds).en, "");
        for r in &mut rounds {
            r.1 = false;
        }
        let refused = round_problems(&s, &rounds);
        assert!(refused.en.contains("at least one goal"), "{refused:?}");
        assert!(
            refused
                .it
                .is_some_and(|it| it.contains("almeno una manche")),
            "the Italian page says it in Italian"
        );
    }
}
