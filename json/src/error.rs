//! [`Error`]: what is wrong with a JSON text, and where.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// A text that is not JSON (with its line and column), or JSON that is not the expected
/// value (with the path of the field, e.g. `act.action.write.card.seq`).
///
/// Boxed, and made by functions that are never inlined: every field read returns a
/// `Result` with it, so a pointer-sized error that is built in one place keeps each of those
/// reads small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    reason: String,
    /// Innermost first: each enclosing object or array adds its part as the error leaves it.
    path: Vec<String>,
}

impl Error {
    /// An error with `reason` and no place yet.
    pub fn new(reason: impl ToString) -> Error {
        Error::from_reason(reason.to_string())
    }

    #[inline(never)]
    fn from_reason(reason: String) -> Error {
        Error(Box::new(Inner {
            reason,
            path: Vec::new(),
        }))
    }

    /// The error, inside the field `key` of an object.
    #[inline(never)]
    pub fn within(mut self, key: &str) -> Error {
        self.0.path.push(key.to_string());
        self
    }

    /// The error, inside element `index` of an array.
    #[inline(never)]
    pub fn at_index(mut self, index: usize) -> Error {
        self.0.path.push(alloc::format!("[{index}]"));
        self
    }

    /// What is wrong, without the place.
    pub fn reason(&self) -> &str {
        &self.0.reason
    }

    /// `a.b[2].c`: where in the value the error is (empty: the value itself).
    pub fn path(&self) -> String {
        let mut path = String::new();
        for part in self.0.path.iter().rev() {
            if !path.is_empty() && !part.starts_with('[') {
                path.push('.');
            }
            path.push_str(part);
        }
        path
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            f.write_str(&self.0.reason)
        } else {
            write!(f, "{} (at `{}`)", self.0.reason, self.path())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_reads_from_the_outside_in() {
        let e = Error::new("expected a number")
            .within("seq")
            .within("card")
            .at_index(3)
            .within("actions");
        assert_eq!(e.path(), "actions[3].card.seq");
        assert_eq!(
            e.to_string(),
            "expected a number (at `actions[3].card.seq`)"
        );
        assert_eq!(Error::new("empty").to_string(), "empty");
    }
}
