//! [`keyed`]: a keyed list (Leptos's `<For>`) whose code the page carries once.
//!
//! `<For>` is generic over its items, keys and children, so each use ships its own keyed
//! diff (about 8 KB of wasm a use). Here each use turns its items into [`Row`]s, a key and
//! a boxed view, and one `<For>` over rows draws them all (the bundle budget, docs/bundle.md). As with
//! `<For>`, a row whose key stays is kept on the page as it is (its focus, its open
//! details, a card glyph the animation moves), a new key is drawn, and a key that is gone
//! is removed.

use std::sync::Arc;

use leptos::prelude::*;

type Draw = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// One row of a keyed list: the key that tells it from the others, and how to draw it.
#[derive(Clone)]
pub struct Row {
    key: String,
    draw: Draw,
}

impl Row {
    /// A row drawn by `draw` under `key`. Keys must differ between the rows of one list.
    pub fn new<V: IntoAny + 'static>(
        key: String,
        draw: impl Fn() -> V + Send + Sync + 'static,
    ) -> Row {
        Row {
            key,
            draw: Arc::new(move || draw().into_any()),
        }
    }
}

/// The rows `rows` gives, kept by key as they change.
pub fn keyed(rows: impl Fn() -> Vec<Row> + Send + Sync + 'static) -> AnyView {
    draw_rows(Box::new(rows))
}

fn draw_rows(rows: Box<dyn Fn() -> Vec<Row> + Send + Sync>) -> AnyView {
    view! { <For each=move || rows() key=|r: &Row| r.key.clone() children=|r: Row| (r.draw)() /> }
        .into_any()
}
