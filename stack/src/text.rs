//! Sentences for people, in the two languages of the game (the design: "English and Italian,
//! the original game was played in Italy").
//!
//! The design, and why: every sentence the engine writes for a student (a referee's
//! explanation, a router's decision, a fault's effect, a hint, a refusal) is one [`Text`]
//! that carries the English and the Italian, both formatted by [`text!`] at the place where
//! the rule decides, from the same values. So the numbers are the same in both languages by
//! construction, and a new sentence cannot be written without its Italian twin right under
//! it. The alternatives were worse for this engine: a structured reason enum translated by
//! the browser would put the Italian in a second table far from the rule (the drift this
//! avoids) and roughly double the code of about a hundred sentences; a language parameter
//! would make the engine's output depend on who reads it, while a game must replay to the
//! same events for everybody in a classroom.
//!
//! The engine never chooses a language and no decision reads a [`Text`]. Its `Display` is
//! the English, exactly as the engine wrote it before Italian existed, so the command line,
//! the drills, logs and tests read what they always read; the browser shows
//! [`Text::it`] to a player who reads Italian.

use alloc::string::String;
use core::fmt;

/// One sentence in English and Italian.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Text {
    pub en: String,
    /// The Italian twin. `None` only for text that came from outside the engine's rules as
    /// a plain string (see the `From` impls): a page in Italian shows it in English, marked
    /// as English.
    pub it: Option<String>,
}

impl Text {
    /// A sentence and its Italian twin; [`text!`] builds both from one set of values.
    pub fn new(en: String, it: String) -> Text {
        Text { en, it: Some(it) }
    }

    /// A value that reads the same in both languages: a number, an address, flag names,
    /// what a player typed.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            it: Some(s.clone()),
            en: s,
        }
    }

    /// The same change to both languages, e.g. appending the rule: `t.map(|s| format!("{s}
    /// ({rfc})"))`.
    pub fn map(&self, f: impl Fn(&str) -> String) -> Text {
        Text {
            en: f(&self.en),
            it: self.it.as_deref().map(f),
        }
    }

    /// This sentence followed by `more`, in each language ("no route … — but the source
    /// is a broadcast …"). Italian only when both halves have it, so a page in Italian
    /// never shows half a sentence in each language.
    pub fn then(self, more: Text) -> Text {
        let it = match (self.it, more.it) {
            (Some(a), Some(b)) => Some(a + &b),
            _ => None,
        };
        Text {
            en: self.en + &more.en,
            it,
        }
    }
}

/// The English, as the engine always wrote it.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A plain string has no Italian twin (a sentence written by a test, or one that comes
/// from outside the game's rules, such as the server's protocol errors).
impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text::from(String::from(en))
    }
}

impl From<String> for Text {
    fn from(en: String) -> Text {
        Text { en, it: None }
    }
}

/// `text!("ack should be {a}", "ack dovrebbe essere {a}")`: one [`Text`], both languages
/// formatted from the same variables (inline `{name}` captures only, so the two cannot be
/// handed different values). Exported as `tcpip_stack::text::text!` so the classroom
/// server writes its own refusals the same way.
#[doc(hidden)]
#[macro_export]
macro_rules! __text {
    ($en:literal, $it:literal $(,)?) => {
        $crate::text::Text::new($crate::text::format!($en), $crate::text::format!($it))
    };
}
pub use crate::__text as text;
/// For [`text!`] in crates that have no `alloc` in scope (std crates such as the server).
#[doc(hidden)]
pub use alloc::format;

/// A fixed sentence of the game in both languages, written side by side where the thing
/// it names is defined (a round's title, its goal), so adding one touches one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub en: &'static str,
    pub it: &'static str,
}

impl Words {
    pub const fn new(en: &'static str, it: &'static str) -> Words {
        Words { en, it }
    }
}

impl From<Words> for Text {
    fn from(w: Words) -> Text {
        Text::new(String::from(w.en), String::from(w.it))
    }
}

/// For tests across the engine: `t` has its Italian twin, and both carry the same numbers
/// (runs of digits, in any order, since an Italian sentence may put them elsewhere).
#[cfg(test)]
pub(crate) fn twin_with_same_numbers(t: &Text) -> bool {
    fn numbers(s: &str) -> alloc::vec::Vec<&str> {
        let mut runs: alloc::vec::Vec<&str> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .collect();
        runs.sort_unstable();
        runs
    }
    t.it.as_deref()
        .is_some_and(|it| !it.is_empty() && numbers(it) == numbers(&t.en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn both_languages_get_the_same_numbers() {
        let (seq, isn) = (1001u32, 1000u32);
        let t = text!(
            "seq should be {seq}: your ISN {isn} plus one",
            "seq dovrebbe essere {seq}: il tuo ISN {isn} più uno"
        );
        assert_eq!(t.en, "seq should be 1001: your ISN 1000 plus one");
        assert_eq!(
            t.it.as_deref(),
            Some("seq dovrebbe essere 1001: il tuo ISN 1000 più uno")
        );
        assert_eq!(t.to_string(), t.en, "Display is the English");
        assert!(twin_with_same_numbers(&t));
        let drifted = Text::new("seq should be 1".into(), "seq deve essere 2".into());
        assert!(!twin_with_same_numbers(&drifted));
        assert!(!twin_with_same_numbers(&Text::from("no twin")));
    }

    #[test]
    fn map_changes_both_and_plain_strings_have_no_italian() {
        let t = text!("lost", "persa").map(|s| format!("{s} (RFC 791)"));
        assert_eq!(
            (t.en.as_str(), t.it.as_deref()),
            ("lost (RFC 791)", Some("persa (RFC 791)"))
        );
        let plain = Text::from("no route back").map(|s| format!("{s}!"));
        assert_eq!((plain.en.as_str(), plain.it), ("no route back!", None));
    }

    #[test]
    fn then_joins_both_languages_and_never_mixes_them() {
        let n = 7;
        let joined = text!("lost", "persa").then(text!(" after {n} s", " dopo {n} s"));
        assert_eq!(
            (joined.en.as_str(), joined.it.as_deref()),
            ("lost after 7 s", Some("persa dopo 7 s"))
        );
        let half = Text::from("lost").then(text!(" after {n} s", " dopo {n} s"));
        assert_eq!((half.en.as_str(), half.it), ("lost after 7 s", None));
    }
}
