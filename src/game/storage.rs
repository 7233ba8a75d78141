//! What this browser keeps in `localStorage`: the saved local game (saved after every
//! action, so a reload loses nothing) and, in classroom mode, the room this browser is in
//! with its token (so a reload or a lost connection gets the seat back), and the rooms its
//! instructor left without ending them (so leaving does not lose the room for good).

use serde::{Deserialize, Serialize};

use super::SavedGame;
use tcpip_protocol::SaveVersion;

const KEY: &str = "tcpip.game";
const ROOM_KEY: &str = "tcpip.room";
const RUN_KEY: &str = "tcpip.rooms.run";
const ENDED_KEY: &str = "tcpip.game.ended";

/// How many left rooms an instructor's browser keeps: a day of lessons, newest first.
pub const MAX_RUN_ROOMS: usize = 10;

/// The classroom room this browser belongs to: enough to send `Rejoin`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomKey {
    pub code: String,
    pub token: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn read(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Writes `value` under `key`. A full or disabled storage is not an error the player can
/// fix mid-game; the game goes on and the next write tries again.
fn write(key: &str, value: &impl Serialize) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

pub fn exists() -> bool {
    read(KEY).is_some()
}

/// The saved game; `Err` names what is wrong with a save that cannot be read.
pub fn load() -> Result<Option<SavedGame>, String> {
    let Some(text) = read(KEY) else {
        return Ok(None);
    };
    let unreadable =
        |e: serde_json::Error| format!("the saved game in this browser cannot be read ({e})");
    // The text is read twice rather than into a `serde_json::Value` once: reading from a
    // `Value` would bring a second copy of every type's deserializer into the page.
    let format: SaveVersion = serde_json::from_str(&text).map_err(unreadable)?;
    SavedGame::check_version(format.version)?;
    serde_json::from_str(&text).map(Some).map_err(unreadable)
}

pub fn store(saved: &SavedGame) {
    write(KEY, saved);
}

pub fn clear() {
    remove(KEY);
}

/// Whether the saved local game was ended by its players (its debrief comes back on
/// reload). Kept beside the save, not in it: the save's format is the classroom's too.
pub fn ended() -> bool {
    read(ENDED_KEY).is_some()
}

pub fn mark_ended(ended: bool) {
    if ended {
        write(ENDED_KEY, &true);
    } else {
        remove(ENDED_KEY);
    }
}

/// The remembered room; an unreadable entry counts as none (it only ever held a code and a
/// token, and the person can join again with the code).
pub fn load_room() -> Option<RoomKey> {
    read(ROOM_KEY).and_then(|text| serde_json::from_str(&text).ok())
}

pub fn store_room(key: &RoomKey) {
    write(ROOM_KEY, key);
}

pub fn forget_room() {
    remove(ROOM_KEY);
}

/// The rooms this browser's instructor left without ending them, newest first; an
/// unreadable entry counts as none, like [`load_room`].
pub fn load_run_rooms() -> Vec<RoomKey> {
    read(RUN_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps `key` (an instructor's) first in the left rooms, once, at most
/// [`MAX_RUN_ROOMS`] of them.
pub fn keep_run_room(key: &RoomKey) {
    let mut rooms = load_run_rooms();
    rooms.retain(|k| k.code != key.code);
    rooms.insert(0, key.clone());
    rooms.truncate(MAX_RUN_ROOMS);
    write(RUN_KEY, &rooms);
}

/// Forgets the left room `code` (entered again, ended, or forgotten by its instructor).
pub fn drop_run_room(code: &str) {
    let mut rooms = load_run_rooms();
    let before = rooms.len();
    rooms.retain(|k| k.code != code);
    if rooms.is_empty() {
        remove(RUN_KEY);
    } else if rooms.len() != before {
        write(RUN_KEY, &rooms);
    }
}
