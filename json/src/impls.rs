//! [`ToJson`] and [`FromJson`] of the standard types, in serde_json's forms.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::value::element;
use crate::{Error, FromJson, ToJson, Value, Writer};

/// Integers are whole numbers in range; anything else is refused with the range.
macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            #[allow(unused_comparisons)]
            fn write_json(&self, w: &mut Writer) {
                if *self < 0 {
                    w.signed(*self as i64)
                } else {
                    w.unsigned(*self as u64)
                }
            }
        }

        impl FromJson for $t {
            fn from_json(v: &Value) -> Result<Self, Error> {
                let n = match *v {
                    Value::Unsigned(n) => <$t>::try_from(n).ok(),
                    Value::Negative(n) => <$t>::try_from(n).ok(),
                    _ => return Err(v.expected("an integer")),
                };
                n.ok_or_else(|| Error::new(alloc::format!(
                    "the number is out of range: expected {} to {}",
                    <$t>::MIN,
                    <$t>::MAX
                )))
            }
        }
    )*};
}

integers!(u8, u16, u32, u64, usize, i32, i64);

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl FromJson for bool {
    fn from_json(v: &Value) -> Result<Self, Error> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(v.expected("a boolean")),
        }
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, Error> {
        match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(v.expected("a string")),
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value) -> Result<Self, Error> {
        T::from_json(v).map(Box::new)
    }
}

/// `None` is `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(t) => t.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(None),
            _ => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for item in self {
            w.element(item);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, Error> {
        match v {
            Value::Array(items) => {
                let mut read = Vec::with_capacity(items.len());
                for i in 0..items.len() {
                    read.push(element(items, i)?);
                }
                Ok(read)
            }
            _ => Err(v.expected("an array")),
        }
    }
}

/// A pair is an array of two.
impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        w.element(&self.0);
        w.element(&self.1);
        w.end_array();
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Value) -> Result<Self, Error> {
        let items = v.tuple(2)?;
        Ok((element(items, 0)?, element(items, 1)?))
    }
}

/// An IPv4 address is its dotted text, as serde writes it for a human-readable format.
impl ToJson for core::net::Ipv4Addr {
    fn write_json(&self, w: &mut Writer) {
        w.string(&alloc::format!("{self}"));
    }
}

impl FromJson for core::net::Ipv4Addr {
    fn from_json(v: &Value) -> Result<Self, Error> {
        match v {
            Value::String(s) => s.parse().map_err(Error::new),
            _ => Err(v.expected("an IPv4 address")),
        }
    }
}

/// A value read as it is (the messages whose shape is checked by hand).
impl FromJson for Value {
    fn from_json(v: &Value) -> Result<Self, Error> {
        Ok(v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{from_str, to_string};
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn integers_are_refused_out_of_range_or_with_a_fraction() {
        assert_eq!(from_str::<u8>("255"), Ok(255));
        assert_eq!(
            from_str::<u8>("256").unwrap_err().to_string(),
            "the number is out of range: expected 0 to 255"
        );
        assert!(from_str::<u32>("-1").is_err());
        assert!(from_str::<u32>("-0").is_err());
        assert_eq!(from_str::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert!(from_str::<i64>("-9223372036854775809").is_err());
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(
            from_str::<u64>("18446744073709551616")
                .unwrap_err()
                .to_string(),
            "expected an integer, found a number with a fraction or exponent"
        );
        assert!(from_str::<u32>("1.0").is_err());
        assert!(from_str::<u32>("1e3").is_err());
        assert_eq!(to_string(&-5i32), "-5");
        assert_eq!(to_string(&0u8), "0");
    }

    #[test]
    fn options_vecs_boxes_and_pairs() {
        assert_eq!(to_string(&(Some(1u8), None::<u8>)), "[1,null]");
        assert_eq!(
            from_str::<(Option<u8>, Option<u8>)>("[1,null]"),
            Ok((Some(1), None))
        );
        assert_eq!(to_string(&vec![Box::new(true)]), "[true]");
        let addr = core::net::Ipv4Addr::new(10, 0, 1, 2);
        assert_eq!(to_string(&addr), r#""10.0.1.2""#);
        assert_eq!(from_str(r#""10.0.1.2""#), Ok(addr));
        assert_eq!(
            from_str::<core::net::Ipv4Addr>(r#""10.0.1""#)
                .unwrap_err()
                .to_string(),
            "invalid IPv4 address syntax"
        );
        assert_eq!(
            from_str::<Vec<String>>(r#"["a",1]"#)
                .unwrap_err()
                .to_string(),
            "expected a string, found an integer (at `[1]`)"
        );
    }
}
