use super::*;
use crate::scenario::ScenarioError;
use crate::world::{NodeKind, World};

const TWO_LANS: &str = r#"name = "Balanced"
goals = ["handshake", "balance"]

[[teams]]
name = "Red"
lan = "10.0.1.0/24"
clients = ["Alice"]
routes = [{ prefix = "10.0.2.0/24", via = "Blue" }]

[[teams]]
name = "Blue"
lan = "10.0.2.0/24"
clients = ["Bob"]
routes = [{ prefix = "10.0.1.0/24", via = "Red" }]

[backbone]
prefix = "192.168.0.0/24"
links = [["Red", "Blue"]]
"#;

fn with_balancer(table: &str) -> String {
    format!("{TWO_LANS}\n[balancer]\n{table}")
}

fn errors(text: &str) -> Vec<ScenarioError> {
    Scenario::from_toml(text).expect_err("the file must be refused")
}

/// The one error of `table`, on `field` at `line`, saying `words`.
fn single_error(table: &str, line: usize, field: &str, words: &str) {
    let errs = errors(&with_balancer(table));
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!((e.line, e.field.as_str()), (Some(line), field), "{e}");
    assert!(e.message.contains(words), "{e}");
}

/// A `[balancer]` table puts one balancer at .80 of the first LAN, after the teams, and
/// the backends' servers serve the VIP; written back, the table reads the same.
#[test]
fn a_balancer_sits_at_80_after_the_teams_and_round_trips() {
    let text = with_balancer("vip = \"10.0.1.100\"\nbackends = [\"Red\", \"Blue\"]");
    let s = Scenario::from_toml(&text).expect("valid");
    let lb = s.balancer.clone().expect("a balancer");
    assert_eq!(lb.vip, Ipv4Addr::new(10, 0, 1, 100));
    assert_eq!(lb.backends, ["Red", "Blue"]);
    assert_eq!(
        BalancerSpec::addr(&s.teams),
        Some(Ipv4Addr::new(10, 0, 1, 80))
    );
    assert_eq!(Scenario::from_toml(&s.to_toml()), Ok(s.clone()));
    let w = World::new(&s).expect("builds");
    let id = w.balancer().expect("a balancer node");
    let view = w.node_view(id).expect("its view");
    assert_eq!(
        (view.kind, view.name.as_str(), view.addr),
        (NodeKind::Balancer, "Balancer", Ipv4Addr::new(10, 0, 1, 80))
    );
    assert_eq!(usize::from(id.0), w.nodes().len() - 1, "the last node");
    let lb = w.balancer_view(id);
    let backends: Vec<&str> = lb.backends.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(backends, ["Red server", "Blue server"]);
    assert_eq!(lb.vip, Some(Ipv4Addr::new(10, 0, 1, 100)));
}

/// Every field of the table is checked with its line: the VIP inside the first LAN and
/// nobody's address, two backends or more, each a team named once.
#[test]
fn every_balancer_mistake_names_its_field_and_line() {
    let backends = "backends = [\"Red\", \"Blue\"]";
    // The table starts on line 20 of the file.
    single_error(
        &format!("vip = \"10.0.2.100\"\n{backends}"),
        21,
        "balancer.vip",
        "not in the first team's LAN 10.0.1.0/24",
    );
    single_error(
        &format!("vip = \"10.0.1.1\"\n{backends}"),
        21,
        "balancer.vip",
        "already team Red's server's address",
    );
    single_error(
        &format!("vip = \"10.0.1.80\"\n{backends}"),
        21,
        "balancer.vip",
        "already the balancer's address",
    );
    single_error(
        &format!("vip = \"10.0.1.255\"\n{backends}"),
        21,
        "balancer.vip",
        "broadcast",
    );
    single_error(
        "vip = \"10.0.1.100\"\nbackends = [\"Red\"]",
        22,
        "balancer.backends",
        "1 backend is not balancing",
    );
    single_error(
        "vip = \"10.0.1.100\"\nbackends = [\"Red\", \"Green\"]",
        22,
        "balancer.backends[1]",
        "\"Green\" is not a team",
    );
    single_error(
        "vip = \"10.0.1.100\"\nbackends = [\"Red\", \"Blue\", \"Red\"]",
        22,
        "balancer.backends[2]",
        "Red is named twice",
    );
    // Without a readable VIP there is no balancer, which round 11 also says.
    for (table, line, words) in [
        (
            format!("vip = \"ten\"\n{backends}"),
            21,
            "not an IPv4 address",
        ),
        (String::from(backends), 20, "needs its service address"),
    ] {
        let errs = errors(&with_balancer(&table));
        assert!(
            errs.iter().any(|e| e.line == Some(line)
                && e.field == "balancer.vip"
                && e.message.contains(words)),
            "{errs:?}"
        );
    }
}

/// Round 11 needs a balancer to connect to.
#[test]
fn round_11_without_a_balancer_is_refused() {
    let errs = errors(TWO_LANS);
    assert!(
        errs.iter()
            .any(|e| e.field == "goals" && e.message.contains("balance needs a load balancer")),
        "{errs:?}"
    );
}
