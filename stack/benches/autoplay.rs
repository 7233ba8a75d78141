//! Engine throughput for a big classroom: 50 teams (seed 000's "100-player sessions" and
//! more) autoplay the original game to the end, bots on every seat; then the game extended
//! with rounds 8 to 10, the next steps the session named and its DNS (round 10 brings the
//! game's DNS server: the 50 teams' questions all go to it); then with round 11 too, the
//! load balancer, whose one seat tunnels the 50 teams' connections to their 50 servers.
//!
//! Run with `cargo bench -p tcpip-stack --bench autoplay`; it prints the wall time of each
//! run, the events per second and the game time the bots needed.

use std::time::Instant as Wall;

use tcpip_stack::addr::Prefix;
use tcpip_stack::scenario::{Backbone, Scenario, TeamSpec};
use tcpip_stack::score::Goal;
use tcpip_stack::time::Instant;
use tcpip_stack::world::World;

/// The original scenario with its teams replaced by `n` generated ones (10.0.i.0/24, two
/// clients each), linked in a ring on the backbone.
fn big(n: usize) -> Scenario {
    let mut s = Scenario::original();
    let template = s.teams[0].clone();
    s.teams = (0..n)
        .map(|i| TeamSpec {
            name: format!("Team {i}"),
            lan: Prefix::new(std::net::Ipv4Addr::new(10, 0, i as u8 + 1, 0), 24),
            clients: vec![format!("Client {i}a"), format!("Client {i}b")],
            ..template.clone()
        })
        .collect();
    s.backbone = Some(Backbone {
        prefix: "192.168.0.0/24".parse().expect("prefix"),
        links: (0..n)
            .map(|i| (format!("Team {i}"), format!("Team {}", (i + 1) % n)))
            .collect(),
    });
    s.faults.clear();
    s
}

fn main() {
    let original = big(50);
    // Round 10 brings the game's DNS server and round 11 its load balancer, with the 50
    // teams' servers behind it (`Scenario::with_rounds`).
    let next = [Goal::Retransmit, Goal::Nagle, Goal::Resolve];
    let extended = original.with_rounds(&[Goal::ALL.as_slice(), &next].concat());
    let balanced = original.with_rounds(&[Goal::ALL.as_slice(), &Goal::NEXT].concat());
    let games = [
        ("original", original),
        ("extended", extended),
        ("with the balancer", balanced),
    ];
    for (game, scenario) in games {
        for run in 1..=3 {
            let started = Wall::now();
            let mut world = World::new(&scenario).expect("the generated scenario builds");
            while let Some(t) = world.next_due() {
                if world.finished() || t > Instant::from_secs(3600) {
                    break;
                }
                world.advance(t);
            }
            let wall = started.elapsed();
            let events = world.log().len();
            println!(
                "{game}, run {run}: 50 teams, {} rounds, {events} events in {:.3} s ({:.0} events/s), game time {}, finished: {}",
                scenario.goals.len(),
                wall.as_secs_f64(),
                events as f64 / wall.as_secs_f64().max(1e-9),
                world.now(),
                world.finished()
            );
        }
    }
}
