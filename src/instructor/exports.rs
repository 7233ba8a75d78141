//! What the instructor takes home: a pcap per team (and one of everything) to open in
//! Wireshark, the game log as JSON, and the results as CSV for a spreadsheet.
//!
//! The CSV is built by a pure function ([`results_csv`]) tested natively; downloads go
//! through a `Blob`, an object URL and a temporary `<a download>`, which works offline and
//! needs no server.

use leptos::prelude::*;
use tcpip_stack::score::Goal;
use tcpip_stack::world::{MistakeGroup, PcapFilter};
use wasm_bindgen::JsCast;

use super::{ProgressRow, progress};
use crate::derived::Derived;
use crate::game::use_game;
use crate::i18n::{Key, Lang, file_saved, goal_title, pcap_of_team, said, t, use_locale};
use crate::slot::Slot;

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with
/// quotes doubled. A field a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) gets a leading `'`, because team names are typed by anyone
/// (OWASP "CSV injection").
pub fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Seconds with millisecond precision, as spreadsheets read them.
fn secs(d: tcpip_stack::time::Duration) -> String {
    let ms = d.millis();
    format!("{}.{:03}", ms / 1_000, ms % 1_000)
}

/// The results: one header line, then one line per team in leaderboard order: rank (the
/// podium is ranks 1 to 3), team, goals
/// done, the time of each goal in seconds (empty when not reached), mistakes, hints,
/// penalty in seconds, score, and "played by": `people`, or `bots` for a team no person
/// played (ranked after the teams of people). The words are in `lang`, the language the
/// instructor reads (the numbers are the same). Lines end with CRLF (RFC 4180).
pub fn results_csv(goals: &[Goal], rows: &[ProgressRow], lang: Lang) -> String {
    let words = |en: &'static str, it: &'static str| match lang {
        Lang::En => en,
        Lang::It => it,
    };
    let mut header = vec![
        words("rank", "posizione").to_string(),
        words("team", "squadra").to_string(),
        words("goals done", "manche completate").to_string(),
    ];
    header.extend(
        goals
            .iter()
            .map(|g| format!("{} (s)", goal_title(lang, *g))),
    );
    header.extend(
        [
            words("mistakes", "errori"),
            words("hints", "suggerimenti"),
            words("penalty (s)", "penalità (s)"),
            words("score", "punteggio"),
            words("played by", "giocata da"),
        ]
        .map(String::from),
    );
    let (people, bots) = (words("people", "persone"), words("bots", "bot"));
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    // By rank, then team: picked one by one rather than sorted, which spares the page a
    // sort routine of its own for the few rows a class has (issue 4's bundle budget).
    let mut left: Vec<&ProgressRow> = rows.iter().collect();
    let ordered = std::iter::from_fn(|| {
        let i = (0..left.len()).min_by_key(|&i| (left[i].rank, left[i].team))?;
        Some(left.remove(i))
    });
    for r in ordered {
        let mut fields = vec![
            r.rank.to_string(),
            csv_field(&r.name),
            r.goals_done.to_string(),
        ];
        fields.extend(goals.iter().enumerate().map(|(i, _)| {
            r.reached
                .get(i)
                .copied()
                .flatten()
                .map(secs)
                .unwrap_or_default()
        }));
        fields.push(r.mistakes.to_string());
        fields.push(r.hints.to_string());
        fields.push(secs(r.penalty));
        fields.push(r.score.to_string());
        fields.push(if r.played { people } else { bots }.to_string());
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The class's mistakes by rule, most common first (see [`tcpip_stack::world::Debrief`]):
/// rule, field, RFC section, cards, players, teams, and the why of the first card that
/// broke it in `lang` (the engine's English where it wrote no Italian). CRLF lines.
pub fn mistakes_csv(groups: &[MistakeGroup], lang: Lang) -> String {
    let header: [&str; 7] = match lang {
        Lang::En => [
            "rule",
            "field",
            "RFC",
            "cards",
            "players",
            "teams",
            "example why",
        ],
        Lang::It => [
            "regola",
            "campo",
            "RFC",
            "carte",
            "giocatori",
            "squadre",
            "perché (esempio)",
        ],
    };
    let mut out = header.map(csv_field).join(",");
    out.push_str("\r\n");
    for g in groups {
        let fields = [
            csv_field(&g.rule()),
            csv_field(&g.field),
            csv_field(&g.rfc),
            g.cards.to_string(),
            g.players.to_string(),
            g.teams.to_string(),
            csv_field(said(lang, &g.example.note.why).0),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A file-name-safe form of a team name: lower-case ASCII letters and digits, everything
/// else one `-`; `team-<n>` when nothing is left (a name of emoji or punctuation).
pub fn file_slug(name: &str, index: usize) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        format!("team-{}", index + 1)
    } else {
        slug
    }
}

/// Hands `bytes` to the browser as a download called `name`.
fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use web_sys::js_sys::{Array, Uint8Array};
    let fail = |what: &str| format!("the browser refused to {what}");
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("build the file"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("link the file"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("give a page"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("make a link"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body().ok_or_else(|| fail("give a page"))?;
    body.append_child(&anchor).map_err(|_| fail("add a link"))?;
    anchor.click();
    anchor.remove();
    // The download has started from the URL; free it once the browser has read it.
    crate::dom::after(5_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// The export buttons.
#[component]
pub fn Exports() -> impl IntoView {
    let game = use_game();
    let status: Slot<Option<Result<String, String>>> = Slot::new(None);
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let teams = Derived::new(move || {
        game.with_world(|w| {
            w.teams()
                .iter()
                .map(|t| (t.index, t.name.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    // Each export reads the world once, when asked (untracked: a click is not a view).
    let save = move |name: String, mime: &'static str, bytes: Option<Result<Vec<u8>, String>>| {
        let lang = locale.signal().get_untracked();
        let result = match bytes {
            None => Err(t(lang, Key::NoGameRunning).to_string()),
            Some(Err(e)) => Err(e),
            Some(Ok(bytes)) => download(&name, mime, &bytes).map(|()| file_saved(lang, &name)),
        };
        status.set(Some(result));
    };
    let pcap = move |filter: PcapFilter, name: String| {
        let bytes = untrack(|| game.with_world(|w| Ok(w.pcap(filter))));
        save(name, "application/vnd.tcpdump.pcap", bytes);
    };
    let log = move |_| {
        let bytes = untrack(|| {
            game.with_world(|w| {
                serde_json::to_vec(w.log())
                    .map_err(|e| format!("the game log cannot be written ({e})"))
            })
        });
        save("tcpip-log.json".into(), "application/json", bytes);
    };
    let csv = move |_| {
        let bytes = untrack(|| {
            game.with_world(|w| {
                let (goals, rows) = progress(w);
                Ok(results_csv(&goals, &rows, locale.signal().get_untracked()).into_bytes())
            })
        });
        save("tcpip-results.csv".into(), "text/csv", bytes);
    };
    let mistakes = move |_| {
        let bytes = untrack(|| {
            game.with_world(|w| {
                let groups = w.debrief().mistakes;
                Ok(mistakes_csv(&groups, locale.signal().get_untracked()).into_bytes())
            })
        });
        save("tcpip-mistakes.csv".into(), "text/csv", bytes);
    };

    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">{tr(Key::Exports)}</h2>
            <div class="export-buttons">
                {move || {
                    let lang = locale.get();
                    teams
                        .get()
                        .into_iter()
                        .map(|(i, name)| {
                            let file = format!("tcpip-{}.pcap", file_slug(&name, i));
                            let label = pcap_of_team(lang, &name);
                            view! {
                                <button
                                    class="export-pcap"
                                    data-file=file.clone()
                                    on:click=move |_| pcap(PcapFilter::Team(i), file.clone())
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()
                }}
                <button
                    class="export-pcap-all"
                    data-file="tcpip-all.pcap"
                    on:click=move |_| pcap(PcapFilter::All, "tcpip-all.pcap".into())
                >
                    {tr(Key::PcapAll)}
                </button>
                <button class="export-log" data-file="tcpip-log.json" on:click=log>
                    {tr(Key::GameLogJson)}
                </button>
                <button class="export-csv" data-file="tcpip-results.csv" on:click=csv>
                    {tr(Key::ResultsCsv)}
                </button>
                <button class="export-mistakes" data-file="tcpip-mistakes.csv" on:click=mistakes>
                    {tr(Key::MistakesCsv)}
                </button>
            </div>
            <p class="export-status" role="status">
                {move || match status.get() {
                    Some(Ok(done)) => view! { <span class="ok">{done}</span> }.into_any(),
                    Some(Err(e)) => {
                        view! {
                            <span class="error">
                                {format!("{} {e}", t(locale.get(), Key::NotSaved))}
                            </span>
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::time::Duration;

    fn row(team: usize, rank: usize, name: &str, reached: Vec<Option<Duration>>) -> ProgressRow {
        ProgressRow {
            team,
            rank,
            name: name.into(),
            goals_done: reached.iter().flatten().count(),
            reached,
            mistakes: 2,
            hints: 1,
            penalty: Duration::from_secs(50),
            score: 150,
            played: true,
        }
    }

    #[test]
    fn fields_are_quoted_only_when_needed_rfc_4180() {
        assert_eq!(csv_field("Red"), "Red");
        assert_eq!(csv_field("Red, Green"), "\"Red, Green\"");
        assert_eq!(csv_field("the \"best\" team"), "\"the \"\"best\"\" team\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("<b>Bold</b>"), "<b>Bold</b>");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-2,3"), "\"'-2,3\"");
    }

    #[test]
    fn results_have_a_header_and_one_line_per_team_in_rank_order() {
        let goals = [Goal::Handshake, Goal::Data];
        let mut rows = vec![
            row(
                0,
                2,
                "Red, \"the fast\"",
                vec![Some(Duration::from_millis(12_500)), None],
            ),
            row(
                1,
                1,
                "Green",
                vec![Some(Duration::from_secs(10)), Some(Duration::from_secs(70))],
            ),
        ];
        // Red is ranked second although ahead: nobody plays it.
        rows[0].played = false;
        let csv = results_csv(&goals, &rows, Lang::En);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "rank,team,goals done,Handshake (s),Data (s),mistakes,hints,penalty (s),score,\
             played by"
        );
        assert_eq!(lines[1], "1,Green,2,10.000,70.000,2,1,50.000,150,people");
        assert_eq!(
            lines[2],
            "2,\"Red, \"\"the fast\"\"\",1,12.500,,2,1,50.000,150,bots"
        );
        assert_eq!(lines[3], "");
        assert_eq!(lines.len(), 4);

        // For an instructor who reads Italian: the words change, the numbers do not.
        let csv = results_csv(&goals, &rows, Lang::It);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            format!(
                "posizione,squadra,manche completate,{} (s),{} (s),errori,suggerimenti,\
                 penalità (s),punteggio,giocata da",
                goal_title(Lang::It, Goal::Handshake),
                goal_title(Lang::It, Goal::Data)
            )
        );
        assert_eq!(lines[1], "1,Green,2,10.000,70.000,2,1,50.000,150,persone");
        assert!(lines[2].ends_with(",bot"), "{}", lines[2]);
    }

    #[test]
    fn a_real_game_exports_every_team() {
        let w = tcpip_stack::world::World::new(&tcpip_stack::scenario::Scenario::original())
            .expect("builds");
        let (goals, rows) = progress(&w);
        let csv = results_csv(&goals, &rows, Lang::En);
        assert_eq!(csv.lines().count(), 1 + w.teams().len());
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.contains("Goodbye (s)"))
        );
    }

    /// Seed 000 round 1: two cards to the router's address instead of the telnet server's
    /// are one rule, written by one player; its why is in the instructor's language.
    #[test]
    fn mistakes_have_a_line_per_rule_with_counts_and_a_why() {
        use tcpip_stack::world::{Action, Seat, World};
        let mut w = World::new(&tcpip_stack::scenario::Scenario::original()).expect("builds");
        let alice = w.node_by_name("Red client 1").expect("seat");
        let now = tcpip_stack::time::Instant::ZERO;
        w.act(
            Action::SetSeat {
                node: alice,
                seat: Seat::Human,
            },
            now,
        )
        .expect("seat");
        for port in ["40000", "40001"] {
            let card = tcpip_stack::card::Card {
                src_ip: "10.0.1.2".into(),
                dst_ip: "10.0.1.254".into(),
                src_port: port.into(),
                dst_port: "23".into(),
                syn: true,
                seq: "0".into(),
                ..Default::default()
            };
            w.act(
                Action::WriteCard {
                    node: alice,
                    card: Box::new(card),
                },
                now,
            )
            .expect("refereed");
        }
        let groups = w.debrief().mistakes;
        let en = mistakes_csv(&groups, Lang::En);
        let lines: Vec<&str> = en.split("\r\n").collect();
        assert_eq!(lines[0], "rule,field,RFC,cards,players,teams,example why");
        let g = &groups[0];
        assert!(
            lines[1].starts_with(&format!(
                "{},{},{},2,1,1,",
                csv_field(&g.rule()),
                csv_field(&g.field),
                csv_field(&g.rfc)
            )),
            "{}",
            lines[1]
        );
        assert_eq!(lines.len(), groups.len() + 2);
        let it = mistakes_csv(&groups, Lang::It);
        let why_it = g.example.note.why.it.clone().expect("an Italian why");
        assert!(
            it.lines()
                .nth(1)
                .is_some_and(|l| l.ends_with(&csv_field(&why_it))),
            "{it}"
        );
    }

    #[test]
    fn file_names_are_slugs() {
        assert_eq!(file_slug("Red", 0), "red");
        assert_eq!(file_slug("  Les Bleus!! ", 2), "les-bleus");
        assert_eq!(file_slug("<b>x</b>", 0), "b-x-b");
        assert_eq!(file_slug("🦀🦀", 4), "team-5");
    }
}
