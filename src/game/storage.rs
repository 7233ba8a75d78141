//! The saved game in `localStorage`. Local mode saves after every action, so a reload
//! loses nothing.

use super::SavedGame;

const KEY: &str = "tcpip.game";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn exists() -> bool {
    local_storage().is_some_and(|s| s.get_item(KEY).ok().flatten().is_some())
}

/// The saved game; `Err` names what is wrong with a save that cannot be read.
pub fn load() -> Result<Option<SavedGame>, String> {
    let Some(text) = local_storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("the saved game in this browser cannot be read ({e})"))
}

/// Writes the save. A full or disabled storage is not an error the player can fix
/// mid-game; the game goes on and the next save tries again.
pub fn store(saved: &SavedGame) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(saved)) {
        let _ = s.set_item(KEY, &text);
    }
}

pub fn clear() {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(KEY);
    }
}
