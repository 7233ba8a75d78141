//! [`Value`]: a JSON text read once, for the types to read themselves from.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Error, FromJson};

/// One JSON value. Numbers keep what the game's types can hold: integers (the game has no
/// fractional field); any other number is kept only to be refused by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A whole number from 0 to `u64::MAX`.
    Unsigned(u64),
    /// A negative whole number from `i64::MIN`.
    Negative(i64),
    /// A number with a fraction or an exponent, or outside both ranges above.
    OtherNumber,
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// A JSON object's members in the order they were written (keys are distinct: the reader
/// refuses a key written twice, as serde's derived readers do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Object {
    pub(crate) members: Vec<(String, Value)>,
}

impl Value {
    /// What the value is, for messages ("expected a string, found an array").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Unsigned(_) | Value::Negative(_) => "an integer",
            Value::OtherNumber => "a number with a fraction or exponent",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// `expected <what>, found <this value's kind>`.
    #[inline(never)]
    pub fn expected(&self, what: &str) -> Error {
        Error::new(alloc::format!("expected {what}, found {}", self.kind()))
    }

    pub fn object(&self) -> Result<&Object, Error> {
        match self {
            Value::Object(o) => Ok(o),
            _ => Err(self.expected("an object")),
        }
    }

    /// The elements of an array of exactly `len` (a tuple, a tuple struct or variant).
    pub fn tuple(&self, len: usize) -> Result<&[Value], Error> {
        match self {
            Value::Array(items) if items.len() == len => Ok(items),
            Value::Array(items) => Err(Error::new(alloc::format!(
                "expected an array of {len}, found one of {}",
                items.len()
            ))),
            _ => Err(self.expected("an array")),
        }
    }

    /// The variant name and content of an externally tagged enum value, serde's default: a
    /// unit variant is its name (`"end"`), any other a one-member object
    /// (`{"join":{"code":…}}`).
    pub fn variant(&self) -> Result<(&str, Option<&Value>), Error> {
        match self {
            Value::String(name) => Ok((name, None)),
            Value::Object(o) if o.members.len() == 1 => {
                let (name, content) = &o.members[0];
                Ok((name, Some(content)))
            }
            _ => Err(self.expected("a variant name or an object with one member")),
        }
    }
}

#[inline(never)]
fn missing(key: &str) -> Error {
    Error::new(alloc::format!("missing field `{key}`"))
}

/// A unit variant's content: none, or `null` (serde_json reads `{"end":null}` too).
pub fn unit(content: Option<&Value>) -> Result<(), Error> {
    match content {
        None | Some(Value::Null) => Ok(()),
        Some(v) => Err(v.expected("nothing after a variant without fields")),
    }
}

/// A variant's content, which a variant with fields must have.
pub fn content(content: Option<&Value>) -> Result<&Value, Error> {
    content.ok_or_else(|| Error::new("expected the variant's fields after its name"))
}

impl Object {
    /// The value of member `key`, if there is one.
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Field `key` read as a `T`; an error inside it names the field.
    pub fn field<T: FromJson>(&self, key: &str) -> Result<T, Error> {
        match self.get(key) {
            Some(v) => T::from_json(v).map_err(|e| e.within(key)),
            None => T::absent().ok_or_else(|| missing(key)),
        }
    }

    /// Field `key` read by `read` (serde's `with`); an error inside it names the field.
    pub fn field_with<T>(
        &self,
        key: &str,
        read: fn(&Value) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let v = self.get(key).ok_or_else(|| missing(key))?;
        read(v).map_err(|e| e.within(key))
    }

    pub fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A variant name the type does not have, named with those it has (serde's message).
pub fn unknown_variant(name: &str, known: &[&str]) -> Error {
    let mut message = alloc::format!("unknown variant `{name}`, ");
    match known {
        [] => message.push_str("there are no variants"),
        [one] => message.push_str(&alloc::format!("expected `{one}`")),
        [a, b] => message.push_str(&alloc::format!("expected `{a}` or `{b}`")),
        _ => {
            message.push_str("expected one of ");
            for (i, k) in known.iter().enumerate() {
                if i > 0 {
                    message.push_str(", ");
                }
                message.push_str(&alloc::format!("`{k}`"));
            }
        }
    }
    Error::new(message)
}

/// Element `index` of a tuple read as a `T`; an error inside it names the element.
pub fn element<T: FromJson>(items: &[Value], index: usize) -> Result<T, Error> {
    T::from_json(&items[index]).map_err(|e| e.at_index(index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_str;
    use alloc::string::ToString;

    #[test]
    fn a_missing_field_is_named_and_a_missing_option_is_none() {
        let v: Value = from_str(r#"{"a":1}"#).unwrap();
        let o = v.object().unwrap();
        assert_eq!(o.field::<u32>("a"), Ok(1));
        assert_eq!(o.field::<Option<u32>>("b"), Ok(None));
        assert_eq!(
            o.field::<u32>("b").unwrap_err().to_string(),
            "missing field `b`"
        );
        assert_eq!(
            o.field::<String>("a").unwrap_err().to_string(),
            "expected a string, found an integer (at `a`)"
        );
    }

    #[test]
    fn variants_are_a_name_or_a_one_member_object() {
        let v: Value = from_str(r#""end""#).unwrap();
        assert_eq!(v.variant().unwrap(), ("end", None));
        let v: Value = from_str(r#"{"seat":{"node":3}}"#).unwrap();
        let (name, body) = v.variant().unwrap();
        assert_eq!(name, "seat");
        assert!(content(body).unwrap().object().is_ok());
        let v: Value = from_str(r#"{"a":1,"b":2}"#).unwrap();
        assert!(v.variant().is_err());
        assert_eq!(unit(Some(&Value::Null)), Ok(()));
        assert!(unit(Some(&Value::Bool(true))).is_err());
        assert!(content(None).is_err());
    }

    #[test]
    fn a_tuple_must_have_its_length() {
        let v: Value = from_str("[1,2]").unwrap();
        assert_eq!(v.tuple(2).unwrap().len(), 2);
        assert_eq!(
            v.tuple(3).unwrap_err().to_string(),
            "expected an array of 3, found one of 2"
        );
        assert_eq!(
            element::<String>(v.tuple(2).unwrap(), 1)
                .unwrap_err()
                .to_string(),
            "expected a string, found an integer (at `[1]`)"
        );
    }
}
