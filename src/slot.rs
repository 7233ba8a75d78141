//! [`Slot`]: Leptos's `RwSignal` whose code the page carries once.
//!
//! An `RwSignal<T>` brings its own copy of the reactive graph's signal code for every `T`
//! (its storage, locks, readers and writers: about 0.8 KB of wasm a type). Here every piece
//! of state is one `RwSignal` of a boxed value of any type; the typed part only boxes a new
//! value and reads it back (the bundle budget, docs/bundle.md). The behaviour is
//! `RwSignal`'s: reading subscribes, every write notifies.

// The one place the Leptos type is used (clippy.toml).
#![allow(clippy::disallowed_types)]

use std::any::Any;
use std::marker::PhantomData;

use leptos::prelude::*;

type Boxed = Box<dyn Any + Send + Sync>;

/// A value that views read and write, and that re-runs its readers when written. `Copy`,
/// like an `RwSignal`.
pub struct Slot<T> {
    signal: RwSignal<Boxed>,
    of: PhantomData<fn() -> T>,
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slot<T> {}

impl<T: Send + Sync + 'static> Slot<T> {
    pub fn new(value: T) -> Slot<T> {
        Slot {
            signal: RwSignal::new(Box::new(value)),
            of: PhantomData,
        }
    }

    /// Reads the value, subscribing the reader.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.signal.with(|boxed| read(typed(boxed)))
    }

    /// Reads the value without subscribing the reader.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.signal.with_untracked(|boxed| read(typed(boxed)))
    }

    /// As [`Slot::with_untracked`], or `None` once the value's owner is gone (a timer or
    /// frame callback that outlives its view).
    pub fn try_with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        self.signal.try_with_untracked(|boxed| read(typed(boxed)))
    }

    /// Replaces the value and notifies its readers.
    pub fn set(&self, value: T) {
        self.signal.set(Box::new(value));
    }

    /// Changes the value in place and notifies its readers.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        self.signal.update(|boxed| {
            if let Some(value) = boxed.downcast_mut() {
                change(value);
            }
        });
    }

    /// Subscribes the reader without reading.
    pub fn track(&self) {
        self.signal.track();
    }
}

impl<T: Clone + Send + Sync + 'static> Slot<T> {
    /// A copy of the value, subscribing the reader.
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    /// A copy of the value, without subscribing the reader.
    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }

    /// As [`Slot::get_untracked`], or `None` once the value's owner is gone.
    pub fn try_get_untracked(&self) -> Option<T> {
        self.try_with_untracked(T::clone)
    }
}

impl<T> std::fmt::Debug for Slot<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Slot")
    }
}

/// The value a [`Slot<T>`] holds: always a `T`, since only [`Slot::new`] and
/// [`Slot::set`] put one in.
fn typed<T: 'static>(boxed: &Boxed) -> &T {
    boxed.downcast_ref().expect("a Slot<T> holds only T values")
}
