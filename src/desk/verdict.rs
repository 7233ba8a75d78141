//! The referee's verdict, written on the returned card box by box, and the live region
//! that reads it (and arriving cards) aloud. Everything here is rendered as text nodes:
//! `got` is whatever a player typed and names come from other players, so no string ever
//! reaches `inner_html`.

use leptos::prelude::*;
use tcpip_stack::card::Field;
use tcpip_stack::text::Text;
use tcpip_stack::world::MistakeNote;

use crate::derived::Derived;
use crate::i18n::{Key, Lang, field_key, said, said_view, t, use_locale};
use crate::slot::Slot;

/// The handle to the page's polite live region. Copy it into event handlers at component
/// creation time (context is not reachable from inside a browser event).
#[derive(Clone, Copy, Debug)]
pub struct Announce(Slot<String>);

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
    let announce = Announce(Slot::new(String::new()));
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

/// One mistake as the desk shows it: a [`MistakeNote`] from the event log with its box
/// recognised (so its name can be translated) and a blank "expected" told apart (a card
/// that could not be read has nothing to compare with).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    /// The engine's field, when the label names one (so it can be translated).
    field: Option<Field>,
    /// The label as printed on the card ("ack"), also the `data-field` attribute.
    label: String,
    /// `None` when the card could not even be read (the box holds no number to compare).
    /// Both in the two languages: numbers read the same, words ("no card") do not.
    expected: Option<Text>,
    got: Text,
    /// The referee's sentence in both languages, shown in the player's.
    why: Text,
    rfc: String,
}

impl Line {
    fn from_note(n: &MistakeNote<Text>) -> Line {
        Line {
            field: Field::from_label(&n.field),
            label: n.field.clone(),
            expected: (!n.expected.en.is_empty()).then(|| n.expected.clone()),
            got: n.got.clone(),
            why: n.why.clone(),
            rfc: n.rfc.clone(),
        }
    }

    /// The box's name in the player's language; a label the engine may add later and this
    /// page does not know is shown as the engine wrote it.
    fn name(&self, lang: Lang) -> String {
        match self.field {
            Some(f) => t(lang, field_key(f)).to_string(),
            None => self.label.clone(),
        }
    }
}

/// "Card returned: 2 mistakes — ack, flags" (or, for a card that went out in real mode,
/// "Card sent: …").
fn summary(lang: Lang, returned: bool, lines: &[Line]) -> String {
    let lead = t(
        lang,
        if returned {
            Key::CardReturned
        } else {
            Key::CardSentVerdict
        },
    );
    if lines.is_empty() {
        return format!("{lead}: {}", t(lang, Key::CorrectCard));
    }
    let n = lines.len();
    let noun = t(
        lang,
        if n == 1 {
            Key::MistakeOne
        } else {
            Key::MistakeMany
        },
    );
    let mut fields: Vec<String> = Vec::new();
    for l in lines {
        let name = l.name(lang);
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
    format!("{lead}: {n} {noun} — {}", fields.join(", "))
}

/// The referee's verdict on a card as the event log reports it ([`MistakeNote`]s:
/// `EventKind::CardRejected` and `EventKind::Verdict`): "Correct card", or one item per
/// mistake with the box's name, what was expected and what was written, why, and the rule.
/// It announces itself through the [`Announcer`].
///
/// - `returned`: the card came back (coach mode) rather than going out with its mistakes
///   (real mode), which changes the heading.
///
/// - `notes`: where the rules allow several right cards, which one this was (shown under
///   the heading, right or wrong).
#[component]
pub fn NotesVerdictView(
    mistakes: Vec<MistakeNote<Text>>,
    returned: bool,
    #[prop(optional)] notes: Vec<Text>,
) -> impl IntoView {
    let lines = Derived::new(move || mistakes.iter().map(Line::from_note).collect::<Vec<_>>());
    verdict_card(lines, notes, returned)
}

/// The one rendering path of a verdict (see [`Line`]).
fn verdict_card(lines: Derived<Vec<Line>>, notes: Vec<Text>, returned: bool) -> impl IntoView {
    let locale = use_locale();
    let announce = use_announcer();
    Effect::new(move |_| {
        let text = lines.with(|l| summary(locale.get(), returned, l));
        if let Some(a) = announce {
            a.say(text);
        }
    });
    let head_id = format!("verdict-{}", super::next_id());
    let ok = move || lines.with(Vec::is_empty);
    let heading = move || {
        let lang = locale.get();
        lines.with(|v| {
            if v.is_empty() {
                format!("✓ {}", t(lang, Key::CorrectCard))
            } else {
                let n = v.len();
                let noun = t(
                    lang,
                    if n == 1 {
                        Key::MistakeOne
                    } else {
                        Key::MistakeMany
                    },
                );
                let lead = t(
                    lang,
                    if returned {
                        Key::CardReturned
                    } else {
                        Key::CardSentVerdict
                    },
                );
                format!("✗ {lead}: {n} {noun}")
            }
        })
    };
    let items = move || {
        let lang = locale.get();
        lines.with(|v| v.iter().map(|m| mistake_item(lang, m)).collect_view())
    };
    let labelled_by = head_id.clone();
    view! {
        <section class="paper-card verdict" class:verdict-ok=ok aria-labelledby=labelled_by>
            <h4 id=head_id class="verdict-head">
                {heading}
            </h4>
            <ol class="mistakes">{items}</ol>
            {(!notes.is_empty())
                .then(move || {
                    let notes = notes.clone();
                    move || {
                        let lang = locale.get();
                        notes
                            .iter()
                            .map(|n| view! { <p class="verdict-note">{said_view(lang, n, "")}</p> })
                            .collect_view()
                    }
                })}
        </section>
    }
}

/// One mistake. `got` may be blank (the player left the box empty), shown as "(blank)".
fn mistake_item(lang: Lang, m: &Line) -> impl IntoView + use<> {
    let shown = |text: &Text| {
        let (value, actual) = said(lang, text);
        if value.trim().is_empty() {
            view! { <em class="blank">{t(lang, Key::Blank)}</em> }.into_any()
        } else {
            view! { <code lang=actual.code()>{value.to_string()}</code> }.into_any()
        }
    };
    let expected = m.expected.as_ref().map(|e| {
        let e = shown(e);
        view! { {t(lang, Key::Expected)} " " <span class="expected">{e}</span> ", " }
    });
    let got = shown(&m.got);
    let rule = (!m.rfc.trim().is_empty()).then(|| {
        view! {
            " "
            <span class="mistake-rfc">
                {t(lang, Key::Rule)} ": " <cite>{m.rfc.clone()}</cite>
            </span>
        }
    });
    view! {
        <li class="mistake" data-field=m.label.clone()>
            <strong class="mistake-field">{m.name(lang)}</strong>
            " "
            <span class="mistake-diff">
                {expected} {t(lang, Key::YouWrote)} " " <span class="got">{got}</span>
            </span>
            " "
            {said_view(lang, &m.why, "mistake-why")}
            {rule}
            {m.why.en.contains("ISN").then(|| view! { <p class="glossary">{t(lang, Key::IsnExplained)}</p> })}
        </li>
    }
}
