//! Issue 4: "English and Italian (the original game was played in Italy), language switch
//! remembered". The whole app in a real browser: switch to Italian through the language
//! picker, then the start screen, the set-up and the game screen speak Italian.
//! Run: `cargo test -p tcpip-animated --target wasm32-unknown-unknown --test italian`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{all, choose, find, mount, page_lang, sleep, storage, text};
use tcpip_animated::i18n::{Key, Lang, STORAGE_KEY, goal_title, t};
use tcpip_stack::score::Goal;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The text of `el`, trimmed: what a person reads on the page.
fn trimmed(el: &web_sys::Element) -> String {
    text(el).trim().to_string()
}

/// The button among `selector` whose text is exactly `label`.
fn button(root: &web_sys::Element, selector: &str, label: &str) -> web_sys::HtmlElement {
    all(root, selector)
        .into_iter()
        .find(|b| trimmed(b) == label)
        .unwrap_or_else(|| {
            let seen: Vec<String> = all(root, selector).iter().map(trimmed).collect();
            panic!("no {selector} reads {label:?}: {seen:?}")
        })
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_whole_game_switches_to_italian_and_remembers_it() {
    // A fresh browser: no saved game, no remembered language.
    storage().clear().expect("storage cleared");
    let root = mount(tcpip_animated::App);
    let root: &web_sys::Element = &root;
    sleep(0).await;

    // English first: the texts the end-to-end tests rely on.
    assert_eq!(trimmed(&find(root, "#rounds-title")), "The seven rounds");
    assert_eq!(trimmed(&find(root, "button.primary")), "Play");

    // The picker is found by its bilingual label, as a person who reads neither would.
    let label = all(root, ".language-switch label")
        .into_iter()
        .find(|l| trimmed(l) == "Language / Lingua")
        .expect("the language picker's label");
    let select = find(
        root,
        &format!("#{}", label.get_attribute("for").expect("label for")),
    );
    choose(&select, "it");
    sleep(0).await;

    assert_eq!(trimmed(&find(root, "button.primary")), "Gioca");
    assert_eq!(trimmed(&find(root, "#rounds-title")), "Le sette manche");
    let first_round = trimmed(&find(root, "ol.rounds > li h3"));
    assert_eq!(first_round, goal_title(Lang::It, Goal::Handshake));
    let second_round = all(root, "ol.rounds > li h3")
        .get(1)
        .map(trimmed)
        .unwrap_or_default();
    assert_eq!(
        second_round, "Dati",
        "the engine's English title is replaced"
    );
    // The choice is remembered and the page says which language it speaks.
    assert_eq!(
        storage().get_item(STORAGE_KEY).ok().flatten().as_deref(),
        Some("it")
    );
    assert_eq!(page_lang().as_deref(), Some("it"));

    // Play, choose the original game, start it: every step in Italian.
    find(root, "button.primary").click();
    sleep(0).await;
    let original = find(root, ".scenario[aria-labelledby='scenario-original-toml']");
    assert!(
        trimmed(&original).contains(t(Lang::It, Key::TeamsLabel).trim()),
        "{}",
        trimmed(&original)
    );
    button(&original, "button", "Scegli").click();
    sleep(0).await;
    assert!(
        all(root, ".setup legend")
            .iter()
            .any(|l| trimmed(l) == "Squadre e posti"),
        "the set-up speaks Italian"
    );
    button(root, ".setup button", "Inizia la partita").click();
    sleep(50).await;

    let tabs: Vec<String> = all(root, "[role='tab']").iter().map(trimmed).collect();
    assert_eq!(
        tabs,
        vec!["Tabellone", "Scrivania", "Scala", "Docente", "Proiettore"]
    );
    button(root, "[role='tab']", "Docente").click();
    sleep(50).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(trimmed)
        .collect();
    assert_eq!(
        heads.first().map(String::as_str),
        Some("Squadra"),
        "{heads:?}"
    );
    assert!(heads.iter().any(|h| h == "1. Handshake"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "2. Dati"), "{heads:?}");
    for want in ["Errori", "Suggerimenti", "Punteggio"] {
        assert!(heads.iter().any(|h| h == want), "{want} in {heads:?}");
    }
    assert_eq!(
        trimmed(&find(root, ".feed h2")),
        "Cronaca in diretta",
        "the live feed heading"
    );

    // Back to English without a reload: the same table follows.
    let select = find(root, ".topbar .language-switch select");
    choose(&select, "en");
    sleep(0).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(trimmed)
        .collect();
    assert_eq!(heads.first().map(String::as_str), Some("Team"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "2. Data"), "{heads:?}");

    // Leave the browser as we found it for any later test.
    storage().clear().expect("storage cleared");
}
