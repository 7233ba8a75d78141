//! Issue 4: "English and Italian (the original game was played in Italy), language switch
//! remembered". The whole app in a real browser: switch to Italian through the language
//! picker, then the start screen, the set-up and the game screen speak Italian.
//! Run: `cargo test -p tcpip-animated --target wasm32-unknown-unknown --test italian`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tcpip_animated::i18n::{Key, Lang, STORAGE_KEY, goal_title, t};
use tcpip_stack::score::Goal;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn find(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default().trim().to_string()
}

/// The button among `selector` whose text is exactly `label`.
fn button(root: &web_sys::Element, selector: &str, label: &str) -> web_sys::HtmlElement {
    all(root, selector)
        .into_iter()
        .find(|b| text(b) == label)
        .unwrap_or_else(|| {
            let seen: Vec<String> = all(root, selector).iter().map(text).collect();
            panic!("no {selector} reads {label:?}: {seen:?}")
        })
        .unchecked_into()
}

/// Lets the browser run the reactive updates (a macrotask, so effects and microtasks flush).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Picks `value` in a `<select>` and fires `change`, as a person choosing it would.
fn choose(select: &web_sys::Element, value: &str) {
    js_sys::Reflect::set(select, &"value".into(), &value.into()).expect("value set");
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).expect("init");
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"Event".into())
        .expect("Event")
        .unchecked_into();
    let event: web_sys::Event =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"change".into(), &init))
            .expect("an event")
            .unchecked_into();
    select.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
async fn the_whole_game_switches_to_italian_and_remembers_it() {
    // A fresh browser: no saved game, no remembered language.
    storage().clear().expect("storage cleared");
    let root = mount(tcpip_animated::App);
    let root: &web_sys::Element = &root;
    sleep(0).await;

    // English first: the texts the end-to-end tests rely on.
    assert_eq!(text(&find(root, "#rounds-title")), "The seven rounds");
    assert_eq!(text(&find(root, "button.primary")), "Play");

    // The picker is found by its bilingual label, as a person who reads neither would.
    let label = all(root, ".language-switch label")
        .into_iter()
        .find(|l| text(l) == "Language / Lingua")
        .expect("the language picker's label");
    let select = find(
        root,
        &format!("#{}", label.get_attribute("for").expect("label for")),
    );
    choose(&select, "it");
    sleep(0).await;

    assert_eq!(text(&find(root, "button.primary")), "Gioca");
    assert_eq!(text(&find(root, "#rounds-title")), "Le sette manche");
    let first_round = text(&find(root, "ol.rounds > li h3"));
    assert_eq!(first_round, goal_title(Lang::It, Goal::Handshake));
    let second_round = all(root, "ol.rounds > li h3")
        .get(1)
        .map(text)
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
    assert_eq!(
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .as_deref(),
        Some("it")
    );

    // Play, choose the original game, start it: every step in Italian.
    find(root, "button.primary")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    sleep(0).await;
    let original = find(root, ".scenario[aria-labelledby='scenario-original-toml']");
    assert!(
        text(&original).contains(t(Lang::It, Key::TeamsLabel).trim()),
        "{}",
        text(&original)
    );
    button(&original, "button", "Scegli").click();
    sleep(0).await;
    assert!(
        all(root, ".setup legend")
            .iter()
            .any(|l| text(l) == "Squadre e posti"),
        "the set-up speaks Italian"
    );
    button(root, ".setup button", "Inizia la partita").click();
    sleep(50).await;

    let tabs: Vec<String> = all(root, "[role='tab']").iter().map(text).collect();
    assert_eq!(
        tabs,
        vec!["Tabellone", "Scrivania", "Scala", "Docente", "Proiettore"]
    );
    button(root, "[role='tab']", "Docente").click();
    sleep(50).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(text)
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
        text(&find(root, ".feed h2")),
        "Cronaca in diretta",
        "the live feed heading"
    );

    // Back to English without a reload: the same table follows.
    let select = find(root, ".topbar .language-switch select");
    choose(&select, "en");
    sleep(0).await;
    let heads: Vec<String> = all(root, ".progress-table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(heads.first().map(String::as_str), Some("Team"), "{heads:?}");
    assert!(heads.iter().any(|h| h == "2. Data"), "{heads:?}");

    // Leave the browser as we found it for any later test.
    storage().clear().expect("storage cleared");
}
