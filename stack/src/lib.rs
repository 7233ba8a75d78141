//! The TCP/IP Animated engine: the referee of the game.
//!
//! Pure and deterministic: no I/O, no clock, no global RNG. The caller passes the time
//! ([`time::Instant`]) and a seeded [`rng::Rng`], so the same actions always produce the
//! same events and a game is a replayable log of actions. It runs in the browser (WASM) and
//! in the classroom server (native).
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod addr;
pub(crate) mod balancer;
pub mod bot;
pub mod card;
pub mod check;
mod decimal;
pub mod dns_bot;
pub mod fault;
pub mod host;
pub mod rng;
pub mod route;
pub mod scenario;
pub mod score;
pub mod segment;
pub mod seq;
pub mod sorted;
pub mod sums;
pub mod tcp;
pub mod text;
pub mod time;
pub mod wire;
pub mod world;
