//! The paper card a player writes: every box is free text (the engine's [`Card`]), read by
//! [`Card::parse`] only on Send, so a student may write anything and gets one message per
//! wrong box, next to that box, instead of an input that refuses keystrokes.

use leptos::prelude::*;
use tcpip_stack::card::{Card, CardKind, Field, FieldError};
use tcpip_stack::wire::Packet;
use wasm_bindgen::JsCast;

use crate::derived::Derived;
use crate::i18n::{Key, Lang, Locale, field_key, said, said_view, t, use_locale};
use crate::slot::Slot;

/// One text box of the card: how to read and write it on [`Card`].
#[derive(Clone, Copy)]
struct TextBox {
    field: Field,
    /// The id suffix, also the `data-field` attribute tests and styles use.
    slug: &'static str,
    get: fn(&Card) -> &str,
    set: fn(&mut Card) -> &mut String,
    /// A short note under the label (e.g. what a blank box means).
    hint: Option<Key>,
    multiline: bool,
    /// Numbers get the numeric keyboard on phones; addresses need the dot, so `decimal`.
    inputmode: &'static str,
}

const SRC_IP: TextBox = TextBox {
    field: Field::SrcIp,
    slug: "src-ip",
    get: |c| &c.src_ip,
    set: |c| &mut c.src_ip,
    hint: None,
    multiline: false,
    inputmode: "decimal",
};
const DST_IP: TextBox = TextBox {
    field: Field::DstIp,
    slug: "dst-ip",
    get: |c| &c.dst_ip,
    set: |c| &mut c.dst_ip,
    ..SRC_IP
};
const SRC_PORT: TextBox = TextBox {
    field: Field::SrcPort,
    slug: "src-port",
    get: |c| &c.src_port,
    set: |c| &mut c.src_port,
    inputmode: "numeric",
    ..SRC_IP
};
const DST_PORT: TextBox = TextBox {
    field: Field::DstPort,
    slug: "dst-port",
    get: |c| &c.dst_port,
    set: |c| &mut c.dst_port,
    ..SRC_PORT
};
const SEQ: TextBox = TextBox {
    field: Field::Seq,
    slug: "seq",
    get: |c| &c.seq,
    set: |c| &mut c.seq,
    ..SRC_PORT
};
const ACK: TextBox = TextBox {
    field: Field::Ack,
    slug: "ack",
    get: |c| &c.ack,
    set: |c| &mut c.ack,
    hint: Some(Key::AckHint),
    ..SRC_PORT
};
const DATA: TextBox = TextBox {
    field: Field::Data,
    slug: "data",
    get: |c| &c.data,
    set: |c| &mut c.data,
    multiline: true,
    inputmode: "text",
    ..SRC_IP
};
const TTL: TextBox = TextBox {
    field: Field::Ttl,
    slug: "ttl",
    get: |c| &c.ttl,
    set: |c| &mut c.ttl,
    hint: Some(Key::TtlHint),
    ..SRC_PORT
};
const ICMP_TYPE: TextBox = TextBox {
    field: Field::IcmpType,
    slug: "icmp-type",
    get: |c| &c.icmp_type,
    set: |c| &mut c.icmp_type,
    ..SRC_PORT
};
const ICMP_CODE: TextBox = TextBox {
    field: Field::IcmpCode,
    slug: "icmp-code",
    get: |c| &c.icmp_code,
    set: |c| &mut c.icmp_code,
    ..SRC_PORT
};

// The DNS message a UDP card carries (RFC 1035 §4.1): its header's ID, opcode and RCODE,
// the question, and the answers one per line.
const DNS_ID: TextBox = TextBox {
    field: Field::DnsId,
    slug: "dns-id",
    get: |c| &c.dns_id,
    set: |c| &mut c.dns_id,
    ..SRC_PORT
};
const DNS_OPCODE: TextBox = TextBox {
    field: Field::DnsOpcode,
    slug: "dns-opcode",
    get: |c| &c.dns_opcode,
    set: |c| &mut c.dns_opcode,
    ..SRC_PORT
};
const DNS_RCODE: TextBox = TextBox {
    field: Field::DnsRcode,
    slug: "dns-rcode",
    get: |c| &c.dns_rcode,
    set: |c| &mut c.dns_rcode,
    hint: Some(Key::DnsRcodeHint),
    ..SRC_PORT
};
const DNS_QNAME: TextBox = TextBox {
    field: Field::DnsQname,
    slug: "dns-qname",
    get: |c| &c.dns_qname,
    set: |c| &mut c.dns_qname,
    inputmode: "text",
    ..SRC_IP
};
const DNS_QTYPE: TextBox = TextBox {
    field: Field::DnsQtype,
    slug: "dns-qtype",
    get: |c| &c.dns_qtype,
    set: |c| &mut c.dns_qtype,
    ..DNS_QNAME
};
const DNS_QCLASS: TextBox = TextBox {
    field: Field::DnsQclass,
    slug: "dns-qclass",
    get: |c| &c.dns_qclass,
    set: |c| &mut c.dns_qclass,
    ..DNS_QNAME
};
const DNS_ANSWERS: TextBox = TextBox {
    field: Field::DnsAnswers,
    slug: "dns-answers",
    get: |c| &c.dns_answers,
    set: |c| &mut c.dns_answers,
    hint: Some(Key::DnsAnswersHint),
    multiline: true,
    ..DNS_QNAME
};

const BOXES: [TextBox; 17] = [
    SRC_IP,
    DST_IP,
    SRC_PORT,
    DST_PORT,
    SEQ,
    ACK,
    DATA,
    TTL,
    ICMP_TYPE,
    ICMP_CODE,
    DNS_ID,
    DNS_OPCODE,
    DNS_RCODE,
    DNS_QNAME,
    DNS_QTYPE,
    DNS_QCLASS,
    DNS_ANSWERS,
];

/// A flag toggle: the name is always written (never colour alone). Every TCP flag is in
/// the one box `Field::Flags`; each DNS flag is a box of its own.
#[derive(Clone, Copy)]
struct FlagBox {
    name: &'static str,
    field: Field,
    get: fn(&Card) -> bool,
    set: fn(&mut Card) -> &mut bool,
}

/// The flag box named `$name` for the tick `$member` of [`Card`], in box `$field`.
macro_rules! flag {
    ($name:literal, $field:expr, $member:ident) => {
        FlagBox {
            name: $name,
            field: $field,
            get: |c| c.$member,
            set: |c| &mut c.$member,
        }
    };
}

const FLAGS: [FlagBox; 5] = [
    flag!("SYN", Field::Flags, syn),
    flag!("ACK", Field::Flags, ack_flag),
    flag!("FIN", Field::Flags, fin),
    flag!("RST", Field::Flags, rst),
    flag!("PSH", Field::Flags, psh),
];

/// The DNS header's one-bit flags (RFC 1035 §4.1.1): QR answer, AA authoritative, RD
/// recursion desired, RA recursion available.
const DNS_FLAGS: [FlagBox; 4] = [
    flag!("QR", Field::DnsQr, dns_qr),
    flag!("AA", Field::DnsAa, dns_aa),
    flag!("RD", Field::DnsRd, dns_rd),
    flag!("RA", Field::DnsRa, dns_ra),
];

/// The boxes a card of `kind` shows, besides the addresses, the TTL and (TCP) the data.
fn shown(kind: CardKind, field: Field) -> bool {
    match field {
        Field::SrcIp | Field::DstIp | Field::Ttl => true,
        Field::SrcPort | Field::DstPort => kind != CardKind::Icmp,
        Field::Flags | Field::Seq | Field::Ack | Field::Data => kind == CardKind::Tcp,
        Field::IcmpType | Field::IcmpCode => kind == CardKind::Icmp,
        Field::DnsId
        | Field::DnsQr
        | Field::DnsOpcode
        | Field::DnsAa
        | Field::DnsRd
        | Field::DnsRa
        | Field::DnsRcode
        | Field::DnsQname
        | Field::DnsQtype
        | Field::DnsQclass
        | Field::DnsAnswers => kind == CardKind::Udp,
        // The router's and the balancer's slips, not boxes of a card.
        Field::Choice | Field::NextHop | Field::Protocol | Field::InnerDstIp | Field::InnerTtl => {
            false
        }
    }
}

/// The element id of the control that holds `field` on a form with id prefix `prefix`, the
/// one focused when that box is the first wrong one. `None` for boxes this form lacks.
fn control_id(prefix: &str, field: Field) -> Option<String> {
    let slug = match field {
        Field::Flags => "flag-syn".to_string(),
        other => match DNS_FLAGS.iter().find(|f| f.field == other) {
            Some(flag) => format!("flag-{}", flag.name.to_ascii_lowercase()),
            None => BOXES.iter().find(|b| b.field == other)?.slug.to_string(),
        },
    };
    Some(format!("{prefix}-{slug}"))
}

/// The paper card form.
///
/// - `card`: the card being written; the form edits it in place, so the parent can save a
///   half-written card and restore it after a reload.
/// - `reply_to`: the card in the player's hand, if any; shows "Reply to this card", which
///   pre-fills only the swapped addresses and ports ([`Card::reply_to`]).
/// - `on_send`: called with the card when it parses; with any error nothing is sent and
///   each message appears next to its box.
/// - `udp`: the game has a DNS server, so a host may pick a UDP card (a DNS question or
///   answer) instead of a TCP one.
#[component]
pub fn CardForm(
    card: Slot<Card>,
    #[prop(optional)] reply_to: Option<Derived<Option<Packet>>>,
    #[prop(optional)] udp: bool,
    #[prop(into)] on_send: Callback<Card>,
) -> impl IntoView {
    let locale = use_locale();
    let prefix = format!("card-{}", super::next_id());
    let title_id = format!("{prefix}-title");
    let errors = Slot::new(Vec::<FieldError>::new());
    let kind = Derived::new(move || card.with(|c| c.kind));

    let send_prefix = prefix.clone();
    let send = move |_| {
        let written = card.get_untracked();
        match written.parse() {
            Ok(_) => {
                errors.set(Vec::new());
                on_send.run(written);
            }
            Err(found) => {
                if let Some(id) = found.iter().find_map(|e| control_id(&send_prefix, e.field)) {
                    focus(&id);
                }
                errors.set(found);
            }
        }
    };

    let reply_button = move || {
        reply_to.and_then(|r| r.get()).map(|packet| {
            view! {
                <button
                    type="button"
                    class="card-reply"
                    on:click=move |_| {
                        card.set(Card::reply_to(&packet));
                        errors.set(Vec::new());
                    }
                >
                    {locale.text(Key::ReplyTo)}
                </button>
            }
        })
    };

    let tcp_prefix = prefix.clone();
    let tcp_boxes = move || {
        (kind.get() == CardKind::Tcp).then(|| {
            let p = tcp_prefix.clone();
            view! {
                <div class="card-row">
                    {text_box(SRC_PORT, card, errors, &p, locale)}
                    {text_box(DST_PORT, card, errors, &p, locale)}
                </div>
                {flag_group(&FLAGS, Key::Flags, card, errors, &p, locale)}
                <div class="card-row">
                    {text_box(SEQ, card, errors, &p, locale)}
                    {text_box(ACK, card, errors, &p, locale)}
                </div>
            }
        })
    };
    let icmp_prefix = prefix.clone();
    let icmp_boxes = move || {
        (kind.get() == CardKind::Icmp).then(|| {
            let p = icmp_prefix.clone();
            view! {
                <div class="card-row">
                    {text_box(ICMP_TYPE, card, errors, &p, locale)}
                    {text_box(ICMP_CODE, card, errors, &p, locale)}
                </div>
            }
        })
    };

    let udp_prefix = prefix.clone();
    let udp_boxes = move || {
        (kind.get() == CardKind::Udp).then(|| {
            let p = udp_prefix.clone();
            view! {
                <div class="card-row">
                    {text_box(SRC_PORT, card, errors, &p, locale)}
                    {text_box(DST_PORT, card, errors, &p, locale)}
                </div>
                <div class="card-row">
                    {text_box(DNS_ID, card, errors, &p, locale)}
                    {text_box(DNS_OPCODE, card, errors, &p, locale)}
                </div>
                {flag_group(&DNS_FLAGS, Key::DnsFlags, card, errors, &p, locale)}
                <p class="card-hint">{move || t(locale.get(), Key::DnsQrHint)}</p>
                <div class="card-row">
                    {text_box(DNS_QNAME, card, errors, &p, locale)}
                </div>
                <div class="card-row">
                    {text_box(DNS_QTYPE, card, errors, &p, locale)}
                    {text_box(DNS_QCLASS, card, errors, &p, locale)}
                </div>
                <div class="card-row">
                    {text_box(DNS_RCODE, card, errors, &p, locale)}
                </div>
                <div class="card-row">
                    {text_box(DNS_ANSWERS, card, errors, &p, locale)}
                </div>
            }
        })
    };
    // A host in a game with a DNS server picks its card: the boxes it has written in the
    // other kind stay on the card, only not shown.
    let kind_switch = move || {
        udp.then(|| {
            let lang = locale.get();
            let choice = move |k: CardKind, key: Key| {
                view! {
                    <button
                        type="button"
                        class="kind-toggle"
                        data-kind=if k == CardKind::Udp { "udp" } else { "tcp" }
                        aria-pressed=move || (kind.get() == k).to_string()
                        on:click=move |_| {
                            card.update(|c| c.kind = k);
                            errors.set(Vec::new());
                        }
                    >
                        {t(lang, key)}
                    </button>
                }
            };
            view! {
                <div class="card-kind" role="group" aria-label=t(lang, Key::CardKindLabel)>
                    {choice(CardKind::Tcp, Key::CardKindTcp)}
                    {choice(CardKind::Udp, Key::CardKindUdp)}
                </div>
            }
        })
    };

    // Errors about boxes this form does not show (a router's choice, ports on an ICMP
    // card): still listed, so no problem is ever silent.
    let summary_prefix = prefix.clone();
    let summary = move || {
        let lang = locale.get();
        let all = errors.get();
        (!all.is_empty()).then(|| {
            let shown_kind = kind.get();
            let stray: Vec<FieldError> = all
                .into_iter()
                .filter(|e| {
                    control_id(&summary_prefix, e.field).is_none() || !shown(shown_kind, e.field)
                })
                .collect();
            view! {
                <div class="card-summary">
                    <p>
                        <span aria-hidden="true">"✗ "</span>
                        {t(lang, Key::FixMarked)}
                    </p>
                    <ul>
                        {stray
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li>
                                        <strong>{t(lang, field_key(e.field))}</strong>
                                        ": "
                                        {message_view(lang, &e)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };

    let labelled_by = title_id.clone();
    view! {
        <form
            class="paper-card card-form"
            aria-labelledby=labelled_by
            novalidate=true
            // Enter in a box must not send half a card: only the Send button sends.
            on:submit=|ev| ev.prevent_default()
        >
            <div class="card-head">
                <h3 id=title_id>
                    {move || {
                        t(
                            locale.get(),
                            match kind.get() {
                                CardKind::Tcp => Key::TcpCard,
                                CardKind::Icmp => Key::IcmpCard,
                                CardKind::Udp => Key::UdpCard,
                            },
                        )
                    }}
                </h3>
                {reply_button}
            </div>
            {kind_switch}
            <div class="card-row">
                {text_box(SRC_IP, card, errors, &prefix, locale)}
                {text_box(DST_IP, card, errors, &prefix, locale)}
            </div>
            {tcp_boxes}
            {icmp_boxes}
            {udp_boxes}
            {
                let p = prefix.clone();
                move || {
                    (kind.get() == CardKind::Tcp)
                        .then(|| view! {
                            <div class="card-row">{text_box(DATA, card, errors, &p, locale)}</div>
                        })
                }
            }
            <div class="card-row card-row-narrow">
                {text_box(TTL, card, errors, &prefix, locale)}
            </div>
            {summary}
            <div class="card-foot">
                <button type="button" class="card-send" on:click=send>
                    {locale.text(Key::Send)}
                </button>
            </div>
        </form>
    }
}

/// One labelled box with its hint and its error messages.
fn text_box(
    b: TextBox,
    card: Slot<Card>,
    errors: Slot<Vec<FieldError>>,
    prefix: &str,
    locale: Locale,
) -> impl IntoView + use<> {
    let id = format!("{prefix}-{}", b.slug);
    let err_id = format!("{id}-err");
    let hint_id = b.hint.map(|_| format!("{id}-hint"));
    let field = b.field;
    let invalid = move || errors.with(|e| e.iter().any(|x| x.field == field));
    let described_by = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = hint_id
                .as_deref()
                .into_iter()
                .chain(invalid().then_some(err_id.as_str()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = move || card.with(|c| (b.get)(c).to_string());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        card.update(|c| *(b.set)(c) = text);
        // The old message no longer describes what is written; Send checks again.
        if invalid() {
            errors.update(|e| e.retain(|x| x.field != field));
        }
    };
    let aria_invalid = move || invalid().then_some("true");
    let control = if b.multiline {
        view! {
            <textarea
                id=id.clone()
                rows="2"
                spellcheck="false"
                prop:value=value
                on:input=on_input
                aria-invalid=aria_invalid
                aria-describedby=described_by
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                type="text"
                id=id.clone()
                autocomplete="off"
                spellcheck="false"
                inputmode=b.inputmode
                prop:value=value
                on:input=on_input
                aria-invalid=aria_invalid
                aria-describedby=described_by
            />
        }
        .into_any()
    };
    let messages = move || {
        let lang = locale.get();
        errors.with(|all| {
            all.iter()
                .filter(|e| e.field == field)
                .map(|e| view! { <span class="field-error-line">{message_view(lang, e)}</span> })
                .collect_view()
        })
    };
    view! {
        <div class="card-box" class:invalid=invalid data-field=b.slug>
            <label for=id>{locale.text(field_key(field))}</label>
            {control}
            {hint_id
                .map(|hid| {
                    view! {
                        <span class="card-hint" id=hid>
                            {move || b.hint.map(|k| t(locale.get(), k))}
                        </span>
                    }
                })}
            <span class="field-error" id=err_id>
                {messages}
            </span>
        </div>
    }
}

/// Toggles of one group of flags (TCP's SYN/ACK/FIN/RST/PSH, DNS's QR/AA/RD/RA), named
/// by its visible caption.
fn flag_group(
    flags: &'static [FlagBox],
    caption: Key,
    card: Slot<Card>,
    errors: Slot<Vec<FieldError>>,
    prefix: &str,
    locale: Locale,
) -> impl IntoView + use<> {
    let group = if caption == Key::Flags {
        "flags"
    } else {
        "dns-flags"
    };
    let caption_id = format!("{prefix}-{group}");
    let err_id = format!("{prefix}-{group}-err");
    let ours = move |field: Field| flags.iter().any(|f| f.field == field);
    let invalid = move || errors.with(|e| e.iter().any(|x| ours(x.field)));
    let buttons = flags
        .iter()
        .copied()
        .map(|f| {
            let on = move || card.with(f.get);
            view! {
                <button
                    type="button"
                    class="flag-toggle"
                    id=format!("{prefix}-flag-{}", f.name.to_ascii_lowercase())
                    data-flag=f.name
                    aria-pressed=move || if on() { "true" } else { "false" }
                    on:click=move |_| {
                        card.update(|c| {
                            let v = (f.set)(c);
                            *v = !*v;
                        });
                        if invalid() {
                            errors.update(|e| e.retain(|x| x.field != f.field));
                        }
                    }
                >
                    <span class="flag-mark" aria-hidden="true">
                        {move || if on() { "✓" } else { "" }}
                    </span>
                    {f.name}
                </button>
            }
        })
        .collect_view();
    let messages = move || {
        let lang = locale.get();
        errors.with(|all| {
            all.iter()
                .filter(|e| ours(e.field))
                .map(|e| view! { <span class="field-error-line">{message_view(lang, e)}</span> })
                .collect_view()
        })
    };
    let labelled_by = caption_id.clone();
    view! {
        <div
            class="card-box card-flags"
            class:invalid=invalid
            data-field=group
            role="group"
            aria-labelledby=labelled_by
            aria-describedby=move || invalid().then(|| err_id.clone())
        >
            <span class="card-caption" id=caption_id>
                {locale.text(caption)}
            </span>
            <span class="flag-row">{buttons}</span>
            <span class="field-error" id=format!("{prefix}-{group}-err")>
                {messages}
            </span>
        </div>
    }
}

/// An engine message in the player's language (the engine writes every card message with
/// its Italian twin). A sentence that has none is shown in English after a translated
/// lead-in, marked `lang="en"` for screen readers.
fn message_view(lang: Lang, e: &FieldError) -> impl IntoView + use<> {
    let text = e.text();
    let lead = (said(lang, &text).1 != lang).then(|| format!("{} ", t(lang, Key::CheckThisBox)));
    view! {
        <span aria-hidden="true">"✗ "</span>
        {lead}
        {said_view(lang, &text, "")}
    }
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
