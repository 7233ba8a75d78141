//! The TOML reader for scenario files: text in, a [`Table`] of keys and values out, every
//! key and value with the byte span it was written at (so a problem found later in the
//! walk gets its line), or the first syntax error with its place and what to write instead.
//!
//! Why not the `toml` crate: the browser game ships the reader, and this one, which only has
//! to build this one document, costs 20 KB less gzipped wasm than `toml`'s parser, spans and
//! maps (the bundle budget is 400 KB, docs/bundle.md).
//!
//! What it reads is TOML 1.1 (<https://toml.io/en/v1.1.0>), as `toml` 1.x did, and a test
//! reads a corpus and random documents through both and compares (`document_tests.rs`). One
//! deliberate difference: a date or time is recognised by its shape (`1979-05-27`,
//! `07:32:00`, `1979-05-27T07:32:00Z`, …) but its digits are not checked against the calendar,
//! because no scenario key takes one: a date written where a number or text belongs is
//! reported as "must be …, but it is 1979-05-27" either way.

use crate::text::{Text, text};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;

/// A value or key with the bytes of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub(super) fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    pub(super) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub(super) fn get_ref(&self) -> &T {
        &self.value
    }

    pub(super) fn into_inner(self) -> T {
        self.value
    }
}

/// A TOML value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    String(String),
    /// `None` when the number written does not fit 64 bits (TOML 1.1 §Integer: "If an
    /// integer cannot be represented losslessly, an error must be thrown"): the scenario
    /// reader says so naming the key, which a syntax error could not.
    Integer(Option<i64>),
    Float(f64),
    Boolean(bool),
    /// An offset or local date-time, date or time; see the module comment.
    Datetime,
    Array(Array),
    Table(Table),
}

/// A list: `[1, 2]` written as a value, or the tables of `[[name]]` headers.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Array {
    items: Vec<Spanned<Value>>,
    /// Made by `[[name]]` headers: only another `[[name]]` may add to it (TOML 1.1 §Array of
    /// Tables: "Attempting to append to a statically defined array … must produce an error").
    of_tables: bool,
}

impl Array {
    pub(super) fn iter(&self) -> core::slice::Iter<'_, Spanned<Value>> {
        self.items.iter()
    }
}

/// How a table came to exist, which decides what may still add keys to it (TOML 1.1
/// §Table and §Inline Table).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Made {
    /// Only on the way to a header's table (`a` for `[a.b]`): a later `[a]` may define it.
    OnTheWay,
    /// By its own header, or the document itself: defined once and for all.
    ByHeader,
    /// By dotted keys (`a.b = 1` makes `a`): more dotted keys may add to it, headers may
    /// not define it, though a header may define a table inside it.
    ByDottedKeys,
    /// Written inline, `{ … }`: complete as written, nothing may add to it.
    Inline,
}

/// A table's keys and values, in the order written.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Table {
    entries: Vec<(Spanned<String>, Spanned<Value>)>,
    made: Made,
}

impl Table {
    fn new(made: Made) -> Table {
        Table {
            entries: Vec::new(),
            made,
        }
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub(super) fn get(&self, key: &str) -> Option<&Spanned<Value>> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Spanned<Value>> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    /// Adds `key`, known to be absent; refused past [`MAX_KEYS`].
    fn add(&mut self, key: &Spanned<String>, value: Spanned<Value>) -> Read<()> {
        if self.entries.len() >= MAX_KEYS {
            return fail_at(
                key.span.start,
                text!(
                    "a table has at most {MAX_KEYS} keys, and this is one more",
                    "una tabella ha al massimo {MAX_KEYS} chiavi, e questa è una in più"
                ),
            );
        }
        self.entries.push((key.clone(), value));
        Ok(())
    }
}

/// The first thing in the text that is not TOML.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SyntaxError {
    /// The byte it was found at.
    pub(super) at: usize,
    pub(super) message: Text,
}

type Read<T> = Result<T, SyntaxError>;

/// Reads a whole document.
pub(super) fn parse(text: &str) -> Read<Table> {
    let mut root = Table::new(Made::ByHeader);
    // The keys of the table the last header opened (the last table of an array of tables).
    let mut current: Vec<Spanned<String>> = Vec::new();
    // A byte-order mark, which some editors on Windows put first, is not part of the text.
    let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut r = Reader { text, at, depth: 0 };
    loop {
        r.skip_blank_lines()?;
        let Some(c) = r.peek() else {
            return Ok(root);
        };
        if c == b'[' {
            let start = r.at;
            let array = r.eat("[[");
            if !array {
                r.at += 1;
            }
            r.skip_spaces();
            let keys = r.keys()?;
            r.skip_spaces();
            let close = if array { "]]" } else { "]" };
            if !r.eat(close) {
                let open = if array { "[[" } else { "[" };
                let name = dotted(&keys);
                return r.fail(text!(
                    "the header `{open}{name}` needs `{close}` after its name",
                    "l'intestazione `{open}{name}` ha bisogno di `{close}` dopo il nome"
                ));
            }
            let span = start..r.at;
            r.end_of_line()?;
            open_table(&mut root, &keys, array, span)?;
            current = keys;
        } else {
            let (keys, value) = r.key_value()?;
            r.end_of_line()?;
            let table = reopen(&mut root, &current)?;
            insert(table, &keys, value)?;
        }
    }
}

/// The keys of a header or a dotted key, as written, for messages: `teams.routes`.
fn dotted(keys: &[Spanned<String>]) -> String {
    let names: Vec<&str> = keys.iter().map(|k| k.value.as_str()).collect();
    names.join(".")
}

fn fail_at<T>(at: usize, message: Text) -> Read<T> {
    Err(SyntaxError { at, message })
}

/// The table of header `[keys]` / `[[keys]]`, made or defined now (TOML 1.1 §Table, §Array
/// of Tables).
fn open_table(
    root: &mut Table,
    keys: &[Spanned<String>],
    array: bool,
    span: Range<usize>,
) -> Read<()> {
    let Some((last, on_the_way)) = keys.split_last() else {
        return fail_at(
            span.start,
            text!(
                "a header needs a name",
                "un'intestazione ha bisogno di un nome"
            ),
        );
    };
    let mut table = root;
    for (i, key) in on_the_way.iter().enumerate() {
        table = step_into(table, key, &keys[..=i], &span)?;
    }
    let name = dotted(keys);
    let fresh = Table::new(Made::ByHeader);
    let Some(existing) = table.get_mut(&last.value) else {
        let value = if array {
            Value::Array(Array {
                items: alloc::vec![Spanned::new(span.clone(), Value::Table(fresh))],
                of_tables: true,
            })
        } else {
            Value::Table(fresh)
        };
        return table.add(last, Spanned::new(span, value));
    };
    match &mut existing.value {
        Value::Array(a) if array && a.of_tables => {
            a.items.push(Spanned::new(span, Value::Table(fresh)));
            Ok(())
        }
        Value::Table(t) if !array && t.made == Made::OnTheWay => {
            t.made = Made::ByHeader;
            existing.span = span;
            Ok(())
        }
        Value::Table(t) if !array && t.made == Made::ByDottedKeys => fail_at(
            span.start,
            text!(
                "`{name}` was already made by dotted keys (`{name}.… = …`), so it cannot also have a [{name}] header",
                "`{name}` è già stata creata da chiavi con il punto (`{name}.… = …`), quindi non può avere anche un'intestazione [{name}]"
            ),
        ),
        Value::Table(_) if !array => fail_at(
            span.start,
            text!(
                "the table [{name}] is defined twice: put all its keys under one header",
                "la tabella [{name}] è definita due volte: metti tutte le sue chiavi sotto una sola intestazione"
            ),
        ),
        Value::Array(a) if !array && a.of_tables => fail_at(
            span.start,
            text!(
                "`{name}` is a list of tables written [[{name}]], so it cannot also be [{name}]",
                "`{name}` è una lista di tabelle scritta [[{name}]], quindi non può essere anche [{name}]"
            ),
        ),
        _ => fail_at(
            span.start,
            text!(
                "`{name}` already has a value, so it cannot also be a header",
                "`{name}` ha già un valore, quindi non può essere anche un'intestazione"
            ),
        ),
    }
}

/// The table `key` names inside `table`, on the way to a header's table: made if absent, the
/// last one if it is a list of tables.
fn step_into<'t>(
    table: &'t mut Table,
    key: &Spanned<String>,
    path: &[Spanned<String>],
    span: &Range<usize>,
) -> Read<&'t mut Table> {
    if table.get(&key.value).is_none() {
        let made = Value::Table(Table::new(Made::OnTheWay));
        table.add(key, Spanned::new(span.clone(), made))?;
    }
    let found = table.get_mut(&key.value).map(|v| &mut v.value);
    match found {
        Some(Value::Table(t)) if t.made != Made::Inline => Ok(t),
        Some(Value::Array(a)) if a.of_tables => match a.items.last_mut() {
            Some(Spanned {
                value: Value::Table(t),
                ..
            }) => Ok(t),
            _ => {
                let name = dotted(path);
                fail_at(
                    span.start,
                    text!("`{name}` is not a table", "`{name}` non è una tabella"),
                )
            }
        },
        Some(Value::Table(_)) => {
            let name = dotted(path);
            fail_at(
                span.start,
                text!(
                    "`{name}` was written inline as {{ … }}, which is complete: nothing can be added to it",
                    "`{name}` è scritta in linea come {{ … }}, che è completa: non le si può aggiungere niente"
                ),
            )
        }
        _ => {
            let name = dotted(path);
            fail_at(
                span.start,
                text!(
                    "`{name}` already has a value that is not a table",
                    "`{name}` ha già un valore che non è una tabella"
                ),
            )
        }
    }
}

/// The table the last header opened, found again from the root.
fn reopen<'t>(root: &'t mut Table, keys: &[Spanned<String>]) -> Read<&'t mut Table> {
    let mut table = root;
    for (i, key) in keys.iter().enumerate() {
        let at = key.span.start;
        table = step_into(table, key, &keys[..=i], &(at..at))?;
    }
    Ok(table)
}

/// Puts `value` at the dotted `keys` inside `table` (TOML 1.1 §Keys: "dotted keys create and
/// define a table for each key part before the last one, provided that such tables were not
/// previously created").
fn insert(table: &mut Table, keys: &[Spanned<String>], value: Spanned<Value>) -> Read<()> {
    let Some((last, on_the_way)) = keys.split_last() else {
        return fail_at(
            value.span.start,
            text!("a value needs a key", "un valore ha bisogno di una chiave"),
        );
    };
    let mut table = table;
    for (i, key) in on_the_way.iter().enumerate() {
        if table.get(&key.value).is_none() {
            let made = Value::Table(Table::new(Made::ByDottedKeys));
            table.add(key, Spanned::new(key.span(), made))?;
        }
        table = match table.get_mut(&key.value).map(|v| &mut v.value) {
            Some(Value::Table(t)) if t.made == Made::ByDottedKeys => t,
            _ => {
                let name = dotted(&keys[..=i]);
                return fail_at(
                    key.span.start,
                    text!(
                        "`{name}` is already defined, so dotted keys cannot add to it",
                        "`{name}` è già definita, quindi le chiavi con il punto non possono \
                         aggiungerle niente"
                    ),
                );
            }
        };
    }
    if table.get(&last.value).is_some() {
        let name = dotted(keys);
        return fail_at(
            last.span.start,
            text!(
                "the key `{name}` is written twice in this table",
                "la chiave `{name}` è scritta due volte in questa tabella"
            ),
        );
    }
    table.add(last, value)
}

/// The text and how far it has been read.
struct Reader<'t> {
    text: &'t str,
    at: usize,
    /// How many lists and inline tables the reading position is inside.
    depth: usize,
}

/// How deep lists and inline tables may nest: far more than any scenario needs, and a file
/// of `[[[[…` (or a classroom message carrying one) cannot exhaust the stack of the reader,
/// which reads nested values by recursion.
pub(super) const MAX_DEPTH: usize = 64;

/// How many keys one table may hold: a scenario's tables have at most nine, and finding a
/// key is a walk through its table, so a table of a million keys must not be read.
pub(super) const MAX_KEYS: usize = 1000;

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    fn fail<T>(&self, message: Text) -> Read<T> {
        fail_at(self.at, message)
    }

    /// What is at the reading position, for messages: a character or "the end of the file".
    fn here(&self) -> Text {
        match self.rest().chars().next() {
            None => text!("the end of the file", "la fine del file"),
            Some('\n' | '\r') => text!("the end of the line", "la fine della riga"),
            Some(c) => Text::same(format!("`{c}`")),
        }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A newline, `\n` or `\r\n`.
    fn eat_newline(&mut self) -> bool {
        self.eat("\n") || self.eat("\r\n")
    }

    /// A comment from `#` to the end of the line, if there is one. TOML 1.1 §Comment:
    /// control characters other than tab are not permitted in comments.
    fn skip_comment(&mut self) -> Read<()> {
        if self.peek() != Some(b'#') {
            return Ok(());
        }
        while let Some(c) = self.rest().chars().next() {
            if c == '\n' || self.rest().starts_with("\r\n") {
                break;
            }
            if is_control(c) {
                return self.fail(text!(
                    "a comment cannot hold a control character",
                    "un commento non può contenere un carattere di controllo"
                ));
            }
            self.at += c.len_utf8();
        }
        Ok(())
    }

    /// Spaces, comments and newlines, as many as there are.
    fn skip_blank_lines(&mut self) -> Read<()> {
        loop {
            self.skip_spaces();
            self.skip_comment()?;
            if !self.eat_newline() {
                return Ok(());
            }
        }
    }

    /// After a key/value pair or a header: spaces, maybe a comment, then the line's end.
    fn end_of_line(&mut self) -> Read<()> {
        self.skip_spaces();
        self.skip_comment()?;
        if self.peek().is_none() || self.eat_newline() {
            return Ok(());
        }
        self.fail(self.here().then(text!(
            " cannot follow on this line: write one key = value or one [header] per line",
            " non può seguire su questa riga: scrivi una chiave = valore o una [intestazione] \
             per riga"
        )))
    }

    /// `key = value`, at `key`.
    fn key_value(&mut self) -> Read<(Vec<Spanned<String>>, Spanned<Value>)> {
        let keys = self.keys()?;
        self.skip_spaces();
        if !self.eat("=") {
            let name = dotted(&keys);
            return self.fail(
                text!(
                    "`{name}` needs `=` and a value after it, not ",
                    "`{name}` ha bisogno di `=` e di un valore dopo, non "
                )
                .then(self.here()),
            );
        }
        self.skip_spaces();
        let value = self.value()?;
        Ok((keys, value))
    }

    /// A key, or dotted keys `a.b.c` (TOML 1.1 §Keys).
    fn keys(&mut self) -> Read<Vec<Spanned<String>>> {
        let mut keys = alloc::vec![self.key()?];
        loop {
            let before = self.at;
            self.skip_spaces();
            if !self.eat(".") {
                self.at = before;
                return Ok(keys);
            }
            self.skip_spaces();
            if keys.len() >= MAX_DEPTH {
                return self.fail(text!(
                    "a key has at most {MAX_DEPTH} dotted parts",
                    "una chiave ha al massimo {MAX_DEPTH} parti separate da punti"
                ));
            }
            keys.push(self.key()?);
        }
    }

    /// One key: bare (`A-Za-z0-9_-`), "basic" or 'literal'.
    fn key(&mut self) -> Read<Spanned<String>> {
        let start = self.at;
        let name = match self.peek() {
            Some(b'"') if !self.rest().starts_with("\"\"\"") => self.basic_string()?,
            Some(b'\'') if !self.rest().starts_with("'''") => self.literal_string()?,
            _ => {
                let len = self
                    .rest()
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                    .count();
                if len == 0 {
                    return self.fail(
                        text!("a key is missing before ", "manca una chiave prima di ")
                            .then(self.here()),
                    );
                }
                self.at += len;
                self.text[start..self.at].to_string()
            }
        };
        Ok(Spanned::new(start..self.at, name))
    }

    /// A value (TOML 1.1 §Value: string, integer, float, boolean, date-time, array or
    /// inline table).
    fn value(&mut self) -> Read<Spanned<Value>> {
        let start = self.at;
        let value = match self.peek() {
            Some(b'"') if self.eat("\"\"\"") => Value::String(self.multi_line('"')?),
            Some(b'\'') if self.eat("'''") => Value::String(self.multi_line('\'')?),
            Some(b'"') => Value::String(self.basic_string()?),
            Some(b'\'') => Value::String(self.literal_string()?),
            Some(b'[') => Value::Array(self.nested(Self::array)?),
            Some(b'{') => Value::Table(self.nested(Self::inline_table)?),
            _ => self.scalar()?,
        };
        Ok(Spanned::new(start..self.at, value))
    }

    /// A list or inline table read by `read`, one level deeper, at most [`MAX_DEPTH`].
    fn nested<T>(&mut self, read: fn(&mut Self) -> Read<T>) -> Read<T> {
        if self.depth >= MAX_DEPTH {
            return self.fail(text!(
                "lists and tables in {{ }} are nested more than {MAX_DEPTH} deep",
                "liste e tabelle tra {{ }} sono annidate per più di {MAX_DEPTH} livelli"
            ));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// `[ value, value, … ]`, newlines and comments allowed between (TOML 1.1 §Array).
    fn array(&mut self) -> Read<Array> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines()?;
            if self.eat("]") {
                break;
            }
            items.push(self.value()?);
            self.skip_blank_lines()?;
            if self.eat("]") {
                break;
            }
            if !self.eat(",") {
                return self.fail(
                    text!(
                        "a list needs `,` between its values and `]` at its end, not ",
                        "una lista ha bisogno di `,` tra i valori e di `]` alla fine, non "
                    )
                    .then(self.here()),
                );
            }
        }
        Ok(Array {
            items,
            of_tables: false,
        })
    }

    /// `{ key = value, … }`; TOML 1.1 §Inline Table allows newlines, comments and a
    /// trailing comma inside.
    fn inline_table(&mut self) -> Read<Table> {
        self.at += 1;
        let mut table = Table::new(Made::Inline);
        loop {
            self.skip_blank_lines()?;
            if self.eat("}") {
                return Ok(table);
            }
            let (keys, value) = self.key_value()?;
            insert(&mut table, &keys, value)?;
            self.skip_blank_lines()?;
            if self.eat("}") {
                return Ok(table);
            }
            if !self.eat(",") {
                return self.fail(
                    text!(
                        "a table in {{ }} needs `,` between its keys and `}}` at its end, not ",
                        "una tabella tra {{ }} ha bisogno di `,` tra le chiavi e di `}}` alla \
                         fine, non "
                    )
                    .then(self.here()),
                );
            }
        }
    }

    /// `"…"`, on one line, with escapes (TOML 1.1 §String, basic strings).
    fn basic_string(&mut self) -> Read<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.rest().chars().next() else {
                return self.fail(text!(
                    "this text needs a closing `\"`",
                    "a questo testo manca la `\"` di chiusura"
                ));
            };
            match c {
                '"' => {
                    self.at += 1;
                    return Ok(out);
                }
                '\\' => out.push(self.escape()?),
                '\n' | '\r' => {
                    return self.fail(text!(
                        "this text needs a closing `\"` on the same line (text over several lines goes in \"\"\" … \"\"\")",
                        "a questo testo manca la `\"` di chiusura sulla stessa riga (il testo su più righe va tra \"\"\" … \"\"\")"
                    ));
                }
                c if is_control(c) => return self.control(),
                c => {
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    /// `'…'`, on one line, as written (TOML 1.1 §String, literal strings).
    fn literal_string(&mut self) -> Read<String> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.rest().chars().next() {
                Some('\'') => {
                    let text = self.text[start..self.at].to_string();
                    self.at += 1;
                    return Ok(text);
                }
                None | Some('\n' | '\r') => {
                    return self.fail(text!(
                        "this text needs a closing `'` on the same line",
                        "a questo testo manca la `'` di chiusura sulla stessa riga"
                    ));
                }
                Some(c) if is_control(c) => return self.control(),
                Some(c) => self.at += c.len_utf8(),
            }
        }
    }

    /// The text of `"""…"""` or `'''…'''` after its opening quotes. A newline right after
    /// them is not part of the text; up to two quotes may come right before the closing
    /// three; in the basic form a backslash at the end of a line joins it to the next one,
    /// without the spaces between (TOML 1.1 §String, multi-line strings).
    fn multi_line(&mut self, quote: char) -> Read<String> {
        let closing = if quote == '"' { "\"\"\"" } else { "'''" };
        self.eat_newline();
        let mut out = String::new();
        loop {
            if self.rest().starts_with(closing) {
                let run = self
                    .rest()
                    .bytes()
                    .take_while(|b| *b == quote as u8)
                    .count();
                if run > 5 {
                    return self.fail(text!(
                        "too many `{quote}` in a row: write them with escapes or in another kind of text",
                        "troppe `{quote}` di fila: scrivile con gli escape o in un altro tipo di testo"
                    ));
                }
                out.extend(core::iter::repeat_n(quote, run - 3));
                self.at += run;
                return Ok(out);
            }
            let Some(c) = self.rest().chars().next() else {
                return self.fail(text!(
                    "this text needs a closing `{closing}`",
                    "a questo testo manca la `{closing}` di chiusura"
                ));
            };
            if quote == '"' && c == '\\' {
                if self.line_ending_backslash() {
                    continue;
                }
                out.push(self.escape()?);
            } else if self.eat_newline() {
                out.push('\n');
            } else if is_control(c) {
                return self.control();
            } else {
                out.push(c);
                self.at += c.len_utf8();
            }
        }
    }

    /// At a `\` that ends a line (spaces may follow it): skips it and every space and
    /// newline after it.
    fn line_ending_backslash(&mut self) -> bool {
        let after = self.rest().get(1..).unwrap_or_default();
        let spaces = after
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let rest = after.get(spaces..).unwrap_or_default();
        if !(rest.starts_with('\n') || rest.starts_with("\r\n")) {
            return false;
        }
        self.at += 1 + spaces;
        while self.eat_newline() || self.eat(" ") || self.eat("\t") {}
        true
    }

    /// An escape at `\` (TOML 1.1 §String: `\b \t \n \f \r \e \" \\ \xHH \uHHHH
    /// \UHHHHHHHH`, the last three naming a Unicode scalar value).
    fn escape(&mut self) -> Read<char> {
        let start = self.at;
        let c = match self.rest().as_bytes().get(1) {
            Some(b'b') => '\u{8}',
            Some(b't') => '\t',
            Some(b'n') => '\n',
            Some(b'f') => '\u{c}',
            Some(b'r') => '\r',
            Some(b'e') => '\u{1b}',
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'x') => return self.hex_escape(2),
            Some(b'u') => return self.hex_escape(4),
            Some(b'U') => return self.hex_escape(8),
            _ => {
                let shown: String = self.rest().chars().take(2).collect();
                return fail_at(
                    start,
                    text!(
                        "`{shown}` is not an escape: write a backslash as `\\\\`",
                        "`{shown}` non è un escape: scrivi una barra rovesciata come `\\\\`"
                    ),
                );
            }
        };
        self.at += 2;
        Ok(c)
    }

    fn hex_escape(&mut self, digits: usize) -> Read<char> {
        let hex = self.rest().get(2..2 + digits).unwrap_or_default();
        let code = if hex.len() == digits && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else {
            None
        };
        match code {
            Some(c) => {
                self.at += 2 + digits;
                Ok(c)
            }
            None => {
                let escape = self.rest().get(..2).unwrap_or_default();
                self.fail(text!(
                    "`{escape}` needs {digits} hexadecimal digits naming a Unicode character",
                    "`{escape}` ha bisogno di {digits} cifre esadecimali che indichino un \
                     carattere Unicode"
                ))
            }
        }
    }

    fn control<T>(&self) -> Read<T> {
        self.fail(text!(
            "text cannot hold a control character: write it as an escape such as \\t or \\u0007",
            "il testo non può contenere un carattere di controllo: scrivilo come escape, per \
             esempio \\t o \\u0007"
        ))
    }

    /// A boolean, number or date-time: a run of the characters they are made of.
    fn scalar(&mut self) -> Read<Value> {
        let start = self.at;
        let word =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.' | b':');
        let mut len = self.rest().bytes().take_while(|b| word(*b)).count();
        // A date and a time may be separated by a space (TOML 1.1 §Offset Date-Time).
        let rest = self.rest().as_bytes();
        if is_date(rest.get(..len).unwrap_or_default())
            && rest.get(len) == Some(&b' ')
            && rest.get(len + 1).is_some_and(u8::is_ascii_digit)
        {
            len += 1 + rest[len + 1..].iter().take_while(|b| word(**b)).count();
        }
        let token = &self.text[start..start + len];
        if token.is_empty() {
            return self.fail(
                text!("a value is missing before ", "manca un valore prima di ").then(self.here()),
            );
        }
        let value = scalar(token).ok_or_else(|| SyntaxError {
            at: start,
            message: text!(
                "`{token}` is not a value TOML knows",
                "`{token}` non è un valore che TOML conosce"
            ),
        })?;
        self.at += len;
        Ok(value)
    }
}

/// TOML 1.1 §String: "Any Unicode character may be used except those that must be
/// escaped: … the control characters other than tab (U+0000 to U+0008, U+000A to U+001F,
/// U+007F)." Newlines are dealt with where they end a line.
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}'
}

/// Whether `token` is a boolean, number or date-time as TOML writes them.
pub(super) fn is_scalar(token: &str) -> bool {
    scalar(token).is_some()
}

/// A boolean, number or date-time written as `token`, or `None` when it is none of these.
fn scalar(token: &str) -> Option<Value> {
    match token {
        "true" => return Some(Value::Boolean(true)),
        "false" => return Some(Value::Boolean(false)),
        _ => {}
    }
    if is_datetime(token) {
        return Some(Value::Datetime);
    }
    if let Some((radix, digits)) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(p, r)| token.strip_prefix(p).map(|d| (*r, d)))
    {
        // TOML 1.1 §Integer: prefixed integers have no sign, and `_` only between digits.
        let ok = digit_groups(digits, |b| (b as char).is_digit(radix));
        return ok
            .then(|| Value::Integer(i64::from_str_radix(&digits.replace('_', ""), radix).ok()));
    }
    let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
    let negative = token.starts_with('-');
    let sign = |f: f64| if negative { -f } else { f };
    match unsigned {
        "inf" => return Some(Value::Float(sign(f64::INFINITY))),
        "nan" => return Some(Value::Float(sign(f64::NAN))),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(e) => (&unsigned[..e], Some(&unsigned[e + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    // No leading zeros: `0`, `7`, `1_000`, not `07`.
    let whole_ok =
        digit_groups(whole, |b| b.is_ascii_digit()) && (whole == "0" || !whole.starts_with('0'));
    let fraction_ok = fraction.is_none_or(|f| digit_groups(f, |b| b.is_ascii_digit()));
    let exponent_ok = exponent.is_none_or(|e| {
        digit_groups(e.strip_prefix(['+', '-']).unwrap_or(e), |b| {
            b.is_ascii_digit()
        })
    });
    if !(whole_ok && fraction_ok && exponent_ok) {
        return None;
    }
    if fraction.is_none() && exponent.is_none() {
        return Some(Value::Integer(token.replace('_', "").parse().ok()));
    }
    let magnitude = crate::decimal::decimal(
        &mantissa.replace('_', ""),
        &exponent.unwrap_or("0").replace('_', ""),
    );
    Some(Value::Float(sign(magnitude)))
}

/// Digits (as `is_digit` says), at least one, with single `_` only between two of them.
fn digit_groups(s: &str, is_digit: impl Fn(u8) -> bool) -> bool {
    !s.is_empty()
        && s.split('_')
            .all(|group| !group.is_empty() && group.bytes().all(&is_digit))
}

/// `YYYY-MM-DD` at the start of a token.
fn is_date(token: &[u8]) -> bool {
    shape(token.get(..10).unwrap_or_default()) == "dddd-dd-dd"
}

/// A date, a time, or a date and time with an optional offset (TOML 1.1 §Offset Date-Time,
/// §Local Date-Time, §Local Date, §Local Time), by shape only.
fn is_datetime(token: &str) -> bool {
    let bytes = token.as_bytes();
    if is_date(bytes) {
        return match bytes.get(10) {
            None => true,
            Some(b'T' | b't' | b' ') => is_time(&bytes[11..], true),
            Some(_) => false,
        };
    }
    is_time(bytes, false)
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`, then with a date an optional `Z` or `±HH:MM`.
fn is_time(bytes: &[u8], offset_allowed: bool) -> bool {
    let clock = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b':' | b'.'))
        .count();
    let (time, offset) = bytes.split_at(clock);
    let time = match time.iter().position(|b| *b == b'.') {
        Some(dot) if dot == 8 && time.len() > 9 && time[9..].iter().all(u8::is_ascii_digit) => {
            &time[..8]
        }
        Some(_) => return false,
        None => time,
    };
    let clock_ok = matches!(shape(time).as_str(), "dd:dd" | "dd:dd:dd");
    let offset_ok = match offset {
        [] => true,
        [b'Z' | b'z'] => offset_allowed,
        [b'+' | b'-', zone @ ..] => offset_allowed && shape(zone) == "dd:dd",
        _ => false,
    };
    clock_ok && offset_ok
}

/// The token with every digit written `d`, to compare with a pattern.
fn shape(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| if b.is_ascii_digit() { 'd' } else { *b as char })
        .collect()
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
