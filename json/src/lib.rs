//! serde's JSON for the game's types, in a fraction of serde's code.
//!
//! The browser reads and writes JSON in three places: the classroom messages, the saved game
//! in `localStorage`, and the game log it exports. With serde, every type on those paths
//! carries serde's derived visitors and serializers, a tenth of the page's gzipped size. Here
//! a text is read once into a [`Value`] tree, and each type is read from the tree by a few
//! lines [`Json`] derives; writing goes straight to a string through one non-generic
//! [`Writer`]. Measured on the release page (the bundle budget, docs/bundle.md): 450.2 → 422.0 KB
//! gzipped.
//!
//! The text is exactly serde_json's for the same type with serde's derives (externally
//! tagged enums, `Option` as `null`, newtype structs as their content, the same escapes), so
//! the browser and the classroom server (which keeps serde) understand each other, and a
//! game saved by an older page still loads. To keep one source of truth, [`Json`] reads
//! serde's own attributes (`rename_all`, `with`, `skip`, `default`, `try_from`/`into`) and
//! refuses any other at compile time. The tests of the crates that use it compare both
//! texts on whole played games.

#![no_std]

extern crate alloc;
// The derive names the crate `::tcpip_json`, also in this crate's own tests.
#[cfg(test)]
extern crate self as tcpip_json;

mod error;
mod impls;
mod read;
mod value;
mod write;

pub use error::Error;
pub use tcpip_json_derive::{Json, ToJson};
pub use value::{Object, Value, content, element, unit, unknown_variant};
pub use write::Writer;

use alloc::string::String;

/// A type written as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);
}

/// A type read from JSON.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Result<Self, Error>;

    /// The value of a field missing from its object; `None` when the field is required.
    /// serde's derive reads a missing `Option` field as `None`; so does this.
    fn absent() -> Option<Self> {
        None
    }
}

/// `value` as compact JSON text (serde_json's `to_string`).
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = Writer::new();
    value.write_json(&mut w);
    w.finish()
}

/// The `T` written in `text`; the error names the place in the text or the field that is
/// wrong.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    T::from_json(&parse(text)?)
}

/// The value written in `text`, for reading more than one type from it.
pub fn parse(text: &str) -> Result<Value, Error> {
    read::parse(text)
}
