//! English and Italian (the original game was played in Italy). Every string a desk
//! component shows comes from [`t`] with a compile-checked [`Key`], so a missing translation
//! is a build error rather than a blank on the page.
//!
//! What stays the same in both languages, on purpose: flag names (SYN, ACK, …), the TCP
//! state names and transition labels of RFC 9293 (students read them in the RFC itself),
//! and the engine's own sentences (`FieldError::message`, `Mistake::why`), which the
//! engine writes in English; the views mark those `lang="en"` so screen readers pronounce
//! them correctly.

use leptos::prelude::*;
use tcpip_stack::card::{Field, Intent};
use wasm_bindgen::prelude::wasm_bindgen;

/// `localStorage` key holding the chosen language code (`en` / `it`).
pub const STORAGE_KEY: &str = "tcpip.lang";

/// A language the game speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// The BCP 47 code, used for `localStorage`, `<option value>` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// Reads a stored code or a browser language tag (`it-IT` counts as Italian).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "it" => Some(Lang::It),
            _ => None,
        }
    }

    /// The language's name in itself, as language pickers conventionally show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }
}

/// Every string the desk components show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    LanguageLabel,
    SrcIp,
    DstIp,
    SrcPort,
    DstPort,
    Flags,
    Seq,
    Ack,
    Data,
    Ttl,
    IcmpType,
    IcmpCode,
    Choice,
    NextHop,
    TcpCard,
    IcmpCard,
    Send,
    ReplyTo,
    TtlHint,
    AckHint,
    FixMarked,
    /// Leads an engine message shown in Italian, which the engine writes only in English.
    CheckThisBox,
    CorrectCard,
    Expected,
    YouWrote,
    Blank,
    Rule,
    CardReturned,
    MistakeOne,
    MistakeMany,
    YouWanted,
    IntentOpen,
    IntentOpenReply,
    IntentData,
    IntentAck,
    IntentClose,
    IntentAbort,
    IntentIcmpError,
    DiagramTitle,
    CurrentState,
    NoConnection,
    LastTransition,
    NoTransition,
    // Desk screen (seat picker, host and router desks).
    CardSentVerdict,
    DeskHeading,
    NoGame,
    YouArePlaying,
    NoHumanSeat,
    OtherSeats,
    TakeSeat,
    GiveBack,
    KindClient,
    KindServer,
    KindRouter,
    Inbox,
    InboxEmpty,
    CardFrom,
    Forged,
    ArrivedAt,
    IcmpMeaning,
    Quotes,
    QuotesBytes,
    NoneWritten,
    WriteNext,
    YourAddress,
    Refused,
    Connections,
    NoConnections,
    Local,
    Remote,
    StateCol,
    ShowOnDiagram,
    AskHint,
    HintCosts,
    HintCostsEnd,
    HintIs,
    NewCardFrom,
    CardsToRoute,
    RouterInboxEmpty,
    Decide,
    Deliver,
    ForwardTo,
    Gateway,
    NoGateway,
    AnswerUnreachable,
    CodeNet,
    CodeHost,
    CodePort,
    CodeAdmin,
    AnswerTimeExceeded,
    DropCard,
    RouterDid,
    RoutingTable,
    TableEmpty,
    Prefix,
    Interface,
    Direct,
    IfaceLan,
    IfaceBackbone,
    RemoveRoute,
    AddRoute,
    GatewayInvalid,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (en, it) = match key {
        LanguageLabel => ("Language / Lingua", "Language / Lingua"),
        SrcIp => ("source IP", "IP sorgente"),
        DstIp => ("destination IP", "IP destinazione"),
        SrcPort => ("source port", "porta sorgente"),
        DstPort => ("destination port", "porta destinazione"),
        Flags => ("flags", "flag"),
        Seq => ("seq", "seq"),
        Ack => ("ack", "ack"),
        Data => ("data", "dati"),
        Ttl => ("TTL", "TTL"),
        IcmpType => ("ICMP type", "tipo ICMP"),
        IcmpCode => ("ICMP code", "codice ICMP"),
        Choice => ("choice", "scelta"),
        NextHop => ("next hop", "prossimo salto"),
        TcpCard => ("TCP card", "Carta TCP"),
        IcmpCard => ("ICMP card", "Carta ICMP"),
        Send => ("Send", "Invia"),
        ReplyTo => ("Reply to this card", "Rispondi a questa carta"),
        TtlHint => ("blank = 64", "vuoto = 64"),
        AckHint => (
            "blank is fine without the ACK flag",
            "può restare vuoto senza il flag ACK",
        ),
        FixMarked => (
            "The card was not sent: fix the marked boxes.",
            "La carta non è stata inviata: correggi le caselle segnate.",
        ),
        CheckThisBox => ("Check this box:", "Controlla questa casella:"),
        CorrectCard => ("Correct card", "Carta corretta"),
        Expected => ("expected", "atteso"),
        YouWrote => ("you wrote", "hai scritto"),
        Blank => ("(blank)", "(vuoto)"),
        Rule => ("Rule", "Regola"),
        CardReturned => ("Card returned", "Carta restituita"),
        MistakeOne => ("mistake", "errore"),
        MistakeMany => ("mistakes", "errori"),
        YouWanted => ("You wanted to", "Volevi"),
        IntentOpen => ("open a connection (SYN)", "aprire una connessione (SYN)"),
        IntentOpenReply => (
            "answer a connection request (SYN+ACK)",
            "rispondere a una richiesta di connessione (SYN+ACK)",
        ),
        IntentData => ("send data", "inviare dati"),
        IntentAck => ("acknowledge (ACK)", "confermare (ACK)"),
        IntentClose => ("close your side (FIN)", "chiudere il tuo lato (FIN)"),
        IntentAbort => ("reset a connection (RST)", "azzerare una connessione (RST)"),
        IntentIcmpError => ("report an error (ICMP)", "segnalare un errore (ICMP)"),
        DiagramTitle => (
            "TCP state diagram (RFC 9293)",
            "Diagramma degli stati TCP (RFC 9293)",
        ),
        CurrentState => ("Current state", "Stato attuale"),
        NoConnection => ("no connection", "nessuna connessione"),
        LastTransition => ("Last transition", "Ultima transizione"),
        NoTransition => ("none yet", "nessuna finora"),
        CardSentVerdict => ("Card sent", "Carta inviata"),
        DeskHeading => ("Desk", "Scrivania"),
        NoGame => ("No game is running: start one first.", "Nessuna partita in corso: iniziane una."),
        YouArePlaying => ("You are playing", "Stai giocando"),
        NoHumanSeat => ("Every seat is played by a bot. Take a seat to play it at this desk.", "Tutti i posti sono giocati da un bot. Prendi un posto per giocarlo a questa scrivania."),
        OtherSeats => ("Take another seat", "Prendi un altro posto"),
        TakeSeat => ("Take this seat", "Prendi questo posto"),
        GiveBack => ("Give back to the bot", "Restituisci al bot"),
        KindClient => ("client", "client"),
        KindServer => ("server", "server"),
        KindRouter => ("router", "router"),
        Inbox => ("Inbox", "Carte arrivate"),
        InboxEmpty => ("No card on your desk: wait for one to arrive.", "Nessuna carta sulla scrivania: aspetta che ne arrivi una."),
        CardFrom => ("Card from", "Carta da"),
        Forged => ("forged", "falsificata"),
        ArrivedAt => ("arrived at", "arrivata alle"),
        IcmpMeaning => ("meaning", "significato"),
        Quotes => ("quotes the card", "cita la carta"),
        QuotesBytes => ("quoted bytes", "byte citati"),
        NoneWritten => ("—", "—"),
        WriteNext => ("Your next card", "La tua prossima carta"),
        YourAddress => ("your address", "il tuo indirizzo"),
        Refused => ("Not done", "Non eseguito"),
        Connections => ("Your connections", "Le tue connessioni"),
        NoConnections => ("No connection yet.", "Ancora nessuna connessione."),
        Local => ("local", "locale"),
        Remote => ("remote", "remoto"),
        StateCol => ("state", "stato"),
        ShowOnDiagram => ("Show on the diagram", "Mostra sul diagramma"),
        AskHint => ("Ask for a hint", "Chiedi un suggerimento"),
        HintCosts => ("each hint adds", "ogni suggerimento aggiunge"),
        HintCostsEnd => ("to your team's race time", "al tempo di gara della squadra"),
        HintIs => ("Hint", "Suggerimento"),
        NewCardFrom => ("New card from", "Nuova carta da"),
        CardsToRoute => ("Cards to route", "Carte da instradare"),
        RouterInboxEmpty => ("No card to route: wait for one to arrive.", "Nessuna carta da instradare: aspetta che ne arrivi una."),
        Decide => ("Your decision", "La tua decisione"),
        Deliver => ("Deliver on the LAN", "Consegna sulla LAN"),
        ForwardTo => ("Forward to", "Inoltra a"),
        Gateway => ("gateway", "gateway"),
        NoGateway => ("no other router on the backbone", "nessun altro router sulla dorsale"),
        AnswerUnreachable => ("Answer ICMP destination unreachable", "Rispondi ICMP destinazione irraggiungibile"),
        CodeNet => ("net unreachable (0)", "rete irraggiungibile (0)"),
        CodeHost => ("host unreachable (1)", "host irraggiungibile (1)"),
        CodePort => ("port unreachable (3)", "porta irraggiungibile (3)"),
        CodeAdmin => ("administratively prohibited (13)", "vietato dall'amministratore (13)"),
        AnswerTimeExceeded => ("Answer ICMP time exceeded", "Rispondi ICMP tempo scaduto"),
        DropCard => ("Drop", "Scarta"),
        RouterDid => ("What happened", "Cosa è successo"),
        RoutingTable => ("Routing table", "Tabella di instradamento"),
        TableEmpty => ("The table is empty.", "La tabella è vuota."),
        Prefix => ("prefix", "prefisso"),
        Interface => ("interface", "interfaccia"),
        Direct => ("directly connected", "connessa direttamente"),
        IfaceLan => ("LAN", "LAN"),
        IfaceBackbone => ("backbone", "dorsale"),
        RemoveRoute => ("Remove", "Rimuovi"),
        AddRoute => ("Add route", "Aggiungi rotta"),
        GatewayInvalid => ("the gateway must be an IPv4 address, e.g. 192.168.0.2", "il gateway deve essere un indirizzo IPv4, es. 192.168.0.2"),
    };
    match lang {
        Lang::En => en,
        Lang::It => it,
    }
}

/// The key of a card box's label, so the engine's `Field` is shown in the player's language.
pub fn field_key(field: Field) -> Key {
    match field {
        Field::SrcIp => Key::SrcIp,
        Field::DstIp => Key::DstIp,
        Field::SrcPort => Key::SrcPort,
        Field::DstPort => Key::DstPort,
        Field::Flags => Key::Flags,
        Field::Seq => Key::Seq,
        Field::Ack => Key::Ack,
        Field::Data => Key::Data,
        Field::Ttl => Key::Ttl,
        Field::IcmpType => Key::IcmpType,
        Field::IcmpCode => Key::IcmpCode,
        Field::Choice => Key::Choice,
        Field::NextHop => Key::NextHop,
    }
}

/// The key describing what a card meant to do.
pub fn intent_key(intent: Intent) -> Key {
    match intent {
        Intent::Open => Key::IntentOpen,
        Intent::OpenReply => Key::IntentOpenReply,
        Intent::Data => Key::IntentData,
        Intent::Ack => Key::IntentAck,
        Intent::Close => Key::IntentClose,
        Intent::Abort => Key::IntentAbort,
        Intent::IcmpError => Key::IntentIcmpError,
    }
}

/// The current language, shared through Leptos context. A newtype (not a bare signal) so
/// every change goes through [`Locale::set`], which also remembers it.
#[derive(Clone, Copy, Debug)]
pub struct Locale(RwSignal<Lang>);

impl Locale {
    /// The language, tracked (views re-render when it changes).
    pub fn get(self) -> Lang {
        self.0.get()
    }

    /// Switches language, remembers the choice in `localStorage` and updates `<html lang>`
    /// so assistive technology reads the page in the right voice.
    pub fn set(self, lang: Lang) {
        self.0.set(lang);
        if let Some(storage) = local_storage() {
            // A full or disabled storage only costs the memory of the choice.
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        set_document_lang(lang);
    }

    /// The underlying signal, for views that want `Signal<Lang>`.
    pub fn signal(self) -> RwSignal<Lang> {
        self.0
    }
}

/// Provides the [`Locale`] to every component below the caller: the stored choice, else the
/// browser's language if it is Italian, else English.
pub fn provide_i18n() -> Locale {
    let lang = stored_lang()
        .or_else(|| browser_language().as_deref().and_then(Lang::from_code))
        .unwrap_or_default();
    set_document_lang(lang);
    let locale = Locale(RwSignal::new(lang));
    provide_context(locale);
    locale
}

/// The locale in context; English when none was provided (a component mounted alone, e.g.
/// in a test or the print view), so components never panic for a missing provider.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale(RwSignal::new(Lang::En)))
}

/// The language picker. Its label is bilingual so a player who cannot read the current
/// language still finds it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let id = format!("lang-switch-{}", crate::desk::next_id());
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
            locale.set(lang);
        }
    };
    view! {
        <span class="language-switch">
            <label for=id.clone()>{t(Lang::En, Key::LanguageLabel)}</label>
            <select id=id on:change=on_change prop:value=move || locale.get().code()>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=move || locale.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored_lang() -> Option<Lang> {
    let code = local_storage()?.get_item(STORAGE_KEY).ok()??;
    Lang::from_code(&code)
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

#[wasm_bindgen]
extern "C" {
    /// `navigator.language`, declared here because the `web-sys` `Navigator` feature is
    /// not enabled for the app; `None` where the browser does not say.
    #[wasm_bindgen(thread_local_v2, js_namespace = navigator, js_name = language)]
    static NAVIGATOR_LANGUAGE: Option<String>;
}

fn browser_language() -> Option<String> {
    if cfg!(target_arch = "wasm32") {
        NAVIGATOR_LANGUAGE.with(Clone::clone)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_map_to_languages() {
        assert_eq!(Lang::from_code("it-IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de-DE"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn flag_names_and_field_labels_follow_the_engine_in_english() {
        for field in [
            Field::SrcIp,
            Field::DstIp,
            Field::SrcPort,
            Field::DstPort,
            Field::Flags,
            Field::Seq,
            Field::Ack,
            Field::Data,
            Field::Ttl,
            Field::IcmpType,
            Field::IcmpCode,
            Field::Choice,
            Field::NextHop,
        ] {
            assert_eq!(t(Lang::En, field_key(field)), field.label());
            assert!(!t(Lang::It, field_key(field)).is_empty());
        }
        assert_ne!(t(Lang::It, Key::DstIp), t(Lang::En, Key::DstIp));
    }
}
