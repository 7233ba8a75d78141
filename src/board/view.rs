//! The part of the board on screen: the whole picture fitted to its box, or a zoomed window
//! of it a person moved around (zoom buttons, dragging). Pure maths on the board's size, so
//! the clamping is tested natively; the component only writes the `viewBox`.

use leptos::prelude::*;

use crate::slot::Slot;

/// The closest zoom: one tile of a 50-team board fills a laptop's screen.
pub const MAX_ZOOM: f64 = 8.0;
/// What the top bar, the tabs and the zoom buttons take of the screen's height (12.5rem,
/// as `board.css` leaves for them).
const BARS_PX: f64 = 200.0;
/// One press of a zoom button.
pub const ZOOM_STEP: f64 = 1.5;

/// A window on the board: how much it is magnified and where its centre is, as fractions
/// of the board's width and height (so it survives a change of layout).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewWindow {
    pub zoom: f64,
    pub cx: f64,
    pub cy: f64,
}

impl ViewWindow {
    /// The whole board, fitted to its box.
    pub const FIT: ViewWindow = ViewWindow {
        zoom: 1.0,
        cx: 0.5,
        cy: 0.5,
    };

    /// The window magnified `by` times (below 1: less), kept between the whole board and
    /// [`MAX_ZOOM`] and inside the board.
    pub fn zoomed(self, by: f64) -> ViewWindow {
        let zoom = if by.is_finite() { self.zoom * by } else { 1.0 };
        ViewWindow {
            zoom: zoom.clamp(1.0, MAX_ZOOM),
            ..self
        }
        .inside()
    }

    /// The window moved by a fraction of the board's width and height, kept inside it.
    pub fn panned(self, dx: f64, dy: f64) -> ViewWindow {
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        ViewWindow {
            cx: self.cx + finite(dx),
            cy: self.cy + finite(dy),
            ..self
        }
        .inside()
    }

    /// Its centre moved so the window does not leave the board.
    fn inside(self) -> ViewWindow {
        let half = 0.5 / self.zoom;
        ViewWindow {
            cx: self.cx.clamp(half, 1.0 - half),
            cy: self.cy.clamp(half, 1.0 - half),
            ..self
        }
    }

    /// The `viewBox` (x, y, width, height) of this window on a board of `w` × `h` units.
    pub fn view_box(self, w: f64, h: f64) -> (f64, f64, f64, f64) {
        let (vw, vh) = (w / self.zoom, h / self.zoom);
        (self.cx * w - vw / 2.0, self.cy * h - vh / 2.0, vw, vh)
    }

    pub fn is_fit(self) -> bool {
        self.zoom <= 1.0
    }
}

/// The page's width over its height, kept up to date as the window is resized: the tiles
/// of a large board are laid out in as many columns as suit the screen (a phone gets few
/// and tall, a projector many and wide).
pub fn screen_aspect() -> Slot<f64> {
    let read = || {
        web_sys::window()
            .and_then(|w| {
                let width = w.inner_width().ok()?.as_f64()?;
                // The board's box is the screen under the app's bars (`board.css`).
                let height = w.inner_height().ok()?.as_f64()?;
                let height = (height - BARS_PX).max(height / 3.0);
                // Rounded, so resizing by a few pixels does not lay the board out again.
                (height > 0.0).then(|| (width / height * 8.0).round() / 8.0)
            })
            .unwrap_or(16.0 / 9.0)
    };
    let aspect = Slot::new(read());
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        let now = read();
        if aspect.get_untracked() != now {
            aspect.set(now);
        }
    });
    on_cleanup(move || handle.remove());
    aspect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fitted_board_shows_everything() {
        assert_eq!(
            ViewWindow::FIT.view_box(400.0, 200.0),
            (0.0, 0.0, 400.0, 200.0)
        );
        assert!(ViewWindow::FIT.is_fit());
        assert_eq!(
            ViewWindow::FIT.zoomed(0.5),
            ViewWindow::FIT,
            "never less than all"
        );
        assert_eq!(
            ViewWindow::FIT.panned(0.3, -0.2),
            ViewWindow::FIT,
            "nothing to pan"
        );
    }

    #[test]
    fn a_zoomed_window_stays_on_the_board() {
        let w = ViewWindow::FIT.zoomed(2.0);
        assert_eq!(w.view_box(400.0, 200.0), (100.0, 50.0, 200.0, 100.0));
        let right = w.panned(1.0, 0.0);
        assert_eq!(right.view_box(400.0, 200.0), (200.0, 50.0, 200.0, 100.0));
        let corner = w.panned(-5.0, -5.0);
        assert_eq!(corner.view_box(400.0, 200.0), (0.0, 0.0, 200.0, 100.0));
        assert_eq!(w.zoomed(100.0).zoom, MAX_ZOOM);
        // Zooming out near an edge brings the window back inside.
        let out = w.zoomed(8.0).panned(1.0, 1.0).zoomed(0.125);
        assert_eq!(out, ViewWindow::FIT);
        assert_eq!(w.zoomed(f64::NAN), ViewWindow::FIT);
        assert_eq!(w.panned(f64::NAN, f64::INFINITY), w);
    }
}
