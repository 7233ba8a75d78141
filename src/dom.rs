//! Small helpers on the page itself that several views share, so that no view has to
//! import another view for them.

/// Moves keyboard focus to the element with `id`, if it is on the page.
pub(crate) fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Calls `tick` every `ms` milliseconds for as long as the calling component (its reactive
/// owner) lives: the interval is kept by the owner and cancelled when it is dropped with it.
pub(crate) fn every(ms: u32, tick: impl FnMut() + 'static) {
    let interval = gloo_timers::callback::Interval::new(ms, tick);
    // Kept, not read: dropping the stored value (with its owner) cancels the interval.
    let _ = leptos::prelude::StoredValue::new_local(interval);
}

/// Calls `then` once, `ms` milliseconds from now, whatever happens to the caller.
pub(crate) fn after(ms: u32, then: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(ms, then).forget();
}

/// The page's address after `#` (`#print`, `#guide`, `#projector`), kept up to date as it
/// changes.
pub(crate) fn hash_signal() -> crate::slot::Slot<String> {
    use leptos::prelude::*;
    let read = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    };
    let hash = crate::slot::Slot::new(read());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| hash.set(read()));
    on_cleanup(move || handle.remove());
    hash
}

/// Loads another page at `href` (relative to this one), leaving this one out of the
/// history: the way back would only bring the person here again.
pub(crate) fn go_to(href: &str) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.replace(href);
    }
}
