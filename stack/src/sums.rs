//! The sums behind the referee's seq and ack explanations ("ack should be 19: their ISN 0,
//! +1 for their SYN, +17 data bytes, +1 for their FIN"). `check` writes them from the
//! connection's own numbers; [`adds_up`] reads one back and adds it, so the card drills and
//! the tests prove that every number a student is told adds up (RFC 9293 §3.4).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::seq::SeqNumber;
use crate::text::Text;

/// The sum behind a seq or an ack, in both languages, every term a number that adds up:
/// "their ISN 0, +1 for their SYN, +17 data bytes, +1 for their FIN".
pub(crate) fn sum_words(
    isn: (&str, &str),
    start: SeqNumber,
    syn: (&str, &str),
    bytes: u32,
    fin: bool,
    fin_name: (&str, &str),
) -> (String, String) {
    let mut en = format!("{} {start}, +1 for {}", isn.0, syn.0);
    let mut it = format!("{} {start}, +1 per {}", isn.1, syn.1);
    if bytes > 0 || !fin {
        let (b, by) = if bytes == 1 {
            ("data byte", "byte di dati")
        } else {
            ("data bytes", "byte di dati")
        };
        en.push_str(&format!(", +{bytes} {b}"));
        it.push_str(&format!(", +{bytes} {by}"));
    }
    if fin {
        en.push_str(&format!(", +1 for {}", fin_name.0));
        it.push_str(&format!(", +1 per {}", fin_name.1));
    }
    (en, it)
}

/// The words that mark a sum in one language.
struct SumWords {
    /// Before the claimed total: "should be ".
    claim: &'static str,
    /// Each starts the count with the number after it.
    starts: [&'static str; 3],
    /// Each adds one.
    ones: &'static str,
}

const ENGLISH: SumWords = SumWords {
    claim: "should be ",
    starts: ["ISN was ", "ISN ", "had seq "],
    ones: "counts as one",
};

const ITALIAN: SumWords = SumWords {
    claim: "deve essere ",
    starts: ["ISN era ", "ISN ", "aveva seq "],
    ones: "conta uno",
};

/// Checks the sum a why states, in both languages: after "should be N:" ("deve essere
/// N:"), the terms "ISN X" (or "ISN was X", "had seq X") start the count, and "+K" and
/// "counts as one" (+1) add to it, mod 2^32 (RFC 9293 §3.4:
/// sequence numbers wrap). The total must be N, and N the mistake's expected value. A why
/// without a starting term states no sum: nothing to check.
pub fn adds_up(why: &Text, expected: &str) -> Result<(), String> {
    sum_adds_up(&why.en, expected, &ENGLISH)?;
    match &why.it {
        Some(it) => sum_adds_up(it, expected, &ITALIAN).map_err(|e| format!("{e} (in Italian)")),
        None => Ok(()),
    }
}

fn sum_adds_up(why: &str, expected: &str, words: &SumWords) -> Result<(), String> {
    let Some(at) = why.find(words.claim) else {
        return Ok(());
    };
    let rest = &why[at + words.claim.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Some(after) = rest
        .strip_prefix(digits.as_str())
        .and_then(|r| r.strip_prefix(':'))
    else {
        return Ok(());
    };
    let Ok(claimed) = digits.parse::<u32>() else {
        return Ok(());
    };
    let number_after = |s: &str| -> Option<u32> {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        d.parse().ok()
    };
    let mut base: Option<u32> = None;
    let mut added: u32 = 0;
    let mut terms: Vec<String> = Vec::new();
    for (i, _) in after.char_indices() {
        let tail = &after[i..];
        if base.is_none()
            && let Some(n) = words
                .starts
                .iter()
                .find_map(|s| tail.strip_prefix(s).and_then(number_after))
        {
            base = Some(n);
            terms.push(n.to_string());
        } else if let Some(n) = tail.strip_prefix('+').and_then(number_after) {
            added = added.wrapping_add(n);
            terms.push(format!("+{n}"));
        } else if tail.starts_with(words.ones) {
            added = added.wrapping_add(1);
            terms.push("+1".into());
        }
    }
    let Some(base) = base else {
        return Ok(());
    };
    let total = base.wrapping_add(added);
    if total != claimed {
        return Err(format!(
            "the why says {claimed} but its terms {} add up to {total}",
            terms.join(" ")
        ));
    }
    if expected.parse::<u32>().is_ok_and(|e| e != claimed) {
        return Err(format!(
            "the why says {claimed} but the expected value is {expected}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Text {
        Text {
            en: s.into(),
            it: None,
        }
    }

    /// What `check` writes adds up, wrap-around included (RFC 9293 §3.4: sequence numbers
    /// are mod 2^32), and a why that states no sum is not one.
    #[test]
    fn the_sums_the_referee_writes_add_up_rfc9293_3_4() {
        let (en_sum, it_sum) = sum_words(
            ("their ISN", "il suo ISN"),
            SeqNumber(0),
            ("their SYN", "il suo SYN"),
            17,
            true,
            ("their FIN", "il suo FIN"),
        );
        assert_eq!(
            en_sum,
            "their ISN 0, +1 for their SYN, +17 data bytes, +1 for their FIN"
        );
        let why = Text::new(
            format!("ack should be 19: {en_sum}"),
            format!("ack deve essere 19: {it_sum}"),
        );
        assert_eq!(adds_up(&why, "19"), Ok(()));
        let ok = [
            (
                "ack should be 1: their SYN had seq 0 and a SYN counts as one",
                "1",
            ),
            (
                "ack should be 0: their ISN 4294967295, +1 for their SYN",
                "0",
            ),
            (
                "seq should be 0: a RST answering a card without ACK uses seq 0",
                "0",
            ),
            ("flags should be SYN+ACK: …", "SYN+ACK"),
        ];
        for (why, expected) in ok {
            assert_eq!(adds_up(&en(why), expected), Ok(()), "{why}");
        }
    }

    /// A referee once said "+16 data bytes, +1 for their FIN" for an ack of 19: a sum one
    /// short, a total that is not the expected value, and a wrong Italian twin are caught.
    #[test]
    fn false_sums_are_caught_rfc9293_3_4() {
        let why = "ack should be 19: their ISN 0, +1 for their SYN, +16 data bytes, +1 for \
                   their FIN";
        let e = adds_up(&en(why), "19").unwrap_err();
        assert!(e.contains("add up to 18"), "{e}");
        let why = "ack should be 18: their ISN 0, +1 for their SYN, +17 data bytes";
        assert!(
            adds_up(&en(why), "19")
                .unwrap_err()
                .contains("expected value is 19")
        );
        let mut why =
            en("ack should be 19: their ISN 0, +1 for their SYN, +17 data bytes, +1 for their FIN");
        why.it =
            Some("ack deve essere 19: il suo ISN 0, +1 per il suo SYN, +16 byte di dati".into());
        let e = adds_up(&why, "19").unwrap_err();
        assert!(e.contains("add up to 17") && e.contains("Italian"), "{e}");
    }
}
