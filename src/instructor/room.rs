//! The classroom room as its instructor runs it: the join code in large type, the links
//! and the QR code students open, who is in the room and where they sit (with a select
//! to move each person), a new team when every seat is taken and people still watch, the
//! room's log to download, and the end of the room. The
//! projector shows the join part too, so students can join from the back of the room.
//!
//! Names are whatever people typed: they are always rendered as text nodes.

use leptos::prelude::*;
use tcpip_protocol::msg::join_link;
use tcpip_protocol::{Member, MemberId};
use tcpip_stack::time::Instant;
use tcpip_stack::world::NodeId;

use crate::app::ConfirmButton;
use crate::derived::Derived;
use crate::desk::seat_label;
use crate::game::{Role, room_log_url, room_qr_url, use_game};
use crate::i18n::{Key, seats_all_taken, t, use_locale};
use crate::slot::Slot;

/// The `<select>` value that means "watch" (no seat).
const WATCH: &str = "watch";

/// The links students can open to join `code`: one per address the server listed, else
/// this page's own address.
pub fn join_links(urls: &[String], page_origin: &str, code: &str) -> Vec<String> {
    if urls.is_empty() {
        vec![join_link(page_origin, code)]
    } else {
        urls.iter().map(|u| join_link(u, code)).collect()
    }
}

/// A person's seat in words: "watching", "instructor", or the node's name.
fn seat_text(
    member: &Member,
    seats: &[(NodeId, String)],
    watching: &str,
    instructor: &str,
) -> String {
    if member.instructor {
        return instructor.to_string();
    }
    member
        .node
        .and_then(|n| seats.iter().find(|(id, _)| *id == n))
        .map_or_else(|| watching.to_string(), |(_, label)| label.clone())
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The code, the links and the QR code: what a student needs to join. Nothing outside a
/// room.
#[component]
pub fn JoinInfo() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let code = Derived::new(move || game.room().map(|r| r.code));
    let links = Derived::new(move || {
        let urls = game.server_info().map(|i| i.urls).unwrap_or_default();
        code.get()
            .map(|c| join_links(&urls, &page_origin(), &c))
            .unwrap_or_default()
    });
    move || {
        code.get().map(|code| {
            let lang = locale.get();
            view! {
                <div class="join-info">
                    <div class="join-text">
                        <p class="room-code-big">
                            <span class="room-code-label">{t(lang, Key::JoinCode)}</span>
                            " "
                            <strong class="room-code-value">{code.clone()}</strong>
                        </p>
                        <p class="join-at">{t(lang, Key::JoinAt)} ":"</p>
                        <ul class="join-links">
                            {links
                                .get()
                                .into_iter()
                                .map(|l| {
                                    let text = l.clone();
                                    view! { <li><a href=l>{text}</a></li> }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                    <img
                        class="room-qr"
                        src=room_qr_url(&code)
                        alt=t(lang, Key::QrAlt)
                        width="220"
                        height="220"
                    />
                </div>
            }
        })
    }
}

/// The join part of the room on the projector (the instructor's only).
#[component]
pub fn RoomJoin() -> impl IntoView {
    let game = use_game();
    view! {
        {crate::shown::shown(
            move || game.role() == Role::Instructor,
            move || view! {
                <section class="room-join">
                    <JoinInfo />
                </section>
            },
        )}
    }
}

/// The instructor's room panel, at the top of the Instructor tab; nothing in local mode.
#[component]
pub fn RoomPanel() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let log = Derived::new(move || {
        game.room()
            .and_then(|r| r.you)
            .map(|you| room_log_url(&you.code, &you.token))
    });
    // What this page last asked; the server confirms it in its notice.
    let locked = Slot::new(false);
    let lock = move |_| {
        let now = !locked.get();
        locked.set(now);
        game.lock_room(now);
    };
    view! {
        {crate::shown::shown(
            move || game.role() == Role::Instructor,
            move || view! {
                <section class="room-panel" aria-labelledby="room-panel-title">
                    <h2 id="room-panel-title">{tr(Key::RoomPanel)}</h2>
                    <JoinInfo />
                    <SeatsFull />
                    <Roster />
                    <div class="room-actions">
                        <a class="room-log" href=move || log.get().unwrap_or_default() download="">
                            {tr(Key::DownloadRoomLog)}
                        </a>
                        <button type="button" class="room-lock" aria-pressed=move || locked.get().to_string() on:click=lock>
                            {move || tr(if locked.get() { Key::UnlockRoom } else { Key::LockRoom })}
                        </button>
                        <ConfirmButton
                            label=Key::EndRoom
                            question=Key::EndQuestion
                            confirm=Key::EndConfirm
                            cancel=Key::KeepOpen
                            on_confirm=Callback::new(move |()| game.end_room())
                        />
                    </div>
                </section>
            },
        )}
    }
}

/// How many people watch because every seat has a person, if any do.
pub fn watching_when_full(members: &[Member], seats: usize) -> Option<usize> {
    let students = members.iter().filter(|m| !m.instructor);
    let seated = students.clone().filter(|m| m.node.is_some()).count();
    let watching = students.filter(|m| m.node.is_none() && m.online).count();
    (watching > 0 && seated >= seats).then_some(watching)
}

/// "Every seat is taken: N people watch", and in the lobby a button that adds a team for
/// them (the server seats them in it); once the game has started, why it cannot.
#[component]
fn SeatsFull() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let watching = Derived::new(move || {
        let seats = game.with_world(|w| w.nodes().len()).unwrap_or(0);
        game.room()
            .and_then(|r| watching_when_full(&r.members, seats))
    });
    let lobby = move || {
        game.clock().paused()
            && game
                .with_world(|w| w.now() == Instant::ZERO)
                .unwrap_or(false)
    };
    view! {
        {move || {
            watching
                .get()
                .map(|n| {
                    view! {
                        <div class="seats-full" role="status">
                            <p>{move || seats_all_taken(locale.get(), n)}</p>
                            {move || {
                                if lobby() {
                                    view! {
                                        <button
                                            type="button"
                                            class="add-team"
                                            on:click=move |_| game.add_team()
                                        >
                                            {tr(Key::AddTeam)}
                                        </button>
                                        <p class="hint">{tr(Key::AddTeamHint)}</p>
                                    }
                                        .into_any()
                                } else {
                                    view! { <p class="hint">{tr(Key::AddTeamStarted)}</p> }.into_any()
                                }
                            }}
                        </div>
                    }
                })
        }}
    }
}

/// Who is in the room: name, seat, online or not, and a select to move each person.
#[component]
fn Roster() -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let tr = move |key| locale.text(key);
    let members = Derived::new(move || game.room().map(|r| r.members).unwrap_or_default());
    // Every seat of the game, labelled as the desk's seat picker labels them.
    let seats = Derived::new(move || {
        let lang = locale.get();
        game.with_world(|w| {
            let teams = w.teams();
            w.nodes()
                .iter()
                .map(|n| {
                    let team = teams.get(n.team).map(|t| t.name.as_str());
                    (n.id, seat_label(lang, n, team))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let students = move || {
        members
            .get()
            .into_iter()
            .filter(|m| !m.instructor)
            .collect::<Vec<_>>()
    };
    view! {
        {crate::shown::shown_or(
            move || members.with(|ms| ms.iter().any(|m| !m.instructor)),
            move || view! {
                <div class="table-scroll">
                    <table class="roster">
                        <caption>{tr(Key::Roster)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(Key::PersonCol)}</th>
                                <th scope="col">{tr(Key::SeatCol)}</th>
                                <th scope="col">{tr(Key::ConnectionLabel)}</th>
                                <th scope="col">{tr(Key::MoveTo)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {crate::keyed::keyed(move || {
                                students()
                                    .into_iter()
                                    .map(|m| {
                                        // A row is redrawn when its person moves, goes on or
                                        // off line, or is renamed.
                                        let node = m.node.map_or(String::new(), |n| n.0.to_string());
                                        let key = format!("{} {node} {} {}", m.id, m.online, m.name);
                                        crate::keyed::Row::new(key, move || {
                                            view! { <RosterRow member=m.clone() seats /> }
                                        })
                                    })
                                    .collect()
                            })}
                        </tbody>
                    </table>
                </div>
            },
            move || view! { <p class="roster-empty">{tr(Key::NobodyJoined)}</p> },
        )}
    }
}

#[component]
fn RosterRow(member: Member, seats: Derived<Vec<(NodeId, String)>>) -> impl IntoView {
    let game = use_game();
    let locale = use_locale();
    let id: MemberId = member.id;
    let current = member.node;
    let seat = {
        let member = member.clone();
        move || {
            let lang = locale.get();
            seats.with(|s| {
                seat_text(
                    &member,
                    s,
                    t(lang, Key::Watching),
                    t(lang, Key::InstructorWord),
                )
            })
        }
    };
    let online = member.online;
    let name = member.name.clone();
    let aria = move || format!("{} {}", t(locale.get(), Key::SeatOf), name);
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let node = if value == WATCH {
            None
        } else {
            match value.parse::<u16>() {
                Ok(n) => Some(NodeId(n)),
                Err(_) => return,
            }
        };
        game.assign(id, node);
    };
    view! {
        <tr data-member=id.to_string()>
            <th scope="row" class="roster-name">{member.name}</th>
            <td class="roster-seat">{seat}</td>
            <td class=if online { "roster-online online" } else { "roster-online offline" }>
                {locale.text(if online { Key::Online } else { Key::Offline })}
            </td>
            <td>
                <select class="roster-move" aria-label=aria on:change=on_change>
                    <option value=WATCH selected=current.is_none()>
                        {locale.text(Key::Watching)}
                    </option>
                    {move || {
                        seats
                            .get()
                            .into_iter()
                            .map(|(node, label)| {
                                view! {
                                    <option value=node.0.to_string() selected=current == Some(node)>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <ConfirmButton
                    label=Key::RemovePerson
                    question=Key::RemoveQuestion
                    confirm=Key::RemoveConfirm
                    cancel=Key::KeepThem
                    on_confirm=Callback::new(move |()| game.remove(id))
                />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(node: Option<u16>, instructor: bool) -> Member {
        Member {
            id: 1,
            name: "Ada".into(),
            instructor,
            node: node.map(NodeId),
            online: true,
        }
    }

    #[test]
    fn students_get_a_link_per_server_address_or_this_page() {
        let urls = vec![
            "http://192.168.1.20:8080/".to_string(),
            "http://10.0.0.5:8080".to_string(),
        ];
        assert_eq!(
            join_links(&urls, "http://127.0.0.1:8080", "7KQ9AX"),
            vec![
                "http://192.168.1.20:8080/join/#join=7KQ9AX",
                "http://10.0.0.5:8080/join/#join=7KQ9AX"
            ]
        );
        assert_eq!(
            join_links(&[], "http://127.0.0.1:8080", "7KQ9AX"),
            vec!["http://127.0.0.1:8080/join/#join=7KQ9AX"]
        );
    }

    #[test]
    fn people_watch_when_every_seat_is_taken() {
        let people = [
            member(None, true),
            member(Some(1), false),
            member(Some(2), false),
            member(None, false),
        ];
        assert_eq!(watching_when_full(&people, 2), Some(1));
        assert_eq!(watching_when_full(&people, 3), None, "a seat is free");
        assert_eq!(watching_when_full(&people[..3], 2), None, "nobody watches");
        let gone = Member {
            online: false,
            ..member(None, false)
        };
        assert_eq!(watching_when_full(&[people[1].clone(), gone], 1), None);
    }

    #[test]
    fn a_seat_reads_as_its_node_or_as_watching() {
        let seats = vec![(NodeId(3), "Alice (client 10.0.1.2, Red)".to_string())];
        let text = |m: &Member| seat_text(m, &seats, "watching", "instructor");
        assert_eq!(
            text(&member(Some(3), false)),
            "Alice (client 10.0.1.2, Red)"
        );
        assert_eq!(text(&member(None, false)), "watching");
        assert_eq!(text(&member(Some(9), false)), "watching");
        assert_eq!(text(&member(None, true)), "instructor");
    }
}
