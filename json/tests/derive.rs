//! `#[derive(Json)]` against serde's derive: every shape the derive supports, on types that
//! carry both derives, must be written byte for byte as serde_json writes it and read back
//! from serde_json's text; the errors must name the variant, field or place that is wrong.

use std::fmt::Debug;

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tcpip_json::{FromJson, Json, ToJson};

/// A named struct of every integer type the crate reads, a string and a boolean.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Named {
    id: u64,
    name: String,
    small: u8,
    wide: u16,
    signed: i32,
    big: i64,
    count: usize,
    flag: bool,
}

/// A newtype struct: its content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Seq(u32);

/// A tuple struct: an array.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Span(i64, String, Option<u8>);

/// A unit struct: `null`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Marker;

/// A generic struct with a default type parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Note<Why = String> {
    why: Why,
    n: u32,
}

/// Externally tagged, variant names in snake_case: every kind of variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
#[serde(rename_all = "snake_case")]
enum Command {
    Start,
    EndOfGame,
    SetClock(u64),
    MoveTo(i32, i64),
    SendData {
        seq: u32,
        payload: String,
        urgent: Option<bool>,
    },
    Wrap(Box<Command>),
    Batch(Vec<Command>),
    Tag(Seq),
    Idle {},
    Configure {
        #[serde(with = "hex")]
        mask: u32,
        #[serde(default)]
        quiet: bool,
        #[serde(skip)]
        cache: Cache,
        peer: Option<Addr>,
    },
}

/// A generic enum with a default type parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
enum Either<L, R = u8> {
    Left(L),
    Right { value: R, also: Option<L> },
}

/// What the derive must not write nor read: no serde nor tcpip-json traits, only `Default`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Cache(Vec<u8>);

/// An IPv4 address that travels as its dotted text (`try_from`/`into`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Json)]
#[serde(try_from = "String", into = "String")]
struct Addr([u8; 4]);

impl From<Addr> for String {
    fn from(a: Addr) -> String {
        let [a, b, c, d] = a.0;
        format!("{a}.{b}.{c}.{d}")
    }
}

impl TryFrom<String> for Addr {
    type Error = String;

    fn try_from(text: String) -> Result<Addr, String> {
        let parts: Vec<&str> = text.split('.').collect();
        let octets: Option<Vec<u8>> = parts.iter().map(|p| p.parse().ok()).collect();
        match octets.as_deref() {
            Some(&[a, b, c, d]) => Ok(Addr([a, b, c, d])),
            _ => Err(format!("`{text}` is not a dotted IPv4 address")),
        }
    }
}

/// A `with` module for both derives: a `u32` as lowercase hexadecimal text.
mod hex {
    use serde::{Deserialize, Deserializer, Serializer};
    use tcpip_json::FromJson;

    pub fn serialize<S: Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{n:x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let text = String::deserialize(d)?;
        u32::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }

    pub fn write_json(n: &u32, w: &mut tcpip_json::Writer) {
        w.string(&format!("{n:x}"));
    }

    pub fn read_json(v: &tcpip_json::Value) -> Result<u32, tcpip_json::Error> {
        let text = String::from_json(v)?;
        u32::from_str_radix(&text, 16).map_err(tcpip_json::Error::new)
    }
}

/// Every field form at once: Option, Vec, Box, a pair, `skip`, `default`, `with`,
/// `try_from`/`into`, the generic with and without its default, nested types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct Record {
    title: String,
    maybe: Option<u32>,
    list: Vec<Command>,
    boxed: Box<Named>,
    pair: (u16, Option<String>),
    #[serde(skip)]
    cache: Cache,
    #[serde(default)]
    played: bool,
    #[serde(with = "hex")]
    mask: u32,
    addr: Addr,
    note: Note,
    note_seq: Note<Seq>,
    span: Span,
    marker: Marker,
    nested: Vec<Vec<Option<i64>>>,
}

/// `ToJson` alone, on a type that borrows (the exported game log is written, never read).
#[derive(Serialize, tcpip_json::ToJson)]
struct LogLine<'a> {
    who: &'a str,
    what: &'a Command,
    at: Option<u64>,
}

/// For the error paths: `outer.inner[2].x`.
#[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
struct Top {
    outer: Middle,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
struct Middle {
    inner: Vec<Point>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
struct Point {
    x: u32,
}

/// Two variants: serde words the known ones as "expected `a` or `b`".
#[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
#[serde(rename_all = "snake_case")]
enum Side {
    Client,
    Server,
}

/// Both texts and both readers agree on `x`: our text is serde_json's, and we read back
/// `x` from serde_json's compact and pretty texts.
fn agree<T>(x: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + ToJson + FromJson + PartialEq + Debug,
{
    let theirs = serde_json::to_string(x).unwrap();
    prop_assert_eq!(tcpip_json::to_string(x), theirs.clone());
    let read = tcpip_json::from_str::<T>(&theirs);
    prop_assert_eq!(read.as_ref(), Ok(x));
    let pretty = serde_json::to_string_pretty(x).unwrap();
    let read = tcpip_json::from_str::<T>(&pretty);
    prop_assert_eq!(read.as_ref(), Ok(x));
    Ok(())
}

/// serde_json's error message without its ` at line L column C`.
fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Both readers refuse `text` as a `T`; our error, for the caller to look at.
fn both_refuse<T>(text: &str) -> tcpip_json::Error
where
    T: DeserializeOwned + FromJson + Debug,
{
    let theirs = serde_json::from_str::<T>(text);
    assert!(theirs.is_err(), "serde_json reads {text:?} as {theirs:?}");
    match tcpip_json::from_str::<T>(text) {
        Ok(ours) => panic!("tcpip_json reads {text:?} as {ours:?}"),
        Err(e) => e,
    }
}

fn named() -> Named {
    Named {
        id: u64::MAX,
        name: "Ann \"the\" \\ admin\n\u{1}é😀".to_string(),
        small: u8::MAX,
        wide: u16::MAX,
        signed: i32::MIN,
        big: i64::MIN,
        count: 7,
        flag: true,
    }
}

fn record() -> Record {
    Record {
        title: "round 1".to_string(),
        maybe: Some(0),
        list: vec![
            Command::Start,
            Command::EndOfGame,
            Command::SetClock(u64::MAX),
            Command::MoveTo(-1, i64::MAX),
            Command::SendData {
                seq: 1,
                payload: "\t\u{0}\u{1f}\u{7f}\"".to_string(),
                urgent: None,
            },
            Command::Wrap(Box::new(Command::Batch(vec![Command::Tag(Seq(3))]))),
            Command::Batch(vec![]),
            Command::Idle {},
            Command::Configure {
                mask: 0,
                quiet: true,
                cache: Cache::default(),
                peer: Some(Addr([127, 0, 0, 1])),
            },
        ],
        boxed: Box::new(named()),
        pair: (443, None),
        cache: Cache::default(),
        played: true,
        mask: 0xdead_beef,
        addr: Addr([10, 0, 0, 255]),
        note: Note {
            why: "because".to_string(),
            n: 2,
        },
        note_seq: Note { why: Seq(9), n: 0 },
        span: Span(-5, String::new(), Some(1)),
        marker: Marker,
        nested: vec![vec![], vec![None, Some(i64::MIN), Some(0)]],
    }
}

#[test]
fn a_named_struct_is_an_object_of_its_fields() {
    agree(&named()).unwrap();
    agree(&Named {
        id: 0,
        name: String::new(),
        small: 0,
        wide: 0,
        signed: i32::MAX,
        big: i64::MAX,
        count: usize::MAX,
        flag: false,
    })
    .unwrap();
}

#[test]
fn newtype_tuple_and_unit_structs() {
    agree(&Seq(u32::MAX)).unwrap();
    assert_eq!(tcpip_json::to_string(&Seq(5)), "5");
    agree(&Span(i64::MIN, "x\"y".to_string(), None)).unwrap();
    assert_eq!(
        tcpip_json::to_string(&Span(1, "a".into(), None)),
        r#"[1,"a",null]"#
    );
    agree(&Marker).unwrap();
    assert_eq!(tcpip_json::to_string(&Marker), "null");
}

#[test]
fn a_generic_struct_with_and_without_its_default_parameter() {
    agree(&Note {
        why: "late".to_string(),
        n: 1,
    })
    .unwrap();
    agree(&Note { why: Seq(2), n: 3 }).unwrap();
    agree(&Note {
        why: vec![Command::Start],
        n: 4,
    })
    .unwrap();
}

#[test]
fn every_kind_of_variant_with_snake_case_names() {
    for c in &record().list {
        agree(c).unwrap();
    }
    // The names are snake_case: serde's rename_all was read.
    assert_eq!(
        tcpip_json::to_string(&Command::EndOfGame),
        r#""end_of_game""#
    );
    assert_eq!(
        tcpip_json::to_string(&Command::SetClock(5)),
        r#"{"set_clock":5}"#
    );
    assert_eq!(
        tcpip_json::to_string(&Command::MoveTo(-1, 2)),
        r#"{"move_to":[-1,2]}"#
    );
    assert_eq!(
        tcpip_json::to_string(&Command::SendData {
            seq: 1,
            payload: "p".into(),
            urgent: Some(true)
        }),
        r#"{"send_data":{"seq":1,"payload":"p","urgent":true}}"#
    );
}

#[test]
fn a_generic_enum_with_and_without_its_default_parameter() {
    agree(&Either::<String>::Left("l".into())).unwrap();
    agree(&Either::<String>::Right {
        value: 255,
        also: None,
    })
    .unwrap();
    agree(&Either::<Seq, Vec<Note>>::Right {
        value: vec![Note {
            why: String::new(),
            n: 1,
        }],
        also: Some(Seq(2)),
    })
    .unwrap();
    assert_eq!(
        tcpip_json::to_string(&Either::<u8>::Right {
            value: 1,
            also: Some(2)
        }),
        r#"{"Right":{"value":1,"also":2}}"#
    );
}

#[test]
fn field_attributes_inside_a_struct_variant() {
    let c = Command::Configure {
        mask: 0xff,
        quiet: false,
        cache: Cache(vec![9]),
        peer: None,
    };
    let ours = tcpip_json::to_string(&c);
    assert_eq!(ours, serde_json::to_string(&c).unwrap());
    assert_eq!(
        ours,
        r#"{"configure":{"mask":"ff","quiet":false,"peer":null}}"#
    );
    let text = r#"{"configure":{"mask":"ff"}}"#;
    let theirs: Command = serde_json::from_str(text).unwrap();
    assert_eq!(
        theirs,
        Command::Configure {
            mask: 0xff,
            quiet: false,
            cache: Cache::default(),
            peer: None
        }
    );
    assert_eq!(tcpip_json::from_str::<Command>(text), Ok(theirs));
}

#[test]
fn a_unit_variant_reads_from_its_name_or_a_one_member_object_with_null() {
    for text in [
        r#""end_of_game""#,
        r#"{"end_of_game":null}"#,
        r#" { "end_of_game" : null } "#,
    ] {
        assert_eq!(
            tcpip_json::from_str::<Command>(text),
            Ok(serde_json::from_str::<Command>(text).unwrap())
        );
    }
}

#[test]
fn a_record_with_every_field_form() {
    agree(&record()).unwrap();
    agree(&LineUp(vec![record(), record()])).unwrap();
}

/// A newtype around a Vec of the record: nesting through the derive's own types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Json)]
struct LineUp(Vec<Record>);

#[test]
fn a_skipped_field_is_not_written_and_reads_as_its_default() {
    let mut r = record();
    r.cache = Cache(vec![1, 2, 3]);
    let ours = tcpip_json::to_string(&r);
    assert_eq!(ours, serde_json::to_string(&r).unwrap());
    assert!(!ours.contains("cache"));
    // A member named like the skipped field is ignored, as serde ignores it.
    let with_cache = ours.replacen('{', r#"{"cache":[1,2,3],"#, 1);
    let theirs: Record = serde_json::from_str(&with_cache).unwrap();
    assert_eq!(theirs.cache, Cache::default());
    assert_eq!(tcpip_json::from_str::<Record>(&with_cache), Ok(theirs));
}

#[test]
fn a_default_field_may_be_missing_and_a_missing_option_is_none() {
    let mut r = record();
    r.played = false;
    r.maybe = None;
    r.pair.1 = None;
    let full = serde_json::to_string(&r).unwrap();
    let without = full
        .replace(r#""played":false,"#, "")
        .replace(r#""maybe":null,"#, "");
    assert!(!without.contains("played") && !without.contains("maybe"));
    let theirs: Record = serde_json::from_str(&without).unwrap();
    assert_eq!(theirs, r);
    assert_eq!(tcpip_json::from_str::<Record>(&without), Ok(r));

    let text = r#"{"send_data":{"seq":1,"payload":"x"}}"#;
    let expected = Command::SendData {
        seq: 1,
        payload: "x".into(),
        urgent: None,
    };
    assert_eq!(serde_json::from_str::<Command>(text).unwrap(), expected);
    assert_eq!(tcpip_json::from_str::<Command>(text), Ok(expected));
}

#[test]
fn a_with_field_uses_the_modules_functions() {
    let r = record();
    let ours = tcpip_json::to_string(&r);
    assert!(ours.contains(r#""mask":"deadbeef""#), "{ours}");
    agree(&r).unwrap();
    let bad = ours.replace(r#""mask":"deadbeef""#, r#""mask":"xyz""#);
    let e = both_refuse::<Record>(&bad);
    assert_eq!(e.path(), "mask");
    assert_eq!(e.reason(), "invalid digit found in string");
    let missing = ours.replace(r#""mask":"deadbeef","#, "");
    let e = both_refuse::<Record>(&missing);
    assert_eq!(e.to_string(), "missing field `mask`");
}

#[test]
fn a_try_from_type_travels_as_its_text() {
    let a = Addr([192, 168, 0, 1]);
    agree(&a).unwrap();
    assert_eq!(tcpip_json::to_string(&a), r#""192.168.0.1""#);
    let text = r#"{"addr":"1.2.3"}"#;
    #[derive(Debug, Serialize, Deserialize, Json)]
    struct Holder {
        addr: Addr,
    }
    let theirs = serde_json::from_str::<Holder>(text).unwrap_err();
    let ours = both_refuse::<Holder>(text);
    assert_eq!(ours.reason(), serde_reason(&theirs));
    assert_eq!(ours.reason(), "`1.2.3` is not a dotted IPv4 address");
    assert_eq!(ours.path(), "addr");
    // Not a string at all: refused before `try_from`.
    let ours = both_refuse::<Addr>("17");
    assert_eq!(ours.to_string(), "expected a string, found an integer");
}

#[test]
fn a_to_json_only_type_with_a_lifetime() {
    let command = Command::MoveTo(3, -4);
    let line = LogLine {
        who: "team \"red\"",
        what: &command,
        at: None,
    };
    assert_eq!(
        tcpip_json::to_string(&line),
        serde_json::to_string(&line).unwrap()
    );
}

#[test]
fn an_unknown_variant_is_named_with_the_known_ones() {
    let known = "`start`, `end_of_game`, `set_clock`, `move_to`, `send_data`, `wrap`, `batch`, \
                 `tag`, `idle`, `configure`";
    for text in [r#""stop""#, r#"{"stop":1}"#, r#""SetClock""#] {
        let theirs = serde_json::from_str::<Command>(text).unwrap_err();
        let ours = both_refuse::<Command>(text);
        assert_eq!(ours.reason(), serde_reason(&theirs));
        assert!(
            ours.reason().ends_with(&format!("expected one of {known}")),
            "{ours}"
        );
        assert!(ours.reason().starts_with("unknown variant `"), "{ours}");
    }
    // Inside a struct, the message also says where.
    let text = r#"{"title":"t","maybe":null,"list":["start","halt"]}"#;
    let ours = both_refuse::<Record>(text);
    assert_eq!(
        ours.to_string(),
        format!("unknown variant `halt`, expected one of {known} (at `list[1]`)")
    );
}

/// serde words the known variants by their number: "expected `a`", "expected `a` or `b`",
/// "expected one of `a`, `b`, `c`". The crate's `unknown_variant` says "one of" always.
#[test]
fn an_unknown_variant_of_two_is_worded_as_serde_words_it() {
    let theirs = serde_json::from_str::<Side>(r#""peer""#).unwrap_err();
    let ours = both_refuse::<Side>(r#""peer""#);
    assert_eq!(ours.reason(), serde_reason(&theirs));
}

#[test]
fn a_wrong_field_type_names_the_path_to_the_field() {
    let text = r#"{"outer":{"inner":[{"x":1},{"x":2},{"x":"3"}]}}"#;
    let ours = both_refuse::<Top>(text);
    assert_eq!(
        ours.to_string(),
        "expected an integer, found a string (at `outer.inner[2].x`)"
    );
    assert_eq!(ours.path(), "outer.inner[2].x");

    let ours = both_refuse::<Top>(r#"{"outer":{"inner":[{"x":-1}]}}"#);
    assert_eq!(
        ours.to_string(),
        "the number is out of range: expected 0 to 4294967295 (at `outer.inner[0].x`)"
    );
    let ours = both_refuse::<Top>(r#"{"outer":{"inner":[{"x":1.5}]}}"#);
    assert_eq!(ours.path(), "outer.inner[0].x");

    // Through variants (named by their JSON name), boxes, tuples and pairs.
    let ours =
        both_refuse::<Vec<Command>>(r#"["start",{"wrap":{"send_data":{"seq":1,"payload":2}}}]"#);
    assert_eq!(
        ours.to_string(),
        "expected a string, found an integer (at `[1].wrap.send_data.payload`)"
    );
    let ours = both_refuse::<Command>(r#"{"move_to":[1,true]}"#);
    assert_eq!(ours.path(), "move_to[1]");
    let ours = both_refuse::<Command>(r#"{"move_to":[1]}"#);
    assert_eq!(
        ours.to_string(),
        "expected an array of 2, found one of 1 (at `move_to`)"
    );

    let mut r = serde_json::to_value(record()).unwrap();
    r["pair"][1] = serde_json::json!(5);
    let ours = both_refuse::<Record>(&r.to_string());
    assert_eq!(ours.path(), "pair[1]");
    let mut r = serde_json::to_value(record()).unwrap();
    r["boxed"]["small"] = serde_json::json!(256);
    let ours = both_refuse::<Record>(&r.to_string());
    assert_eq!(ours.path(), "boxed.small");
    let mut r = serde_json::to_value(record()).unwrap();
    r["note_seq"]["why"] = serde_json::json!("nine");
    let ours = both_refuse::<Record>(&r.to_string());
    assert_eq!(ours.path(), "note_seq.why");
}

#[test]
fn a_missing_required_field_is_named() {
    let theirs = serde_json::from_str::<Note>(r#"{"why":"x"}"#).unwrap_err();
    let ours = both_refuse::<Note>(r#"{"why":"x"}"#);
    assert_eq!(ours.reason(), serde_reason(&theirs));
    assert_eq!(ours.to_string(), "missing field `n`");

    let ours = both_refuse::<Vec<Command>>(r#"[{"send_data":{"payload":"x"}}]"#);
    assert_eq!(ours.to_string(), "missing field `seq` (at `[0].send_data`)");

    let mut r = serde_json::to_value(record()).unwrap();
    r["note"].as_object_mut().unwrap().remove("why");
    let ours = both_refuse::<Record>(&r.to_string());
    assert_eq!(ours.to_string(), "missing field `why` (at `note`)");
}

#[test]
fn malformed_shapes_are_refused_by_both() {
    both_refuse::<Marker>("{}");
    both_refuse::<Marker>("0");
    both_refuse::<Seq>("[5]");
    both_refuse::<Span>(r#"[1,"a"]"#);
    both_refuse::<Span>(r#"[1,"a",null,4]"#);
    both_refuse::<Named>("null");
    both_refuse::<Note>(r#"{"why":"x","n":1,"n":2}"#);
    both_refuse::<(u8, u8)>("[1]");
    both_refuse::<Vec<u8>>(r#"{"0":1}"#);
    both_refuse::<Command>("{}");
    both_refuse::<Command>(r#"{"start":null,"end_of_game":null}"#);
    both_refuse::<Command>(r#"{"start":1}"#);
    both_refuse::<Command>(r#""set_clock""#);
    both_refuse::<Command>(r#"{"set_clock":null}"#);
    both_refuse::<Command>(r#"["start"]"#);
    both_refuse::<Command>("3");
    both_refuse::<u64>("18446744073709551616");
    both_refuse::<i64>("-9223372036854775809");
    both_refuse::<u8>("1e2");
    both_refuse::<bool>(r#""true""#);
    both_refuse::<String>("null");
}

/// A keyword field (`r#type`) is `type` in serde's JSON: serde strips the `r#`.
#[test]
fn a_raw_identifier_field_is_named_without_its_r_hash() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    struct Keyword {
        r#type: u8,
    }
    let k = Keyword { r#type: 1 };
    assert_eq!(serde_json::to_string(&k).unwrap(), r#"{"type":1}"#);
    assert_eq!(tcpip_json::to_string(&k), r#"{"type":1}"#);
    assert_eq!(tcpip_json::from_str::<Keyword>(r#"{"type":1}"#), Ok(k));
}

/// A keyword variant (`r#Type`) is `Type` in serde's JSON, and `type` under snake_case.
#[test]
fn a_raw_identifier_variant_is_named_without_its_r_hash() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    enum Plain {
        r#Type,
    }
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    #[serde(rename_all = "snake_case")]
    enum Snake {
        r#Type(u8),
    }
    for (ours, theirs) in [
        (
            tcpip_json::to_string(&Plain::r#Type),
            serde_json::to_string(&Plain::r#Type),
        ),
        (
            tcpip_json::to_string(&Snake::r#Type(1)),
            serde_json::to_string(&Snake::r#Type(1)),
        ),
    ] {
        assert_eq!(ours, theirs.unwrap());
    }
    assert_eq!(
        tcpip_json::from_str::<Snake>(r#"{"type":1}"#),
        Ok(Snake::r#Type(1))
    );
}

/// `#[serde(default, with = "m")]`: serde reads a missing field as the default.
#[test]
fn a_default_with_field_may_be_missing() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    struct Masked {
        #[serde(default, with = "hex")]
        mask: u32,
        n: u32,
    }
    let text = r#"{"n":1}"#;
    let expected = Masked { mask: 0, n: 1 };
    assert_eq!(serde_json::from_str::<Masked>(text).unwrap(), expected);
    assert_eq!(tcpip_json::from_str::<Masked>(text), Ok(expected));
}

/// A field may have the name the derived writer gives its own `Writer` (`w`), in a struct
/// and in a variant.
#[test]
fn a_field_may_be_called_w() {
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    struct Size {
        w: u32,
        h: u32,
    }
    #[derive(Debug, PartialEq, Serialize, Deserialize, Json)]
    enum Shape {
        Rect { w: u32, v: u32 },
    }
    let size = Size { w: 3, h: 4 };
    assert_eq!(tcpip_json::to_string(&size), r#"{"w":3,"h":4}"#);
    assert_eq!(tcpip_json::from_str::<Size>(r#"{"w":3,"h":4}"#), Ok(size));
    let shape = Shape::Rect { w: 1, v: 2 };
    assert_eq!(
        tcpip_json::to_string(&shape),
        serde_json::to_string(&shape).unwrap()
    );
}

/// Characters that are escaped by name, as `\u00XX`, or not at all, plus any character.
fn any_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"', '\\', '/', '\u{0}', '\u{8}', '\u{c}', '\n', '\r', '\t', '\u{1f}', '\u{7f}',
        '\u{2028}', '\u{feff}', 'é', '😀',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..24)
        .prop_map(|chars| chars.into_iter().collect())
}

fn any_named() -> impl Strategy<Value = Named> {
    (
        any::<u64>(),
        any_text(),
        any::<u8>(),
        any::<u16>(),
        any::<i32>(),
        any::<i64>(),
        any::<usize>(),
        any::<bool>(),
    )
        .prop_map(|(id, name, small, wide, signed, big, count, flag)| Named {
            id,
            name,
            small,
            wide,
            signed,
            big,
            count,
            flag,
        })
}

fn any_command() -> impl Strategy<Value = Command> {
    let leaf = prop_oneof![
        Just(Command::Start),
        Just(Command::EndOfGame),
        any::<u64>().prop_map(Command::SetClock),
        (any::<i32>(), any::<i64>()).prop_map(|(a, b)| Command::MoveTo(a, b)),
        (any::<u32>(), any_text(), any::<Option<bool>>()).prop_map(|(seq, payload, urgent)| {
            Command::SendData {
                seq,
                payload,
                urgent,
            }
        }),
        any::<u32>().prop_map(|n| Command::Tag(Seq(n))),
        Just(Command::Idle {}),
        (any::<u32>(), any::<bool>(), any::<Option<[u8; 4]>>()).prop_map(|(mask, quiet, peer)| {
            Command::Configure {
                mask,
                quiet,
                cache: Cache::default(),
                peer: peer.map(Addr),
            }
        }),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| Command::Wrap(Box::new(c))),
            prop::collection::vec(inner, 0..4).prop_map(Command::Batch),
        ]
    })
}

fn any_record() -> impl Strategy<Value = Record> {
    (
        (
            any_text(),
            any::<Option<u32>>(),
            prop::collection::vec(any_command(), 0..4),
            any_named(),
            (any::<u16>(), prop::option::of(any_text())),
            any::<bool>(),
            any::<u32>(),
        ),
        (
            any::<[u8; 4]>(),
            (any_text(), any::<u32>()),
            (any::<u32>(), any::<u32>()),
            (any::<i64>(), any_text(), any::<Option<u8>>()),
            prop::collection::vec(prop::collection::vec(any::<Option<i64>>(), 0..3), 0..3),
        ),
    )
        .prop_map(
            |(
                (title, maybe, list, boxed, pair, played, mask),
                (addr, (why, n), (seq, n_seq), (a, b, c), nested),
            )| Record {
                title,
                maybe,
                list,
                boxed: Box::new(boxed),
                pair,
                cache: Cache::default(),
                played,
                mask,
                addr: Addr(addr),
                note: Note { why, n },
                note_seq: Note {
                    why: Seq(seq),
                    n: n_seq,
                },
                span: Span(a, b, c),
                marker: Marker,
                nested,
            },
        )
}

proptest! {
    #[test]
    fn any_command_agrees_with_serde(c in any_command()) {
        agree(&c)?;
    }

    #[test]
    fn any_named_struct_agrees_with_serde(n in any_named()) {
        agree(&n)?;
    }

    #[test]
    fn any_record_agrees_with_serde(r in any_record()) {
        agree(&r)?;
    }
}
