//! The instructor's fault panel: a small form that aims one fault of `stack/src/fault.rs` at
//! a team, a connection (team + client) or a link (two teams), and says what happened.
//!
//! Reading the form into a [`Fault`] is a pure function ([`build_fault`]) so that every way
//! of filling it in wrongly is tested natively; the component only holds the form state.

use leptos::prelude::*;
use tcpip_stack::addr::Prefix;
use tcpip_stack::fault::{CHOICES, Choice, Fault, FaultTarget, Setting};
use tcpip_stack::text::Text;
use tcpip_stack::time::Duration;
use tcpip_stack::world::{Action, EventKind};

use super::describe_fault;
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, bad_delay, said_view, t, use_locale, words};
use crate::slot::Slot;

/// The longest delay the form accepts: ten minutes of game time is already a lost card
/// for every timer of the game.
pub const MAX_DELAY_SECS: u64 = 600;

/// What the fault is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetChoice {
    Team,
    Connection,
    Link,
}

impl TargetChoice {
    pub const ALL: [TargetChoice; 3] = [
        TargetChoice::Team,
        TargetChoice::Connection,
        TargetChoice::Link,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TargetChoice::Team => "team",
            TargetChoice::Connection => "connection",
            TargetChoice::Link => "link",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                TargetChoice::Team => Key::TargetTeam,
                TargetChoice::Connection => Key::TargetConnection,
                TargetChoice::Link => Key::TargetLink,
            },
        )
    }

    pub fn from_key(key: &str) -> Option<TargetChoice> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The destination-unreachable codes the form offers (RFC 792, RFC 1812 §5.2.7.1), with
/// the key of their name (the desk's router names the first three the same way).
pub const ICMP_CODES: [(u8, Key); 4] = [
    (0, Key::CodeNet),
    (1, Key::CodeHost),
    (3, Key::CodePort),
    (13, Key::IcmpCodeAdminLong),
];

/// Everything the form holds, as typed or picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultChoice {
    pub target: TargetChoice,
    pub team_a: usize,
    pub team_b: usize,
    pub client: usize,
    /// The line of the kind select.
    pub kind: &'static Choice,
    pub code: u8,
    /// Seconds, as typed.
    pub delay: String,
    /// A prefix of the target router's table, as listed.
    pub prefix: String,
}

impl Default for FaultChoice {
    fn default() -> Self {
        FaultChoice {
            target: TargetChoice::Team,
            team_a: 0,
            team_b: 1,
            client: 0,
            kind: &CHOICES[0],
            code: 0,
            delay: "5".into(),
            prefix: String::new(),
        }
    }
}

/// The fault the form describes, or the sentence (in `lang`) saying what to fix. The engine
/// checks the indices again; this only refuses what the form itself can tell is wrong.
pub fn build_fault(c: &FaultChoice, lang: Lang) -> Result<Fault, String> {
    let target = match c.target {
        TargetChoice::Team => FaultTarget::Team(c.team_a),
        TargetChoice::Connection => FaultTarget::Connection {
            team: c.team_a,
            client: c.client,
        },
        TargetChoice::Link => {
            if c.team_a == c.team_b {
                return Err(t(lang, Key::ErrLinkSameTeam).into());
            }
            FaultTarget::Link {
                team_a: c.team_a,
                team_b: c.team_b,
            }
        }
    };
    // The setting the kind takes, from the field the form shows for it.
    let kind = &c.kind.kind;
    let setting = match kind.setting() {
        // A forged RST's `matching` is the line itself.
        fixed @ (Setting::None | Setting::Matching(_)) => fixed,
        Setting::Code(_) => Setting::Code(c.code),
        Setting::Delay(_) => {
            let typed = c.delay.trim();
            match typed.parse::<u64>() {
                Ok(s) if (1..=MAX_DELAY_SECS).contains(&s) => {
                    Setting::Delay(Duration::from_secs(s))
                }
                _ => return Err(bad_delay(lang, MAX_DELAY_SECS, typed)),
            }
        }
        Setting::Prefix(_) => match c.prefix.trim().parse::<Prefix>() {
            Ok(prefix) => Setting::Prefix(prefix),
            Err(_) => return Err(t(lang, Key::ErrNoRoute).into()),
        },
    };
    let kind = kind.with(setting);
    Ok(Fault { kind, target })
}

/// What a kind teaches, shown under the form (the engine's own sentence and RFC, in both
/// languages).
fn explain(c: &FaultChoice) -> Text {
    // Only an ICMP code changes the sentence (soft or hard error, RFC 1122 §4.2.3.9).
    c.kind.kind.with(Setting::Code(c.code)).explain()
}

/// A team as the target selects list it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TeamOption {
    index: usize,
    name: String,
    clients: Vec<String>,
    routes: Vec<String>,
}

/// What the form says after a try: what was injected (in the form's language) with the
/// engine's effect (in both), or why nothing was.
type Outcome = Result<(String, Option<Text>), String>;

/// The fault form.
#[component]
pub fn FaultForm() -> impl IntoView {
    let game = use_game();
    let uid = crate::desk::next_id();
    let id = move |name: &str| format!("fault-{name}-{uid}");
    let choice = Slot::new(FaultChoice::default());
    let outcome: Slot<Option<Outcome>> = Slot::new(None);
    let locale = use_locale();
    let tr = move |key| locale.text(key);

    let teams = Derived::new(move || {
        game.with_world(|w| {
            let names = w.nodes();
            let name_of = |n| {
                names
                    .iter()
                    .find(|v| v.id == n)
                    .map_or_else(|| "client".to_string(), |v| v.name.clone())
            };
            w.teams()
                .iter()
                .map(|t| TeamOption {
                    index: t.index,
                    name: t.name.clone(),
                    clients: t.clients.iter().map(|c| name_of(*c)).collect(),
                    routes: w
                        .routes(t.router)
                        .iter()
                        .map(|r| r.prefix.to_string())
                        .collect(),
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let team_a = Derived::new(move || {
        let i = choice.with(|c| c.team_a);
        teams.with(|ts| ts.iter().find(|t| t.index == i).cloned())
    });
    // The route select follows the target team's table: keep the chosen prefix valid.
    Effect::new(move |_| {
        let routes = team_a.with(|t| t.as_ref().map(|t| t.routes.clone()).unwrap_or_default());
        choice.update(|c| {
            if !routes.contains(&c.prefix) {
                c.prefix = routes.first().cloned().unwrap_or_default();
            }
        });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = choice.get_untracked();
        let lang = locale.signal().get_untracked();
        let fault = match build_fault(&c, lang) {
            Ok(fault) => fault,
            Err(e) => {
                outcome.set(Some(Err(e)));
                return;
            }
        };
        let described = untrack(|| game.with_world(|w| describe_fault(&fault, w, lang)))
            .unwrap_or_else(|| fault.to_string());
        game.submit(Action::InjectFault(fault), move |verdict| {
            // The refusal's English: this panel marks its error as English.
            let result = verdict.map_err(|refusal| refusal.en).map(|events| {
                let effect = events.iter().find_map(|e| match &e.kind {
                    EventKind::FaultInjected { effect, .. } => Some(effect.clone()),
                    _ => None,
                });
                (described, effect)
            });
            outcome.set(Some(result));
        });
    };

    let team_label = move || {
        let key = match choice.with(|c| c.target) {
            TargetChoice::Link => Key::FirstTeam,
            _ => Key::TeamLower,
        };
        t(locale.get(), key)
    };
    let team_options = move || {
        teams
            .get()
            .into_iter()
            .map(|t| (t.index.to_string(), t.name))
            .collect::<Vec<_>>()
    };
    let show = move |t: TargetChoice| move || choice.with(|c| c.target == t);
    let takes =
        move |sort: fn(Setting) -> bool| move || choice.with(|c| sort(c.kind.kind.setting()));

    view! {
        // `novalidate`: the form's own sentences (from `build_fault` and the engine) explain
        // every problem; the browser's bubbles would block submission without them.
        <form class="fault-form" novalidate on:submit=submit aria-labelledby=id("title")>
            <h3 id=id("title")>{tr(Key::BreakTheNetwork)}</h3>
            <SelectRow
                id=id("target")
                name="target"
                label=Derived::new(tr(Key::AimAt))
                options=Derived::new(move || {
                    let lang = locale.get();
                    TargetChoice::ALL.iter().map(|t| (t.key().to_string(), t.label(lang).to_string())).collect()
                })
                current=Derived::new(move || choice.with(|c| c.target.key().to_string()))
                pick=Callback::new(move |v: String| {
                    if let Some(t) = TargetChoice::from_key(&v) {
                        choice.update(|c| c.target = t);
                    }
                })
            />
            <SelectRow
                id=id("team")
                name="team"
                label=Derived::new(team_label)
                options=Derived::new(team_options)
                current=Derived::new(move || choice.with(|c| c.team_a.to_string()))
                pick=Callback::new(move |v: String| {
                    if let Ok(i) = v.parse::<usize>() {
                        choice.update(|c| {
                            c.team_a = i;
                            c.client = 0;
                        });
                    }
                })
            />
            {crate::shown::shown(
                show(TargetChoice::Connection),
                move || view! {
                    <SelectRow
                        id=id("client")
                        name="client"
                        label=Derived::new(tr(Key::ClientLower))
                        options=Derived::new(move || {
                            let clients = team_a.get().map(|t| t.clients).unwrap_or_default();
                            clients.into_iter().enumerate().map(|(i, name)| (i.to_string(), name)).collect()
                        })
                        current=Derived::new(move || choice.with(|c| c.client.to_string()))
                        pick=Callback::new(move |v: String| {
                            if let Ok(i) = v.parse::<usize>() {
                                choice.update(|c| c.client = i);
                            }
                        })
                    />
                },
            )}
            {crate::shown::shown(
                show(TargetChoice::Link),
                move || view! {
                    <SelectRow
                        id=id("team-b")
                        name="team-b"
                        label=Derived::new(tr(Key::SecondTeam))
                        options=Derived::new(team_options)
                        current=Derived::new(move || choice.with(|c| c.team_b.to_string()))
                        pick=Callback::new(move |v: String| {
                            if let Ok(i) = v.parse::<usize>() {
                                choice.update(|c| c.team_b = i);
                            }
                        })
                    />
                },
            )}
            <SelectRow
                id=id("kind")
                name="kind"
                label=Derived::new(tr(Key::Fault))
                described_by=id("explain")
                options=Derived::new(move || {
                    let lang = locale.get();
                    CHOICES.iter().map(|k| (k.value.to_string(), words(lang, k.label).to_string())).collect()
                })
                current=Derived::new(move || choice.with(|c| c.kind.value.to_string()))
                pick=Callback::new(move |v: String| {
                    if let Some(k) = CHOICES.iter().find(|k| k.value == v) {
                        choice.update(|c| c.kind = k);
                    }
                })
            />
            {crate::shown::shown(
                takes(|s| matches!(s, Setting::Code(_))),
                move || view! {
                    <SelectRow
                        id=id("code")
                        name="code"
                        label=Derived::new(tr(Key::IcmpCode))
                        options=Derived::new(move || {
                            let lang = locale.get();
                            ICMP_CODES.iter().map(|(code, label)| (code.to_string(), t(lang, *label).to_string())).collect()
                        })
                        current=Derived::new(move || choice.with(|c| c.code.to_string()))
                        pick=Callback::new(move |v: String| {
                            if let Ok(code) = v.parse::<u8>() {
                                choice.update(|c| c.code = code);
                            }
                        })
                    />
                },
            )}
            {crate::shown::shown(
                takes(|s| matches!(s, Setting::Delay(_))),
                move || view! {
                    <div class="fault-row">
                        <label for=id("delay")>{tr(Key::DelaySeconds)}</label>
                        <input
                            id=id("delay")
                            name="delay"
                            type="number"
                            min="1"
                            max=MAX_DELAY_SECS.to_string()
                            step="1"
                            inputmode="numeric"
                            prop:value=move || choice.with(|c| c.delay.clone())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                choice.update(|c| c.delay = v);
                            }
                        />
                    </div>
                },
            )}
            {crate::shown::shown(
                takes(|s| matches!(s, Setting::Prefix(_))),
                move || view! {
                    <SelectRow
                        id=id("prefix")
                        name="prefix"
                        label=Derived::new(tr(Key::RouteOfRouter))
                        options=Derived::new(move || {
                            let routes = team_a.get().map(|t| t.routes).unwrap_or_default();
                            if routes.is_empty() {
                                vec![(String::new(), t(locale.get(), Key::NoRouteListed).to_string())]
                            } else {
                                routes.into_iter().map(|r| (r.clone(), r)).collect()
                            }
                        })
                        current=Derived::new(move || choice.with(|c| c.prefix.clone()))
                        pick=Callback::new(move |v: String| choice.update(|c| c.prefix = v))
                    />
                },
            )}
            // The engine's own sentence and RFC, in the form's language.
            <p class="fault-explain" id=id("explain")>
                {move || said_view(locale.get(), &choice.with(explain), "fault-teaches")}
            </p>
            <button type="submit" class="fault-inject">{tr(Key::InjectFault)}</button>
            <p class="fault-outcome" role="status" aria-live="polite">
                {move || match outcome.get() {
                    Some(Ok((text, effect))) => {
                        view! {
                            <span class="ok">
                                {format!("{} — {text}", t(locale.get(), Key::Done))}
                                {effect
                                    .map(|e| view! { ": " {said_view(locale.get(), &e, "fault-effect")} })}
                            </span>
                        }
                            .into_any()
                    }
                    Some(Err(text)) => {
                        view! {
                            <span class="error">
                                {format!("{} {text}", t(locale.get(), Key::NotInjected))}
                            </span>
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::fault::FaultKind;

    #[test]
    fn the_default_form_is_a_non_matching_rst_on_the_first_team() {
        let f = build_fault(&FaultChoice::default(), Lang::En).expect("valid");
        assert_eq!(f.kind, FaultKind::ForgedRst { matching: false });
        assert_eq!(f.target, FaultTarget::Team(0));
    }

    #[test]
    fn targets_become_team_connection_or_link() {
        let c = FaultChoice {
            target: TargetChoice::Connection,
            team_a: 2,
            client: 1,
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&c, Lang::En).map(|f| f.target),
            Ok(FaultTarget::Connection { team: 2, client: 1 })
        );
        let c = FaultChoice {
            target: TargetChoice::Link,
            team_a: 0,
            team_b: 2,
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&c, Lang::En).map(|f| f.target),
            Ok(FaultTarget::Link {
                team_a: 0,
                team_b: 2
            })
        );
        let c = FaultChoice {
            target: TargetChoice::Link,
            team_a: 1,
            team_b: 1,
            ..FaultChoice::default()
        };
        assert!(
            build_fault(&c, Lang::En)
                .unwrap_err()
                .contains("two different teams")
        );
    }

    #[test]
    fn delay_must_be_whole_seconds_in_range() {
        let with = |d: &str| FaultChoice {
            kind: line("delay"),
            delay: d.into(),
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&with(" 7 "), Lang::En).map(|f| f.kind),
            Ok(FaultKind::Delay {
                by: Duration::from_secs(7)
            })
        );
        for bad in ["0", "-3", "1.5", "", "601", "<b>x</b>"] {
            let e = build_fault(&with(bad), Lang::En).unwrap_err();
            assert!(e.contains("whole number of seconds"), "{bad}: {e}");
        }
    }

    #[test]
    fn icmp_code_and_route_prefix_are_carried() {
        let c = FaultChoice {
            kind: line("icmp-unreachable"),
            code: 13,
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&c, Lang::En).map(|f| f.kind),
            Ok(FaultKind::IcmpUnreachable { code: 13 })
        );
        // RFC 5927 §4.1: the forged twin carries the same code.
        let c = FaultChoice {
            kind: line("icmp-forged"),
            code: 3,
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&c, Lang::En).map(|f| f.kind),
            Ok(FaultKind::ForgedIcmp { code: 3 })
        );
        assert!(explain(&c).en.contains("RFC 5927 §4.1"));
        let c = FaultChoice {
            kind: line("route-removed"),
            prefix: "10.0.2.0/24".into(),
            ..FaultChoice::default()
        };
        assert_eq!(
            build_fault(&c, Lang::En).map(|f| f.kind),
            Ok(FaultKind::RouteRemoved {
                prefix: "10.0.2.0/24".parse().expect("prefix")
            })
        );
        let c = FaultChoice {
            kind: line("route-removed"),
            prefix: String::new(),
            ..FaultChoice::default()
        };
        assert!(
            build_fault(&c, Lang::En)
                .unwrap_err()
                .contains("route to remove")
        );
    }

    /// The line of the kind select with this value.
    fn line(value: &str) -> &'static Choice {
        CHOICES
            .iter()
            .find(|c| c.value == value)
            .unwrap_or_else(|| panic!("no line {value}"))
    }

    /// Each line of the kind select injects its own kind, and the form asks for the
    /// setting that kind takes: a delay carries the seconds typed, not the default.
    #[test]
    fn every_line_injects_its_kind() {
        let typed = FaultChoice {
            code: 3,
            delay: "9".into(),
            prefix: "10.0.2.0/24".into(),
            ..FaultChoice::default()
        };
        for k in &CHOICES {
            let c = FaultChoice {
                kind: k,
                ..typed.clone()
            };
            let f = build_fault(&c, Lang::En).expect("valid");
            assert_eq!(f.kind.spec(), k.kind.spec(), "{}", k.value);
            assert_eq!(Choice::of(&f.kind), Some(k));
            match f.kind.setting() {
                Setting::Code(code) => assert_eq!(code, 3),
                Setting::Delay(by) => assert_eq!(by, Duration::from_secs(9)),
                Setting::Prefix(p) => assert_eq!(p.to_string(), "10.0.2.0/24"),
                Setting::Matching(_) | Setting::None => assert_eq!(f.kind, k.kind),
            }
        }
    }

    #[test]
    fn every_target_round_trips_through_its_key() {
        for t in TargetChoice::ALL {
            assert_eq!(TargetChoice::from_key(t.key()), Some(t));
        }
        assert_eq!(TargetChoice::from_key("nope"), None);
    }
}

/// One labelled choice of the fault form: the options are `(value, text)` pairs and the
/// selected one follows `current`, so every select of the form behaves the same way.
#[component]
fn SelectRow(
    id: String,
    name: &'static str,
    label: Derived<&'static str>,
    options: Derived<Vec<(String, String)>>,
    current: Derived<String>,
    pick: Callback<String>,
    #[prop(optional, into)] described_by: Option<String>,
) -> impl IntoView {
    let select_id = id.clone();
    view! {
        <div class="fault-row">
            <label for=id>{move || label.get()}</label>
            <select
                id=select_id
                name=name
                aria-describedby=described_by
                on:change=move |ev| pick.run(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let mine = value.clone();
                            view! {
                                <option value=value selected=move || current.with(|c| *c == mine)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
