//! [`Derived`]: Leptos's `Memo` whose code the page carries once.
//!
//! A `Memo<T>` brings its own copy of the reactive graph's memo code for every `T` (its
//! creation, its update check, its readers: about 1.7 KB of wasm a type). Here every derived value is one `Memo` of a shared, type-erased value, compared
//! through a vtable; the typed part only boxes the function and reads the value back
//! (the bundle budget, docs/bundle.md). The behaviour is `Memo`'s: the value is computed
//! lazily, kept, and its readers are notified only when a new value differs from the old one.

// The one place the Leptos type is used (clippy.toml).
#![allow(clippy::disallowed_types)]

use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

use leptos::prelude::*;

/// A value of any type, comparable with another of the same type.
trait Value: Any + Send + Sync {
    fn same(&self, other: &dyn Value) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl<T: PartialEq + Send + Sync + 'static> Value for T {
    fn same(&self, other: &dyn Value) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[derive(Clone)]
struct Shared(Arc<dyn Value>);

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        self.0.same(&*other.0)
    }
}

type Compute = Box<dyn Fn() -> Shared + Send + Sync>;

/// A value computed from signals, kept until they change, that notifies its readers only
/// when it changes. `Copy`, like a `Memo`.
pub struct Derived<T> {
    memo: Memo<Shared>,
    of: PhantomData<fn() -> T>,
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Derived<T> {}

impl<T: PartialEq + Send + Sync + 'static> Derived<T> {
    pub fn new(compute: impl Fn() -> T + Send + Sync + 'static) -> Derived<T> {
        Derived {
            memo: memo(Box::new(move || Shared(Arc::new(compute())))),
            of: PhantomData,
        }
    }

    /// Reads the value, subscribing the reader.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.memo.with(|shared| read(typed(shared)))
    }

    /// Reads the value without subscribing the reader.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.memo.with_untracked(|shared| read(typed(shared)))
    }

    /// As [`Derived::with_untracked`], or `None` once the value's owner is gone (a frame
    /// callback that outlives its view).
    pub fn try_with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        self.memo.try_with_untracked(|shared| read(typed(shared)))
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Derived<T> {
    /// A copy of the value, subscribing the reader.
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    /// A copy of the value, without subscribing the reader.
    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

/// The one `Memo` constructor of the page: not generic, so its closure is one type and the
/// memo's code is instantiated once, whatever `T` the [`Derived`] reads back.
fn memo(compute: Compute) -> Memo<Shared> {
    Memo::new(move |_| compute())
}

/// The value a [`Derived<T>`] keeps: always a `T`, since only [`Derived::new`] makes one.
fn typed<T: 'static>(shared: &Shared) -> &T {
    shared
        .0
        .as_any()
        .downcast_ref()
        .expect("a Derived<T> keeps only T values")
}
