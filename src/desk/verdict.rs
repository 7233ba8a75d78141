//! The referee's verdict, written on the returned card box by box, and the live region
//! that reads it (and arriving cards) aloud. Everything here is rendered as text nodes:
//! `got` is whatever a player typed and names come from other players, so no string ever
//! reaches `inner_html`.

use leptos::prelude::*;
use tcpip_stack::check::{Mistake, Verdict};

use crate::i18n::{Key, Lang, field_key, intent_key, t, use_locale};

/// The handle to the page's polite live region. Copy it into event handlers at component
/// creation time (context is not reachable from inside a browser event).
#[derive(Clone, Copy, Debug)]
pub struct Announce(RwSignal<String>);

impl Announce {
    /// Speaks `message` (politely: after what the screen reader is saying now). The same
    /// message twice in a row gets an invisible no-break space toggled at its end, because
    /// a live region whose text does not change is not read again.
    pub fn say(self, message: impl Into<String>) {
        let message = message.into();
        self.0.update(|current| {
            *current = if *current == message {
                format!("{message}\u{a0}")
            } else {
                message
            };
        });
    }

    /// What the region says now (without the repeat marker).
    pub fn message(self) -> String {
        self.0.with(|m| m.trim_end_matches('\u{a0}').to_string())
    }
}

/// Creates the announcer for everything below the caller (call it once, near the root,
/// and place one [`Announcer`] anywhere below).
pub fn provide_announcer() -> Announce {
    let announce = Announce(RwSignal::new(String::new()));
    provide_context(announce);
    announce
}

/// The announcer in context, if the page has one; components without it stay silent.
pub fn use_announcer() -> Option<Announce> {
    use_context::<Announce>()
}

/// The live region itself: visually hidden, `role="status"`, polite, read as a whole.
#[component]
pub fn Announcer() -> impl IntoView {
    let announce = use_announcer().unwrap_or_else(provide_announcer);
    view! {
        <div class="sr-only announcer" role="status" aria-live="polite" aria-atomic="true">
            {move || announce.0.get()}
        </div>
    }
}

/// The sentence a screen reader hears when a card comes back, e.g.
/// "Card returned: 2 mistakes — ack, flags".
pub fn verdict_summary(lang: Lang, verdict: &Verdict) -> String {
    let returned = t(lang, Key::CardReturned);
    if verdict.ok() {
        return format!("{returned}: {}", t(lang, Key::CorrectCard));
    }
    let n = verdict.mistakes.len();
    let noun = t(
        lang,
        if n == 1 {
            Key::MistakeOne
        } else {
            Key::MistakeMany
        },
    );
    let mut fields: Vec<&str> = Vec::new();
    for m in &verdict.mistakes {
        let label = t(lang, field_key(m.field));
        if !fields.contains(&label) {
            fields.push(label);
        }
    }
    format!("{returned}: {n} {noun} — {}", fields.join(", "))
}

/// The verdict on a card: "Correct card", or one item per mistake with the box's name,
/// what was expected and what was written, why, and the rule. It announces itself through
/// the [`Announcer`] whenever it changes.
#[component]
pub fn VerdictView(#[prop(into)] verdict: Signal<Verdict>) -> impl IntoView {
    let locale = use_locale();
    let announce = use_announcer();
    Effect::new(move |_| {
        let text = verdict.with(|v| verdict_summary(locale.get(), v));
        if let Some(a) = announce {
            a.say(text);
        }
    });
    let head_id = format!("verdict-{}", super::next_id());
    let ok = move || verdict.with(Verdict::ok);
    let heading = move || {
        let lang = locale.get();
        verdict.with(|v| {
            if v.ok() {
                format!("✓ {}", t(lang, Key::CorrectCard))
            } else {
                let n = v.mistakes.len();
                let noun = t(
                    lang,
                    if n == 1 {
                        Key::MistakeOne
                    } else {
                        Key::MistakeMany
                    },
                );
                format!("✗ {}: {n} {noun}", t(lang, Key::CardReturned))
            }
        })
    };
    let intent = move || {
        let lang = locale.get();
        let what = verdict.with(|v| t(lang, intent_key(v.intent)));
        format!("{}: {what}", t(lang, Key::YouWanted))
    };
    let items = move || {
        let lang = locale.get();
        verdict.with(|v| {
            v.mistakes
                .iter()
                .map(|m| mistake_item(lang, m))
                .collect_view()
        })
    };
    let labelled_by = head_id.clone();
    view! {
        <section class="paper-card verdict" class:verdict-ok=ok aria-labelledby=labelled_by>
            <h4 id=head_id class="verdict-head">
                {heading}
            </h4>
            <p class="verdict-intent">{intent}</p>
            <ol class="mistakes">{items}</ol>
        </section>
    }
}

/// One mistake. `got` may be blank (the player left the box empty), shown as "(blank)".
fn mistake_item(lang: Lang, m: &Mistake) -> impl IntoView + use<> {
    let shown = |text: &str| {
        if text.trim().is_empty() {
            view! { <em class="blank">{t(lang, Key::Blank)}</em> }.into_any()
        } else {
            view! { <code>{text.to_string()}</code> }.into_any()
        }
    };
    let expected = shown(&m.expected);
    let got = shown(&m.got);
    view! {
        <li class="mistake" data-field=m.field.label()>
            <strong class="mistake-field">{t(lang, field_key(m.field))}</strong>
            " "
            <span class="mistake-diff">
                {t(lang, Key::Expected)} " " <span class="expected">{expected}</span> ", "
                {t(lang, Key::YouWrote)} " " <span class="got">{got}</span>
            </span>
            " "
            <span class="mistake-why" lang="en">
                {m.why.clone()}
            </span>
            " "
            <span class="mistake-rfc">
                {t(lang, Key::Rule)} ": " <cite>{m.rfc}</cite>
            </span>
        </li>
    }
}
