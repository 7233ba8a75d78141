//! The reader against serde_json on text: the same values from valid documents, the same
//! refusals of invalid ones (placed by line and column), the same nesting limit, no panic
//! on any text; and strings written byte for byte as serde_json writes them.

use proptest::prelude::*;
use tcpip_json::Value;

/// A JSON value as both readers can be compared on: `tcpip_json::Value`'s cases, an object as
/// its members in order (`tcpip_json::Object` has no public constructor, so serde_json's
/// values are converted to this rather than to a `Value`).
#[derive(Clone, Debug, PartialEq)]
enum Tree {
    Null,
    Bool(bool),
    Unsigned(u64),
    Negative(i64),
    OtherNumber,
    String(String),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

/// Our value, objects in the order the text wrote them.
fn ours(v: &Value) -> Tree {
    match v {
        Value::Null => Tree::Null,
        Value::Bool(b) => Tree::Bool(*b),
        Value::Unsigned(n) => Tree::Unsigned(*n),
        Value::Negative(n) => Tree::Negative(*n),
        Value::OtherNumber => Tree::OtherNumber,
        Value::String(s) => Tree::String(s.clone()),
        Value::Array(items) => Tree::Array(items.iter().map(ours).collect()),
        Value::Object(o) => {
            Tree::Object(o.members().map(|(k, v)| (k.to_string(), ours(v))).collect())
        }
    }
}

/// serde_json's value: a number that is a `u64` is `Unsigned`, a negative `i64` `Negative`,
/// any other `OtherNumber`; objects in serde_json's map order.
fn theirs(v: &serde_json::Value) -> Tree {
    match v {
        serde_json::Value::Null => Tree::Null,
        serde_json::Value::Bool(b) => Tree::Bool(*b),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Tree::Unsigned(u),
            (None, Some(i)) => Tree::Negative(i),
            (None, None) => Tree::OtherNumber,
        },
        serde_json::Value::String(s) => Tree::String(s.clone()),
        serde_json::Value::Array(items) => Tree::Array(items.iter().map(theirs).collect()),
        serde_json::Value::Object(m) => {
            Tree::Object(m.iter().map(|(k, v)| (k.clone(), theirs(v))).collect())
        }
    }
}

/// `tree` with every object's members sorted by key: serde_json's `Map` (without its
/// `preserve_order` feature) sorts them, so a text's order is compared separately.
fn sorted(tree: Tree) -> Tree {
    match tree {
        Tree::Array(items) => Tree::Array(items.into_iter().map(sorted).collect()),
        Tree::Object(members) => {
            let mut members: Vec<(String, Tree)> =
                members.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            members.sort_by(|a, b| a.0.cmp(&b.0));
            Tree::Object(members)
        }
        other => other,
    }
}

/// Both readers read `text`, to the same value.
fn reads_as_serde_json(text: &str) {
    let expected = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => sorted(theirs(&v)),
        Err(e) => panic!("serde_json refuses {text:?}: {e}"),
    };
    match tcpip_json::from_str::<Value>(text) {
        Ok(v) => assert_eq!(sorted(ours(&v)), expected, "{text:?}"),
        Err(e) => panic!("tcpip_json refuses {text:?}: {e}"),
    }
}

/// Our refusal of `text`, which must say where (by line and column).
fn refused(text: &str) -> tcpip_json::Error {
    match tcpip_json::from_str::<Value>(text) {
        Ok(v) => panic!("tcpip_json reads {text:?} as {v:?}"),
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains(" line ") && message.contains(" column "),
                "{text:?}: {message}"
            );
            e
        }
    }
}

/// `levels` arrays inside one another.
fn nested(levels: usize) -> String {
    "[".repeat(levels) + &"]".repeat(levels)
}

const VALID: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "7",
    "-1",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "-0.0",
    "0.5",
    "-1.5e-3",
    "1E10",
    "1e+2",
    "2e-0",
    r#""""#,
    r#""plain""#,
    r#""\"\\\/\b\f\n\r\t""#,
    r#""a\/b""#,
    r#""\u0041\u00e9\u20AC\u0000\u001f\u007F""#,
    r#""\uD83D\uDE00 \ud834\udd1e \uDBFF\uDFFF""#,
    "\"é→😀\u{7f}\u{2028}\"",
    "[]",
    "{}",
    "[null,true,false,0,-1,\"x\",[],{}]",
    "[[[[]]],[{}],{\"a\":[{\"b\":[null]}]}]",
    r#"{"b":1,"a":2,"c":{"z":[],"y":{}}}"#,
    r#"{"":0,"\u0061\n":1,"a":2}"#,
    " \t\n\r[ \t\n\r1 \t\n\r, \r\n{ \t\"a\" \n:\r[ ] ,\"b\" : { } } ]\n ",
    "\n\n   \"spaced\"   \n",
    "[18446744073709551615,-9223372036854775808,9223372036854775808]",
];

#[test]
fn valid_documents_read_as_serde_json_reads_them() {
    for text in VALID {
        reads_as_serde_json(text);
    }
}

#[test]
fn the_bounds_of_the_integer_cases() {
    let value = |text| tcpip_json::from_str::<Value>(text).unwrap();
    assert_eq!(value("18446744073709551615"), Value::Unsigned(u64::MAX));
    assert_eq!(value("18446744073709551616"), Value::OtherNumber);
    assert_eq!(value("-9223372036854775808"), Value::Negative(i64::MIN));
    assert_eq!(value("-9223372036854775809"), Value::OtherNumber);
    assert_eq!(value("-1"), Value::Negative(-1));
    assert_eq!(value("1.0"), Value::OtherNumber);
    assert_eq!(value("-0.0"), Value::OtherNumber);
    assert_eq!(value("1e0"), Value::OtherNumber);
}

#[test]
fn members_keep_the_order_of_the_text() {
    let v = tcpip_json::from_str::<Value>(r#"{"b":1,"a":{"y":2,"x":3},"c":4}"#).unwrap();
    let keys: Vec<&str> = v.object().unwrap().members().map(|(k, _)| k).collect();
    assert_eq!(keys, ["b", "a", "c"]);
    assert_eq!(
        ours(&v),
        Tree::Object(vec![
            ("b".into(), Tree::Unsigned(1)),
            (
                "a".into(),
                Tree::Object(vec![
                    ("y".into(), Tree::Unsigned(2)),
                    ("x".into(), Tree::Unsigned(3)),
                ])
            ),
            ("c".into(), Tree::Unsigned(4)),
        ])
    );
}

/// serde_json reads `-0` as the float -0.0, so it refuses `-0` as an integer type.
#[test]
fn minus_zero_reads_as_serde_json_reads_it() {
    reads_as_serde_json("-0");
}

/// serde_json refuses a number too large for an `f64` as it reads the text; tcpip_json
/// (which reads no floats, read.rs) refuses it when a field is read from it.
#[test]
fn a_number_beyond_f64_is_refused_when_read() {
    assert!(serde_json::from_str::<serde_json::Value>("1e400").is_err());
    assert_eq!(
        tcpip_json::from_str::<tcpip_json::Value>("1e400"),
        Ok(tcpip_json::Value::OtherNumber)
    );
    let e = tcpip_json::from_str::<u64>("1e400").expect_err("not an integer");
    assert_eq!(
        e.to_string(),
        "expected an integer, found a number with a fraction or exponent"
    );
}

const INVALID: &[&str] = &[
    "",
    " ",
    "\n\n",
    "[1,]",
    "[1,,2]",
    "[,1]",
    r#"{"a":1,}"#,
    "{,}",
    "['a']",
    "{'a':1}",
    "'a'",
    "\"a\u{1}b\"",
    "\"line\nbreak\"",
    "\"tab\there\"",
    "\"\u{0}\"",
    "\"\u{1f}\"",
    r#""\uD800""#,
    r#""\uDC00""#,
    r#""\uD800\u0041""#,
    r#""\uD800x""#,
    r#""\uDBFF\uDBFF""#,
    r#""\uD800\"#,
    r#""\u12""#,
    r#""\u12G4""#,
    r#""\U0041""#,
    r#""\x41""#,
    r#""\'""#,
    "01",
    "-01",
    "00",
    "1.",
    "1.e3",
    ".5",
    "+1",
    "-",
    "--1",
    "1e",
    "1e+",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "nul",
    "truee",
    "True",
    "NULL",
    "\"abc",
    "\"abc\\",
    "\"\\",
    "[1,2",
    "[",
    "[1",
    r#"{"a":1"#,
    r#"{"a""#,
    r#"{"a":"#,
    "{",
    r#"{"a" 1}"#,
    "{1:2}",
    "{null:2}",
    r#"{"a":1 "b":2}"#,
    "[1 2]",
    "]",
    "}",
    "[1]]",
    "{} {}",
    "1 2",
    "true false",
    "[1]x",
    "\"a\"\"b\"",
    "/* comment */ 1",
    "// comment\n1",
    "\u{feff}1",
    "\u{c}1",
    "\u{a0}1",
    "1\u{0}",
    "[\n1,\n2,\n]",
];

#[test]
fn invalid_documents_are_refused_by_both_with_the_place() {
    for text in INVALID {
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        assert!(theirs.is_err(), "serde_json reads {text:?} as {theirs:?}");
        let theirs = theirs.unwrap_err();
        let ours = refused(text);
        // serde_json counts columns differently, but both name the same line (serde_json
        // places a raw line break in a string after it: at the start of the next line).
        let line = if theirs.column() == 0 && theirs.line() > 1 && text.trim().starts_with('"') {
            theirs.line() - 1
        } else {
            theirs.line()
        };
        assert!(
            ours.to_string().contains(&format!(" line {line} column ")),
            "{text:?}: ours `{ours}`, serde_json's `{theirs}`"
        );
    }
}

#[test]
fn the_place_is_the_line_and_column_of_the_fault() {
    let e = refused("{\n  \"a\": [1, 2],\n  \"b\": tru\n}");
    assert!(e.to_string().ends_with("at line 3 column 8"), "{e}");
    let e = refused("[\"é😀\", x]");
    assert!(e.to_string().ends_with("at line 1 column 8"), "{e}");
}

/// serde_json::Value keeps the last of a key written twice; serde's derived readers, which
/// the game's types use, refuse it, and so does our reader, for every object.
#[test]
fn a_key_written_twice_is_refused() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct A {
        a: u32,
    }
    for text in [
        r#"{"a":1,"a":2}"#,
        r#"{"a":1,"b":0,"a":1}"#,
        r#"{"a":1,"\u0061":2}"#,
    ] {
        let e = refused(text);
        assert!(e.to_string().starts_with("duplicate field `a`"), "{e}");
        assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        let theirs = serde_json::from_str::<A>(text).unwrap_err();
        assert!(theirs.to_string().starts_with("duplicate field `a`"));
    }
    let e = refused(r#"{"x":{"k":[],"k":{}}}"#);
    assert!(e.to_string().starts_with("duplicate field `k`"), "{e}");
    // Distinct objects may repeat each other's keys.
    reads_as_serde_json(r#"[{"a":1},{"a":2,"b":{"a":3}}]"#);
}

#[test]
fn nesting_is_limited_as_serde_json_limits_it() {
    for levels in [1, 64, 127] {
        reads_as_serde_json(&nested(levels));
    }
    for levels in [129, 130, 1000] {
        assert!(serde_json::from_str::<serde_json::Value>(&nested(levels)).is_err());
        let e = refused(&nested(levels));
        assert!(e.to_string().starts_with("recursion limit exceeded"), "{e}");
    }
    // Objects count as arrays do.
    let objects = "{\"a\":".repeat(127) + "0" + &"}".repeat(127);
    reads_as_serde_json(&objects);
    let objects = "{\"a\":[".repeat(65) + "0" + &"]}".repeat(65);
    refused(&objects);
    assert!(serde_json::from_str::<serde_json::Value>(&objects).is_err());
}

#[test]
fn a_hundred_thousand_brackets_are_refused_without_overflowing_the_stack() {
    let e = refused(&"[".repeat(100_000));
    assert!(e.to_string().starts_with("recursion limit exceeded"), "{e}");
    refused(&nested(100_000));
    refused(&"{\"a\":".repeat(100_000));
}

/// serde_json's limit is 127 levels: the 128th `[` is refused.
#[test]
fn the_128th_level_is_refused_as_serde_json_refuses_it() {
    assert!(serde_json::from_str::<serde_json::Value>(&nested(128)).is_err());
    refused(&nested(128));
}

/// Any character, with the characters that escape, quote or nest often among them.
fn any_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"', '\\', '/', '\u{0}', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{1f}', '\u{7f}',
        '\u{2028}', '\u{d7ff}', '\u{e000}', '\u{feff}', '\u{ffff}', 'é', '😀',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..32)
        .prop_map(|chars| chars.into_iter().collect())
}

/// A piece of JSON, or of almost-JSON.
fn soup_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        "\"",
        "\"a\"",
        "\"k\":",
        "\\",
        "\\u",
        "\\uD83D",
        "\\uDE00",
        "\\n",
        "0",
        "1",
        "-",
        "-0",
        ".",
        "5",
        "e",
        "E+",
        "18446744073709551616",
        "true",
        "fals",
        "null",
        " ",
        "\n",
        "\t",
        "é",
        "😀",
        "\u{0}",
        "x",
    ])
}

/// Text made of JSON's pieces: the reader's every branch.
fn json_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(soup_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// Where serde_json reads `text` we read it, to the same value, and where it refuses it we
/// refuse it too, saying where; except a key written twice, which only serde_json::Value
/// accepts, and the divergences the ignored tests show.
fn read_or_refused_as_serde_json(text: &str) -> Result<(), TestCaseError> {
    let serde_read = serde_json::from_str::<serde_json::Value>(text);
    let our_read = tcpip_json::from_str::<Value>(text);
    match (&serde_read, &our_read) {
        // serde_json reads `-0` as a float (see `minus_zero_reads_as_serde_json_reads_it`).
        (Ok(t), Ok(o)) if !text.contains("-0") => {
            prop_assert_eq!(sorted(ours(o)), sorted(theirs(t)), "{:?}", text);
        }
        (Ok(_), Ok(_)) | (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => {
            prop_assert!(
                e.reason().starts_with("duplicate field"),
                "{:?}: {}",
                text,
                e
            );
        }
        // serde_json refuses a number beyond f64 (see `a_number_beyond_f64_is_refused`).
        (Err(e), Ok(_)) if e.to_string().starts_with("number out of range") => {}
        (Err(e), Ok(_)) => prop_assert!(false, "{:?}: serde_json refuses: {}", text, e),
    }
    if let Err(e) = &our_read {
        prop_assert!(e.to_string().contains(" column "), "{}", e);
    }
    Ok(())
}

/// A serde_json value without floats; objects have distinct keys.
fn any_serde_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any_text().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any_text(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in any::<String>()) {
        if let Err(e) = tcpip_json::from_str::<Value>(&text) {
            prop_assert!(e.to_string().contains(" line "), "{}", e);
        }
    }

    /// Where serde_json reads the text we do, to the same value, and where it refuses it we
    /// do too.
    #[test]
    fn json_soup_is_read_or_refused_as_serde_json_does(text in json_soup()) {
        read_or_refused_as_serde_json(&text)?;
    }

    /// Valid texts with one piece inserted or one character removed: near misses.
    #[test]
    fn a_near_miss_is_read_or_refused_as_serde_json_does(
        v in any_serde_value(),
        pretty in any::<bool>(),
        at in any::<prop::sample::Index>(),
        piece in prop::option::of(soup_piece()),
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let mut chars: Vec<char> = text.chars().collect();
        let at = at.index(chars.len() + 1);
        let text: String = match piece {
            Some(piece) => {
                let mut t: String = chars[..at].iter().collect();
                t.push_str(piece);
                t.extend(&chars[at..]);
                t
            }
            None => {
                if at < chars.len() {
                    chars.remove(at);
                }
                chars.into_iter().collect()
            }
        };
        read_or_refused_as_serde_json(&text)?;
    }

    /// serde_json's text of any value is read to that value, compact or pretty.
    #[test]
    fn serde_jsons_text_reads_back(v in any_serde_value()) {
        let compact = serde_json::to_string(&v).unwrap();
        let read = tcpip_json::from_str::<Value>(&compact);
        prop_assert_eq!(read.as_ref().map(ours), Ok(theirs(&v)));
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let read = tcpip_json::from_str::<Value>(&pretty);
        prop_assert_eq!(read.as_ref().map(ours), Ok(theirs(&v)));
    }

    /// Strings are written byte for byte as serde_json writes them, and read back.
    #[test]
    fn strings_are_written_as_serde_json_writes_them(s in any_text()) {
        let text = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(tcpip_json::to_string(&s), text.clone());
        prop_assert_eq!(tcpip_json::to_string(s.as_str()), text.clone());
        prop_assert_eq!(tcpip_json::from_str::<String>(&text), Ok(s));
    }

    #[test]
    fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
        prop_assert_eq!(tcpip_json::to_string(&s), serde_json::to_string(&s).unwrap());
    }

    /// Strings with every character escaped as `\uXXXX` (surrogate pairs beyond the BMP),
    /// as other writers than serde_json may send them.
    #[test]
    fn escaped_strings_read_as_serde_json_reads_them(s in any_text()) {
        let mut text = String::from("\"");
        for unit in s.encode_utf16() {
            text.push_str(&format!("\\u{unit:04X}"));
        }
        text.push('"');
        prop_assert_eq!(serde_json::from_str::<String>(&text).unwrap(), s.clone());
        prop_assert_eq!(tcpip_json::from_str::<String>(&text), Ok(s));
    }
}
