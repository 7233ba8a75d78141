//! Component tests of the Desk pieces in a real browser (wasm-bindgen-test in headless
//! Chromium): the paper card form, the verdict and its announcement, the TCP state
//! diagram, and the language switch.
#![cfg(target_arch = "wasm32")]

mod common;

use std::sync::{Arc, Mutex};
use tcpip_animated::derived::Derived;
use tcpip_animated::slot::Slot;

use common::{
    choose, document, find, mount, page_lang, sleep, storage, syn_card, text, type_text, value,
};
use leptos::prelude::*;
use tcpip_animated::desk::{
    Announcer, CardForm, NotesVerdictView, StateDiagram, provide_announcer,
};
use tcpip_animated::i18n::{LanguageSwitch, STORAGE_KEY, provide_i18n};
use tcpip_stack::card::{Card, Field};
use tcpip_stack::tcp::State;
use tcpip_stack::text::Text;
use tcpip_stack::wire::Packet;
use tcpip_stack::world::MistakeNote;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .expect("a valid selector")
        .length()
}

fn attr(el: &web_sys::Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

/// Types `text` into the box of `field` (its `data-field` slug), replacing what was there.
fn type_into(root: &web_sys::Element, field: &str, text: &str) {
    let input = find(
        root,
        &format!("[data-field='{field}'] input, [data-field='{field}'] textarea"),
    );
    type_text(&input, text);
}

/// The cards a form's `on_send` received (`Callback` needs `Send + Sync`).
type Outbox = Arc<Mutex<Vec<Card>>>;

/// A form on a blank card whose Send records every card it is given.
fn form_with_outbox(card: Slot<Card>, reply: Option<Packet>) -> (web_sys::HtmlElement, Outbox) {
    let sent = Outbox::default();
    let outbox = sent.clone();
    let root = mount(move || {
        let on_send = Callback::new(move |c: Card| outbox.lock().expect("unpoisoned").push(c));
        let reply_to = Derived::new(move || reply.clone());
        view! { <CardForm card=card reply_to=reply_to on_send=on_send /> }
    });
    (root, sent)
}

#[wasm_bindgen_test]
async fn a_bad_destination_ip_is_marked_next_to_its_box_and_nothing_is_sent() {
    let card = Slot::new(syn_card());
    let (root, sent) = form_with_outbox(card, None);
    type_into(&root, "dst-ip", "10.0.1");
    find(&root, "button.card-send").click();
    sleep(0).await;

    let input = find(&root, "[data-field='dst-ip'] input");
    assert_eq!(attr(&input, "aria-invalid").as_deref(), Some("true"));
    let err_id = format!("{}-err", input.id());
    let described = attr(&input, "aria-describedby").unwrap_or_default();
    assert!(described.split(' ').any(|id| id == err_id), "{described}");
    let message = text(&find(&root, &format!("[data-field='dst-ip'] #{err_id}")));
    assert!(
        message.contains("destination IP must have four numbers"),
        "{message}"
    );
    // Only the wrong box is marked, and the first wrong box has the focus.
    assert_eq!(count(&root, "[aria-invalid='true']"), 1);
    let active = document().active_element().map(|e| e.id());
    assert_eq!(active, Some(input.id()));
    assert!(
        sent.lock().expect("unpoisoned").is_empty(),
        "a card with errors must not be sent"
    );

    // Correcting the box clears its message; Send then goes through.
    type_into(&root, "dst-ip", "10.0.1.1");
    sleep(0).await;
    assert_eq!(attr(&input, "aria-invalid"), None);
    find(&root, "button.card-send").click();
    assert_eq!(sent.lock().expect("unpoisoned").len(), 1);
}

#[wasm_bindgen_test]
async fn every_wrong_box_gets_its_own_message_and_garbage_never_panics() {
    let card = Slot::new(Card::default());
    let (root, sent) = form_with_outbox(card, None);
    type_into(&root, "src-ip", "<script>alert(1)</script>");
    type_into(&root, "src-port", "-5");
    type_into(&root, "seq", "99999999999999999999999999");
    type_into(&root, "ttl", "0x40");
    type_into(&root, "data", &"é".repeat(600));
    find(&root, "button.card-send").click();
    sleep(0).await;
    for field in ["src-ip", "dst-ip", "src-port", "dst-port", "seq", "ttl"] {
        let input = find(&root, &format!("[data-field='{field}'] input"));
        assert_eq!(
            attr(&input, "aria-invalid").as_deref(),
            Some("true"),
            "{field}"
        );
    }
    let data = find(&root, "[data-field='data'] textarea");
    assert_eq!(attr(&data, "aria-invalid").as_deref(), Some("true"));
    // The typed markup stays text.
    assert_eq!(count(&root, "script"), 0);
    assert!(text(&find(&root, ".card-summary")).contains("fix the marked boxes"));
    assert!(sent.lock().expect("unpoisoned").is_empty());
}

#[wasm_bindgen_test]
async fn a_correct_syn_card_is_sent_with_what_was_written() {
    let card = Slot::new(Card::default());
    let (root, sent) = form_with_outbox(card, None);
    type_into(&root, "src-ip", "10.0.1.2");
    type_into(&root, "dst-ip", " 10.0.1.1 ");
    type_into(&root, "src-port", "40000");
    type_into(&root, "dst-port", "23");
    type_into(&root, "seq", "1000");
    assert_eq!(value(&find(&root, "[data-field='data'] textarea")), "");
    let syn = find(&root, "button[data-flag='SYN']");
    assert_eq!(attr(&syn, "aria-pressed").as_deref(), Some("false"));
    syn.click();
    sleep(0).await;
    assert_eq!(attr(&syn, "aria-pressed").as_deref(), Some("true"));
    assert!(text(&syn).contains("SYN"), "the flag is written as text");
    for other in ["ACK", "FIN", "RST", "PSH"] {
        let b = find(&root, &format!("button[data-flag='{other}']"));
        assert_eq!(
            attr(&b, "aria-pressed").as_deref(),
            Some("false"),
            "{other}"
        );
    }
    find(&root, "button.card-send").click();
    sleep(0).await;

    let sent: Vec<Card> = sent.lock().expect("unpoisoned").clone();
    assert_eq!(sent.len(), 1);
    let Ok(Packet::Tcp { seg, .. }) = sent[0].parse() else {
        panic!("the sent card parses: {:?}", sent[0]);
    };
    assert_eq!(seg.src.to_string(), "10.0.1.2:40000");
    assert_eq!(seg.dst.to_string(), "10.0.1.1:23");
    assert_eq!(seg.seq.0, 1000);
    assert!(seg.flags.syn() && !seg.flags.ack());
    assert_eq!(count(&root, "[aria-invalid='true']"), 0);

    // Toggling again releases the flag.
    syn.click();
    sleep(0).await;
    assert_eq!(attr(&syn, "aria-pressed").as_deref(), Some("false"));
    assert!(!card.get_untracked().syn);
}

#[wasm_bindgen_test]
async fn enter_in_a_box_does_not_send() {
    let card = Slot::new(syn_card());
    let (root, sent) = form_with_outbox(card, None);
    let form = find(&root, "form.card-form");
    // What a browser does when Enter is pressed in a text box: submit the form.
    let submit: js_sys::Function = js_sys::Reflect::get(&form, &"requestSubmit".into())
        .expect("requestSubmit")
        .unchecked_into();
    submit.call0(&form).expect("submitted");
    sleep(0).await;
    assert!(sent.lock().expect("unpoisoned").is_empty());
    assert!(root.is_connected(), "the page did not navigate away");
}

#[wasm_bindgen_test]
async fn reply_to_this_card_swaps_addresses_and_ports_only() {
    let incoming = syn_card().parse().expect("a valid SYN");
    let card = Slot::new(Card {
        seq: "555".into(),
        ack: "777".into(),
        ..Card::default()
    });
    let (root, _sent) = form_with_outbox(card, Some(incoming));
    find(&root, "button.card-reply").click();
    sleep(0).await;
    let shown = |field: &str| value(&find(&root, &format!("[data-field='{field}'] input")));
    assert_eq!(shown("src-ip"), "10.0.1.1");
    assert_eq!(shown("dst-ip"), "10.0.1.2");
    assert_eq!(shown("src-port"), "23");
    assert_eq!(shown("dst-port"), "40000");
    assert_eq!(shown("seq"), "");
    assert_eq!(shown("ack"), "");
    let c = card.get_untracked();
    assert!(!c.syn && !c.ack_flag, "no flag is copied");
}

#[wasm_bindgen_test]
fn no_reply_button_without_a_card_in_hand() {
    let (root, _sent) = form_with_outbox(Slot::new(Card::default()), None);
    assert_eq!(count(&root, "button.card-reply"), 0);
    // Every box has a label pointing at it.
    let inputs = root
        .query_selector_all("input, textarea")
        .expect("selector");
    assert!(inputs.length() >= 8);
    for i in 0..inputs.length() {
        let el: web_sys::Element = inputs.item(i).expect("item").unchecked_into();
        let label = root
            .query_selector(&format!("label[for='{}']", el.id()))
            .expect("selector");
        assert!(label.is_some(), "no label for #{}", el.id());
    }
}

/// A mistake as the event log reports it (what the desk draws).
fn mistake(field: Field, expected: &str, got: &str, why: &str, rfc: &str) -> MistakeNote<Text> {
    MistakeNote {
        field: field.label().to_string(),
        expected: expected.into(),
        got: got.into(),
        why: why.into(),
        rfc: rfc.to_string(),
    }
}

#[wasm_bindgen_test]
async fn a_verdict_lists_each_mistake_and_announces_itself() {
    let mistakes = vec![
        mistake(
            Field::Ack,
            "1001",
            "1000",
            "ack is the next byte you expect: their seq 1000 plus the SYN's 1",
            "RFC 9293 §3.4",
        ),
        mistake(
            Field::Flags,
            "ACK",
            "SYN ACK",
            "the handshake is over: no more SYN",
            "RFC 9293 §3.5",
        ),
    ];
    let root = mount(move || {
        provide_announcer();
        view! {
            <Announcer />
            <NotesVerdictView mistakes=mistakes returned=true />
        }
    });
    sleep(0).await;
    assert!(text(&find(&root, ".verdict-head")).contains("Card returned: 2 mistakes"));
    let items = root.query_selector_all("li.mistake").expect("selector");
    assert_eq!(items.length(), 2);
    let ack = find(&root, "li.mistake[data-field='ack']");
    assert_eq!(text(&find(&ack, ".mistake-field")), "ack");
    assert!(
        text(&ack).contains("expected 1001, you wrote 1000"),
        "{}",
        text(&ack)
    );
    assert!(text(&ack).contains("their seq 1000 plus the SYN's 1"));
    assert_eq!(text(&find(&ack, "cite")), "RFC 9293 §3.4");
    let status = find(&root, "[role='status']");
    assert_eq!(attr(&status, "aria-live").as_deref(), Some("polite"));
    assert_eq!(
        text(&status).trim_end_matches('\u{a0}'),
        "Card returned: 2 mistakes — ack, flags"
    );
}

#[wasm_bindgen_test]
async fn untrusted_text_in_a_verdict_stays_text() {
    let mistakes = vec![mistake(
        Field::Data,
        "my name is Ada",
        "<b>bold</b><img src=x onerror=alert(1)>",
        "write exactly the data of this round",
        "seed 001",
    )];
    let root = mount(move || view! { <NotesVerdictView mistakes=mistakes returned=true /> });
    sleep(0).await;
    assert_eq!(count(&root, "b"), 0, "no <b> element may be created");
    assert_eq!(count(&root, "img"), 0);
    let got = text(&find(&root, ".got"));
    assert_eq!(got, "<b>bold</b><img src=x onerror=alert(1)>");
}

#[wasm_bindgen_test]
async fn a_correct_verdict_says_so() {
    let root = mount(|| view! { <NotesVerdictView mistakes=vec![] returned=true /> });
    sleep(0).await;
    assert!(text(&find(&root, ".verdict-head")).contains("Correct card"));
    assert_eq!(count(&root, "li.mistake"), 0);
}

#[wasm_bindgen_test]
async fn a_blank_box_is_named_blank_and_a_card_sent_in_real_mode_says_sent() {
    // Real referee: the card went out with its mistake, so the heading says "sent".
    let mistakes = vec![mistake(Field::Ack, "1", "", "why", "RFC 9293 §3.4")];
    let root = mount(move || view! { <NotesVerdictView mistakes=mistakes returned=false /> });
    sleep(0).await;
    assert!(text(&find(&root, ".got")).contains("(blank)"));
    let head = text(&find(&root, ".verdict-head"));
    assert!(head.contains("Card sent"), "{head}");
    assert!(!head.contains("Correct card"), "{head}");
}

#[wasm_bindgen_test]
async fn the_state_diagram_lights_the_current_state_and_the_last_arrow() {
    let current = Slot::new(Some(State::SynSent));
    let last = Slot::new(Some((State::Closed, State::SynSent)));
    let root = mount(move || {
        view! {
            <StateDiagram
                current=Derived::new(move || current.get())
                last=Derived::new(move || last.get())
            />
        }
    });
    sleep(0).await;
    for s in State::ALL {
        assert!(
            count(&root, &format!("g.tcp-state[data-state='{}']", s.name())) >= 1,
            "{s}"
        );
    }
    let lit = root
        .query_selector_all("[aria-current='true']")
        .expect("selector");
    assert_eq!(lit.length(), 1);
    let node: web_sys::Element = lit.item(0).expect("one").unchecked_into();
    assert_eq!(attr(&node, "data-state").as_deref(), Some("SYN-SENT"));
    assert!(node.class_list().contains("current"));
    let arrows = root
        .query_selector_all(".tcp-transition.last")
        .expect("selector");
    assert_eq!(arrows.length(), 1);
    let arrow: web_sys::Element = arrows.item(0).expect("one").unchecked_into();
    assert_eq!(attr(&arrow, "data-from").as_deref(), Some("CLOSED"));
    assert_eq!(attr(&arrow, "data-to").as_deref(), Some("SYN-SENT"));
    let svg = find(&root, "svg[role='img']");
    let label = attr(&svg, "aria-label").unwrap_or_default();
    assert!(label.contains("Current state: SYN-SENT"), "{label}");
    assert!(
        label.contains("CLOSED → SYN-SENT (active OPEN / snd SYN)"),
        "{label}"
    );

    current.set(Some(State::Established));
    last.set(Some((State::SynSent, State::Established)));
    sleep(0).await;
    let node = find(&root, "[aria-current='true']");
    assert_eq!(attr(&node, "data-state").as_deref(), Some("ESTABLISHED"));
    assert_eq!(count(&root, "[aria-current='true']"), 1);
    let arrow = find(&root, ".tcp-transition.last");
    assert_eq!(attr(&arrow, "data-from").as_deref(), Some("SYN-SENT"));
    assert_eq!(attr(&arrow, "data-to").as_deref(), Some("ESTABLISHED"));

    current.set(None);
    last.set(None);
    sleep(0).await;
    assert_eq!(count(&root, "[aria-current='true']"), 0);
    assert_eq!(count(&root, ".tcp-transition.last"), 0);
    let label = attr(&svg, "aria-label").unwrap_or_default();
    assert!(label.contains("no connection"), "{label}");
}

#[wasm_bindgen_test]
async fn switching_to_italian_relabels_and_is_remembered() {
    let storage = storage();
    // Start from a stored English choice, whatever language the test browser reports.
    storage.set_item(STORAGE_KEY, "en").expect("stored");
    let form = || {
        provide_i18n();
        let card = Slot::new(Card::default());
        view! {
            <LanguageSwitch />
            <CardForm card=card on_send=|_: Card| {} />
        }
    };
    let root = mount(form);
    let dst_label = || {
        let input = find(&root, "[data-field='dst-ip'] input");
        text(&find(&root, &format!("label[for='{}']", input.id())))
    };
    assert_eq!(dst_label(), "destination IP");
    let select = find(&root, ".language-switch select");
    let label = find(&root, &format!("label[for='{}']", select.id()));
    assert_eq!(text(&label), "Language / Lingua");

    choose(&select, "it");
    sleep(0).await;
    assert_eq!(dst_label(), "IP destinazione");
    assert_eq!(text(&find(&root, "button.card-send")), "Invia");
    assert_eq!(
        storage.get_item(STORAGE_KEY).expect("readable").as_deref(),
        Some("it")
    );
    assert_eq!(page_lang().as_deref(), Some("it"));

    // A new page (a reload) starts in the remembered language.
    let again = mount(form);
    let input = find(&again, "[data-field='dst-ip'] input");
    assert_eq!(
        text(&find(&again, &format!("label[for='{}']", input.id()))),
        "IP destinazione"
    );
    storage.remove_item(STORAGE_KEY).expect("cleaned up");
}
