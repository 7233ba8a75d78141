//! [`Writer`]: compact JSON text, byte for byte serde_json's.

use alloc::string::String;

use crate::ToJson;

/// Writes one JSON value. Not generic: every type's writer calls these few functions, and a
/// field's value is passed as `&dyn ToJson`, so the page carries one copy of each.
pub struct Writer {
    out: String,
    /// No member or element written yet in the innermost open object or array.
    first: bool,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            out: String::new(),
            first: true,
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    pub fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub fn unsigned(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(d as char);
        }
    }

    pub fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// `s` in quotes with serde_json's escapes: `"` `\` and the control characters
    /// (`\b \f \n \r \t` by name, the others as `\u00XX`); everything else as it is.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let named = match b {
                b'"' => '"',
                b'\\' => '\\',
                0x08 => 'b',
                0x0C => 'f',
                b'\n' => 'n',
                b'\r' => 'r',
                b'\t' => 't',
                0..0x20 => 'u',
                _ => continue,
            };
            self.out.push_str(&s[run..i]);
            run = i + 1;
            self.out.push('\\');
            self.out.push(named);
            if named == 'u' {
                self.out.push_str("00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 0xF)] as char);
            }
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }

    pub fn begin_object(&mut self) {
        self.out.push('{');
        self.first = true;
    }

    /// The key of the next member of the open object; its value is written next.
    pub fn key(&mut self, key: &str) {
        self.separate();
        self.string(key);
        self.out.push(':');
    }

    /// One member of the open object.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) {
        self.key(key);
        value.write_json(self);
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
        self.first = false;
    }

    /// An enum variant with content, serde's default form: `{"name":` content `}`.
    pub fn begin_variant(&mut self, name: &str) {
        self.begin_object();
        self.key(name);
    }

    pub fn begin_array(&mut self) {
        self.out.push('[');
        self.first = true;
    }

    /// One element of the open array.
    pub fn element(&mut self, value: &dyn ToJson) {
        self.separate();
        value.write_json(self);
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
        self.first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::borrow::ToOwned;
    use alloc::vec;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut w = Writer::new();
        w.string("a\"b\\c\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é→😀/");
        assert_eq!(
            w.finish(),
            r#""a\"b\\c\b\f\n\r\t\u0001\u001f"#.to_owned() + "\u{7f}é→😀/\""
        );
    }

    #[test]
    fn nested_objects_and_arrays_get_their_commas() {
        let mut w = Writer::new();
        w.begin_object();
        w.field("a", &vec![1u32, 2]);
        w.key("b");
        w.begin_object();
        w.end_object();
        w.field("c", &Some(u64::MAX));
        w.key("d");
        w.begin_variant("e");
        w.signed(i64::MIN);
        w.end_object();
        w.end_object();
        assert_eq!(
            w.finish(),
            r#"{"a":[1,2],"b":{},"c":18446744073709551615,"d":{"e":-9223372036854775808}}"#
        );
    }
}
