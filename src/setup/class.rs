//! Sizing the original game for the class in front of the teacher, without a scenario
//! file: how many students (the game proposes teams of 3–4, see
//! [`ClassShape::propose_for`]), or the teams and the clients per team directly, with the
//! seats that makes. Shown for the original game and every game shaped like it.

use leptos::prelude::*;
use tcpip_stack::scenario::{
    ClassShape, MAX_CLASS_CLIENTS, MAX_CLASS_TEAMS, Scenario, ScenarioError,
};
use tcpip_stack::text::{Text, text};

use super::{SeatKey, rename_team};
use crate::i18n::{Key, seat_total, use_locale};
use crate::slot::Slot;

/// `scenario` resized to `shape`: the class-sized game of that shape, with the settings,
/// the rounds and the team names the teacher already chose (for the teams that remain).
pub fn resize(scenario: &Scenario, shape: ClassShape) -> Result<Scenario, ScenarioError> {
    let mut sized = Scenario::class_sized(shape.teams, shape.clients)?;
    sized.settings = scenario.settings.clone();
    sized.goals = scenario.goals.clone();
    for (t, team) in scenario.teams.iter().enumerate().take(shape.teams) {
        rename_team(&mut sized, t, &team.name);
        // Clients are named after their team, as the class-sized game names them.
        if let Some(kept) = sized.teams.get_mut(t) {
            kept.clients = (1..=shape.clients)
                .map(|c| format!("{} client {c}", team.name))
                .collect();
        }
    }
    Ok(sized)
}

/// The seats people play that still exist in a game of `shape`.
fn keep_seats(humans: &mut Vec<SeatKey>, shape: ClassShape) {
    humans.retain(|key| match *key {
        SeatKey::Router(t) | SeatKey::Server(t) => t < shape.teams,
        SeatKey::Client(t, c) => t < shape.teams && c < shape.clients,
        // Kept while the game has a DNS server or a balancer; without one it names no node.
        SeatKey::Dns | SeatKey::Balancer => true,
    });
}

/// What a class of `typed` students gets, or why it cannot be sized (in both languages).
fn propose(typed: &str) -> Result<(ClassShape, usize), Text> {
    let max = ClassShape::MAX_STUDENTS;
    let students = typed
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=max).contains(n));
    let Some(students) = students else {
        return Err(text!(
            "students: a number from 1 to {max}, not \"{typed}\"",
            "studenti: un numero da 1 a {max}, non \"{typed}\""
        ));
    };
    ClassShape::propose_for(students)
        .map(|shape| (shape, students))
        .map_err(|e| e.text())
}

/// The class fieldset; nothing for a scenario of another shape.
#[component]
pub fn ClassControls(scenario: Slot<Scenario>, humans: Slot<Vec<SeatKey>>) -> impl IntoView {
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let shape = move || scenario.with(ClassShape::of);
    // The proposal in words, or why the size was refused, or why a shape was refused.
    let said = Slot::new(None::<Result<Text, Text>>);
    let apply = move |to: ClassShape| match scenario.with_untracked(|s| resize(s, to)) {
        Ok(sized) => {
            scenario.set(sized);
            humans.update(|h| keep_seats(h, to));
            true
        }
        Err(e) => {
            said.set(Some(Err(e.text())));
            false
        }
    };
    let on_size = move |ev| match propose(&event_target_value(&ev)) {
        Ok((to, students)) => {
            if apply(to) {
                said.set(Some(Ok(to.explain(students))));
            }
        }
        Err(why) => said.set(Some(Err(why))),
    };
    // A number box of the shape: `pick` reads it, `set` makes the new shape.
    let number = move |id: &'static str,
                       label: Key,
                       max: usize,
                       min: usize,
                       pick: fn(ClassShape) -> usize,
                       set: fn(ClassShape, usize) -> ClassShape| {
        view! {
            <label for=id>{tr(label)}</label>
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min.to_string()
                max=max.to_string()
                prop:value=move || shape().map(pick).unwrap_or_default().to_string()
                on:change=move |ev| {
                    let Some(now) = shape() else { return };
                    match event_target_value(&ev).trim().parse::<usize>() {
                        Ok(n) if apply(set(now, n)) => said.set(None),
                        Ok(_) => {}
                        Err(_) => said.set(Some(Err(text!(
                            "a whole number from {min} to {max}",
                            "un numero intero da {min} a {max}"
                        )))),
                    }
                }
            />
        }
    };
    view! {
        {crate::shown::shown(
            move || shape().is_some(),
            move || view! {
                <fieldset class="class-size">
                    <legend>{tr(Key::ClassLegend)}</legend>
                    <p class="hint">{tr(Key::ClassHint)}</p>
                    <div class="class-fields">
                        <label for="class-students">{tr(Key::ClassSize)}</label>
                        <input
                            id="class-students"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=ClassShape::MAX_STUDENTS.to_string()
                            on:input=on_size
                        />
                        {number(
                            "class-teams",
                            Key::TeamsCount,
                            MAX_CLASS_TEAMS,
                            2,
                            |s| s.teams,
                            |s, teams| ClassShape { teams, ..s },
                        )}
                        {number(
                            "class-clients",
                            Key::ClientsPerTeam,
                            MAX_CLASS_CLIENTS,
                            1,
                            |s| s.clients,
                            |s, clients| ClassShape { clients, ..s },
                        )}
                    </div>
                    <p class="seat-total" role="status">
                        {move || {
                            shape()
                                .map(|s| seat_total(locale.get(), s.teams, s.clients))
                                .unwrap_or_default()
                        }}
                    </p>
                    {move || {
                        said.get()
                            .map(|said| match said {
                                Ok(why) => {
                                    view! {
                                        <p class="class-proposal" role="status">
                                            {locale.said(why, "")}
                                        </p>
                                    }
                                        .into_any()
                                }
                                Err(why) => {
                                    view! {
                                        <p class="class-problem error" role="alert">
                                            {locale.said(why, "")}
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </fieldset>
            },
        )}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::score::Goal;

    #[test]
    fn resizing_keeps_the_teachers_names_rounds_and_settings() {
        let mut original = Scenario::original();
        original.settings.speed_percent = 200;
        original.goals = vec![Goal::Goodbye, Goal::Handshake];
        rename_team(&mut original, 1, "Verde");
        let sized = resize(
            &original,
            ClassShape {
                teams: 4,
                clients: 3,
            },
        )
        .unwrap();
        assert_eq!(sized.seats(), 20);
        let names: Vec<_> = sized.teams.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Red", "Verde", "Blue", "LAN 4"]);
        assert_eq!(sized.teams[1].clients[2], "Verde client 3");
        assert_eq!(sized.settings.speed_percent, 200);
        assert_eq!(sized.goals, original.goals);
        assert!(sized.validate().is_empty(), "{:?}", sized.validate());
        let err = resize(
            &original,
            ClassShape {
                teams: MAX_CLASS_TEAMS + 1,
                clients: 1,
            },
        )
        .unwrap_err();
        assert_eq!(err.field, "teams");
    }

    #[test]
    fn seats_of_teams_and_clients_that_are_gone_are_forgotten() {
        let mut humans = vec![
            SeatKey::Router(0),
            SeatKey::Client(0, 1),
            SeatKey::Server(2),
        ];
        keep_seats(
            &mut humans,
            ClassShape {
                teams: 2,
                clients: 1,
            },
        );
        assert_eq!(humans, [SeatKey::Router(0)]);
    }

    #[test]
    fn a_class_size_is_read_as_typed_or_refused_in_both_languages() {
        let (shape, students) = propose(" 30 ").unwrap();
        assert_eq!((shape.teams, shape.clients, students), (8, 2, 30));
        for typed in ["0", "abc", "401", ""] {
            let why = propose(typed).unwrap_err();
            assert!(why.en.starts_with("students:"), "{typed}: {why}");
            assert!(why.it.is_some_and(|it| it.starts_with("studenti:")));
        }
    }
}
