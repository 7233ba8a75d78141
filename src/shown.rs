//! [`shown`] and [`shown_or`]: Leptos's `<Show>` at a fraction of its size in the page.
//!
//! `<Show>` is generic over its condition and its children, so each use ships its own memo,
//! its own `Either` renderer and its own closures (about 2 KB of wasm a use). Here
//! the generic part only boxes the closures; one non-generic function holds the memo and the
//! renderer for every use (the bundle budget, docs/bundle.md). The behaviour is `<Show>`'s: the
//! condition is memoised, and the children are rebuilt when it flips.

use leptos::prelude::*;

use crate::derived::Derived;

type When = Box<dyn Fn() -> bool + Send + Sync>;
type Part = Box<dyn Fn() -> AnyView + Send + Sync>;

/// `children` while `when` holds, nothing otherwise.
pub fn shown<V: IntoAny + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
) -> AnyView {
    shown_or(when, children, || ())
}

/// `children` while `when` holds, `fallback` otherwise.
pub fn shown_or<V: IntoAny + 'static, F: IntoAny + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
    fallback: impl Fn() -> F + Send + Sync + 'static,
) -> AnyView {
    switch(
        Box::new(when),
        Box::new(move || children().into_any()),
        Box::new(move || fallback().into_any()),
    )
}

fn switch(when: When, children: Part, fallback: Part) -> AnyView {
    let on = Derived::new(when);
    (move || if on.get() { children() } else { fallback() }).into_any()
}
