//! The TOML reader against the spec's rules (one test per rule, citing TOML 1.1) and
//! against the `toml` crate, the reader the game used before: the same documents, valid and
//! not, must give the same values or both be refused.

use super::*;
use proptest::prelude::*;

/// Values as comparable text: keys sorted (the `toml` crate keeps them sorted), strings
/// quoted, integers too large for 64 bits as `big`, every date-time alike.
fn mine(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Integer(Some(n)) => format!("{n}"),
        Value::Integer(None) => String::from("big"),
        Value::Float(f) => format!("{f:.12e}"),
        Value::Boolean(b) => format!("{b}"),
        Value::Datetime => String::from("date"),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(|i| mine(i.get_ref())).collect();
            format!("[{}]", items.join(","))
        }
        Value::Table(t) => {
            let mut entries: Vec<String> = t
                .entries
                .iter()
                .map(|(k, v)| format!("{:?}={}", k.get_ref(), mine(v.get_ref())))
                .collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
    }
}

fn reference(v: &toml::de::DeValue<'_>) -> String {
    use toml::de::DeValue as D;
    match v {
        D::String(s) => format!("{:?}", s.as_ref()),
        // toml's lexer takes any run of number characters (`1_0-2`) and leaves checking
        // the digits to whoever reads it; ours refuses what is not a number at once.
        D::Integer(n) => {
            let digits = n.as_str().trim_start_matches(['+', '-']);
            let wellformed = !digits.is_empty()
                && digits.chars().all(|c| c.is_digit(n.radix()))
                && (n.radix() == 10 || digits.len() == n.as_str().len());
            match i64::from_str_radix(n.as_str(), n.radix()) {
                Ok(n) => format!("{n}"),
                Err(_) if wellformed => String::from("big"),
                Err(_) => String::from(MALFORMED),
            }
        }
        D::Float(f) => f
            .as_str()
            .parse::<f64>()
            .map_or_else(|_| String::from(MALFORMED), |f| format!("{f:.12e}")),
        D::Boolean(b) => format!("{b}"),
        D::Datetime(_) => String::from("date"),
        D::Array(a) => {
            let items: Vec<String> = a.iter().map(|i| reference(i.get_ref())).collect();
            format!("[{}]", items.join(","))
        }
        D::Table(t) => {
            let mut entries: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{:?}={}", k.get_ref().as_ref(), reference(v.get_ref())))
                .collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
    }
}

/// How [`reference`] writes a number toml's lexer took but no reader can read.
const MALFORMED: &str = "malformed number";

/// Both readers' view of `text`: the values, or `Err` with the message.
fn both(text: &str) -> (Result<String, String>, Result<String, String>) {
    let ours = parse(text)
        .map(|t| mine(&Value::Table(t)))
        .map_err(|e| e.message.en);
    let theirs = toml::de::DeTable::parse(text)
        .map(|t| reference(&toml::de::DeValue::Table(t.into_inner())))
        .map_err(|e| String::from(e.message()))
        .and_then(|values| {
            if values.contains(MALFORMED) {
                Err(String::from(MALFORMED))
            } else {
                Ok(values)
            }
        });
    (ours, theirs)
}

fn agree(text: &str) {
    let (ours, theirs) = both(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "different values for {text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, toml {theirs:?}"),
    }
}

fn value_of(text: &str) -> Value {
    let table = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    table.get("v").expect("a key v").get_ref().clone()
}

fn error_of(text: &str) -> SyntaxError {
    match parse(text) {
        Ok(t) => panic!("{text:?} was read as {}", mine(&Value::Table(t))),
        Err(e) => e,
    }
}

/// Valid documents, one or more per rule of the spec.
const VALID: &[&str] = &[
    "",
    "# only a comment\n\n   \n",
    "\u{feff}v = 1",
    "v = 1\r\nw = 2\r\n",
    "bare_key-2 = 1\n\"quoted key\" = 2\n'literal key' = 3\n\"\" = 4\n1234 = 5",
    "a.b.c = 1\na . b . d = 2\n\"x.y\".z = 3",
    "v = \"tab\\tquote\\\"backslash\\\\ \\u00e9 \\U0001F600 \\b\\f\\r\\n\\e \\x41\"",
    "v = 'C:\\Users\\no escapes'",
    "v = \"\"\"\nfirst\n  second\"\"\"",
    "v = \"\"\"one \\\n    two \\   \n\n  three\"\"\"",
    "v = \"\"\"quotes \"\" inside and at the end\"\"\"\"\"",
    "v = '''\nliteral\n\\no escape'''",
    "v = '''it''s'''''",
    "v = \"café ☕\"",
    "a = +99\nb = 42\nc = 0\nd = -17\ne = 1_000\nf = -0\ng = +0",
    "a = 0xDEAD_beef\nb = 0o755\nc = 0b1101_0110",
    "a = 9223372036854775807\nb = -9223372036854775808\nc = 99999999999999999999",
    "a = 0x7fffffffffffffff\nb = 0xffffffffffffffff",
    "a = 1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991",
    "a = inf\nb = +inf\nc = -inf\nd = 0.0\ne = -0.0\nf = 1e999",
    "a = true\nb = false",
    "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27T07:32:00\nf = 1979-05-27\ng = 07:32:00\nh = 00:32:00.999999\ni = 07:32\nj = 1979-05-27t07:32:00z",
    "a = [1, 2, 3]\nb = [\"x\", 'y']\nc = [[1, 2], [\"a\", 3.5]]\nd = []\ne = [1,]\nf = [\n  1, # one\n  2,\n]\ng = [{a = 1}, {b = 2}]",
    "v = { x = 1, y.z = \"two\" }\nw = {}\nu = {\n  a = 1, # TOML 1.1\n  b = 2,\n}",
    "[table]\nkey = 1\n\n[ table . sub ]\nkey = 2\n[\"quoted\".'x']\nk = 3",
    "[x.y.z.w]\n[x]\na = 1",
    "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
    "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"",
    "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"",
    "a = 1 # comment\n[t] # comment\n[[u]] # comment",
    "name = \"x\"\n[[teams]]\nname = \"Red\"\nroutes = [{ prefix = \"10.0.2.0/24\", via = \"Blue\" }]",
];

/// Documents both readers must refuse.
const INVALID: &[&str] = &[
    "v",
    "v =",
    "v = 1 2",
    "= 1",
    "a b = 1",
    "a. = 1",
    "v = 1\nv = 2",
    "a.b = 1\na.b = 2",
    "a = 1\na.b = 2",
    "v = \"unfinished",
    "v = \"line\nbreak\"",
    "v = 'unfinished",
    "v = \"\\q\"",
    "v = \"\\u00\"",
    "v = \"\\uD800\"",
    "v = \"\\U00110000\"",
    "v = \"\"\"never closed",
    "v = '''never closed",
    "v = \"\"\"six\"\"\"\"\"\"",
    "v = \"bell \u{7}\"",
    "# comment with a \u{7} bell",
    "v = 'tab\there is fine but this\u{1} is not'",
    "v = 01",
    "v = 1__000",
    "v = _1",
    "v = 1_",
    "v = +0x10",
    "v = 0xG",
    "v = 0b102",
    "v = 1.",
    "v = .5",
    "v = 1.e5",
    "v = 1e",
    "v = 01.5",
    "v = 1.5.2",
    "v = 10.0.1.0/24",
    "v = Inf",
    "v = NaN",
    "v = True",
    "v = yes",
    "v = [1, 2",
    "v = [1 2]",
    "v = [,]",
    "v = [1,,2]",
    "v = {a = 1",
    "v = {a = 1 b = 2}",
    "v = {a = 1, a = 2}",
    "v = {a = 1}\nv.b = 2",
    "v = {a = 1}\n[v.b]",
    "v = {a = 1}\n[v]",
    "[t]\n[t]",
    "[t\nk = 1",
    "[[t]\nk = 1",
    "[t]]",
    "[]",
    "[t] k = 1",
    "v = 1\n[v]",
    "v = [1]\n[[v]]",
    "[[t]]\n[t]",
    "[t]\n[[t]]",
    "[fruit]\napple.color = \"red\"\n[fruit.apple]",
    "[a.b]\nc = 1\n[a]\nb.d = 2",
    "v = 1\rw = 2",
];

/// Both corpora: the valid documents read as the toml crate reads them, the invalid ones
/// are refused by both.
#[test]
fn the_corpus_reads_as_the_toml_crate_reads_it() {
    let cases = VALID
        .iter()
        .map(|text| (text, true))
        .chain(INVALID.iter().map(|text| (text, false)));
    for (text, valid) in cases {
        let (ours, theirs) = both(text);
        assert_eq!(
            theirs.is_ok(),
            valid,
            "{text:?}, by the toml crate: {theirs:?}"
        );
        assert_eq!(ours.is_ok(), valid, "{text:?}: {ours:?}");
        agree(text);
    }
}

/// TOML 1.1 §String: escapes, multi-line trimming, quotes before the closing delimiter.
#[test]
fn strings_read_as_the_spec_says() {
    let cases: &[(&str, &str)] = &[
        ("v = \"a\\tb\\u00E9\\x41\\e\"", "a\tbéA\u{1b}"),
        ("v = 'a\\tb'", "a\\tb"),
        ("v = \"\"\"\nline one\nline two\"\"\"", "line one\nline two"),
        (
            "v = \"\"\"\r\ncrlf\r\nkept as newline\"\"\"",
            "crlf\nkept as newline",
        ),
        (
            "v = \"\"\"The quick \\\n\n   brown fox\"\"\"",
            "The quick brown fox",
        ),
        (
            "v = \"\"\"two quotes at the end\"\"\"\"\"",
            "two quotes at the end\"\"",
        ),
        ("v = '''one quote at the end''''", "one quote at the end'"),
    ];
    for (text, want) in cases {
        assert_eq!(
            value_of(text),
            Value::String(String::from(*want)),
            "{text:?}"
        );
    }
}

/// TOML 1.1 §Integer and §Float: signs, prefixes, underscores; too large is kept as such.
#[test]
fn numbers_read_as_the_spec_says() {
    let cases: &[(&str, Value)] = &[
        ("v = +99", Value::Integer(Some(99))),
        ("v = -1_000", Value::Integer(Some(-1000))),
        ("v = 0xff", Value::Integer(Some(255))),
        ("v = 0o17", Value::Integer(Some(15))),
        ("v = 0b1_01", Value::Integer(Some(5))),
        ("v = 99999999999999999999", Value::Integer(None)),
        ("v = 1.5", Value::Float(1.5)),
        ("v = 5e+2", Value::Float(500.0)),
        ("v = -inf", Value::Float(f64::NEG_INFINITY)),
        ("v = 1979-05-27", Value::Datetime),
        ("v = 07:32", Value::Datetime),
        ("v = true", Value::Boolean(true)),
    ];
    for (text, want) in cases {
        assert_eq!(&value_of(text), want, "{text:?}");
    }
    assert!(matches!(value_of("v = nan"), Value::Float(f) if f.is_nan()));
}

/// Spans: a header's table starts at its `[`, an inline table at its `{`, a key at its
/// first character; an array of tables is spanned by its first header.
#[test]
fn keys_and_values_keep_where_they_were_written() {
    let text = "name = \"x\"\n[settings]\nisn = 'zero'\n[[teams]]\nname = \"Red\"\n[[teams]]\nr = { a = 1 }\n";
    let root = parse(text).expect("valid");
    let at = |span: Range<usize>| &text[span];
    let settings = root.get("settings").expect("settings");
    assert_eq!(at(settings.span()), "[settings]");
    let teams = root.get("teams").expect("teams");
    assert_eq!(at(teams.span()), "[[teams]]");
    let Value::Array(teams) = teams.get_ref() else {
        panic!("teams is a list")
    };
    let second = teams.iter().nth(1).expect("two teams");
    assert_eq!(
        second.span().start,
        text.rfind("[[teams]]").expect("header")
    );
    let Value::Table(second) = second.get_ref() else {
        panic!("a team is a table")
    };
    assert_eq!(at(second.get("r").expect("r").span()), "{ a = 1 }");
    let Value::Table(settings) = settings.get_ref() else {
        panic!("settings is a table")
    };
    let key = settings.keys().next().expect("isn");
    assert_eq!((key.get_ref().as_str(), at(key.span())), ("isn", "isn"));
    assert_eq!(at(settings.get("isn").expect("isn").span()), "'zero'");
}

/// Every refusal names the place of the problem and what is wrong in words.
#[test]
fn syntax_errors_say_where_and_what() {
    let line_of = |text: &str, at: usize| text[..at].matches('\n').count() + 1;
    let cases: &[(&str, usize, &str)] = &[
        ("name = \"x\"\n[[teams]\nname = 1", 2, "needs `]]`"),
        ("a = 1\nb = \"open\n", 2, "closing `\"` on the same line"),
        ("a = 1\nb = 2 3\n", 2, "`3` cannot follow on this line"),
        (
            "a = 1\n\nlan = 10.0.1.0/24\n",
            3,
            "`10.0.1.0` is not a value",
        ),
        ("a = 1\na = 2\n", 2, "the key `a` is written twice"),
        ("[t]\nk = 1\n[t]\n", 3, "the table [t] is defined twice"),
        ("v = {a = 1}\nv.b = 2\n", 2, "`v` is already defined"),
        ("v = [1, 2\nw = 3", 2, "`,` between its values"),
        ("v = \"\\q\"", 1, "`\\q` is not an escape"),
        ("v = \"\\u12\"", 1, "4 hexadecimal digits"),
        ("key\n", 1, "`key` needs `=`"),
        ("v = \n", 1, "a value is missing"),
        ("[a]\nb = 1\n[a.b]\n", 3, "`a.b` already has a value"),
        ("[[a]]\n[a]\n", 2, "list of tables written [[a]]"),
    ];
    for (text, line, words) in cases {
        let e = error_of(text);
        assert_eq!(line_of(text, e.at), *line, "{text:?}: {e:?}");
        assert!(e.message.en.contains(words), "{text:?}: {e:?}");
    }
}

/// Nesting is limited, so no text can exhaust the stack: a file of `[[[[…`, or a classroom
/// message carrying one, gets an error at the level too deep.
#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let at_limit = format!("v = {}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&at_limit).is_ok());
    let deep = format!("v = {}", "[{ a = ".repeat(100_000));
    let e = error_of(&deep);
    assert!(e.message.en.contains("nested more than 64 deep"), "{e:?}");
    assert_eq!(e.at, 4 + MAX_DEPTH / 2 * "[{ a = ".len());
}

/// Pieces of TOML, valid and not, that random documents are made of. No date-times, whose
/// calendar the reader does not check on purpose (see the module comment).
const PIECES: &[&str] = &[
    "a",
    "b",
    "c.d",
    "\"q\"",
    "'l'",
    " ",
    "\t",
    "\n",
    "\r\n",
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#c",
    "1",
    "-2",
    "+3",
    "0x1f",
    "0o7",
    "0b1",
    "1_0",
    "01",
    "1.5",
    "1e3",
    "inf",
    "nan",
    "true",
    "false",
    "\"s\"",
    "'s'",
    "\"\"\"m\n\"\"\"",
    "'''m'''",
    "\"\\n\"",
    "\"\\",
    "[1, 2]",
    "{ x = 1 }",
    "é",
    "_",
    "-",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Random documents: both readers accept the same ones and read the same values, and
    /// ours never panics.
    #[test]
    fn random_documents_read_as_the_toml_crate_reads_them(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24)
    ) {
        agree(&pieces.concat());
    }

    /// Documents that are mostly right: lines of `key = value` and headers, some broken.
    #[test]
    fn random_lines_read_as_the_toml_crate_reads_them(
        lines in prop::collection::vec(
            (
                prop::sample::select(&["a", "b", "a.b", "b.c", "t.a", "[t]", "[[t]]", "[a]", "[t.u]", "[[t.u]]", "[a.b]"][..]),
                prop::sample::select(&["1", "\"x\"", "{ y = 2 }", "[1]", "[{ z = 3 }]", "{}", ""][..]),
            ),
            0..8,
        )
    ) {
        let text: String = lines
            .iter()
            .map(|(key, value)| {
                if key.starts_with('[') { format!("{key}\n") } else { format!("{key} = {value}\n") }
            })
            .collect();
        agree(&text);
    }

    /// Numbers of seconds as scenarios write them come out exactly as core's reader reads
    /// them; any other float within a few units in the last place.
    #[test]
    fn floats_read_as_core_reads_them(
        whole in 0u64..1_000_000_000,
        fraction in prop::option::of(0u32..1_000_000),
        exponent in prop::option::of(-290i32..290),
    ) {
        let mut text = format!("{whole}");
        if let Some(f) = fraction {
            text += &format!(".{f}");
        }
        if let Some(e) = exponent {
            text += &format!("e{e}");
        }
        if fraction.is_none() && exponent.is_none() {
            text += ".0";
        }
        let want: f64 = text.parse().expect("a float");
        let Value::Float(got) = value_of(&format!("v = {text}")) else {
            panic!("{text} is a float");
        };
        if exponent.is_none_or(|e| e.abs() <= 10) {
            prop_assert_eq!(got, want, "{}", text);
        } else if want.is_finite() && want != 0.0 {
            prop_assert!(((got - want) / want).abs() < 1e-14, "{} read as {}", text, got);
        }
    }

    /// Whatever the text, the reader answers (a table or an error at a place inside it).
    #[test]
    fn any_text_gets_an_answer(text in "\\PC*") {
        if let Err(e) = parse(&text) {
            prop_assert!(e.at <= text.len());
        }
    }
}

#[test]
fn the_shipped_scenarios_read_as_the_toml_crate_reads_them() {
    for (name, text) in crate::scenario::SHIPPED {
        let (ours, theirs) = both(text);
        assert!(ours.is_ok(), "{name}: {ours:?}");
        assert_eq!(ours, theirs, "{name}");
    }
}
