//! A scenario that a teacher's page sends to open a room ([`crate::ToServer::Create`]) or
//! saves ([`crate::SavedGame`]) is written as its file, the TOML text
//! [`Scenario::to_toml`] makes, and read back with [`Scenario::from_toml`]: for serde's
//! `#[serde(with = "crate::scenario_text")]`.
//!
//! Why the file there: the whole game reads scenario files anyway, and the server checks a
//! room's scenario with the same reader and the same messages an instructor sees in the
//! set-up (and the golden saved games stay byte for byte as they were). What a room sends a
//! newcomer ([`crate::Snapshot`]) is serde's own form instead, so a student's page never
//! reads a file. The classroom server's room records keep the field-by-field form, so the
//! logs of rooms opened before still restore.

use serde::{Deserialize, Deserializer, Serializer};
use tcpip_stack::scenario::Scenario;

pub fn serialize<S: Serializer>(scenario: &Scenario, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&scenario.to_toml())
}

/// The scenario in the text; a text that is not a valid scenario is refused with every
/// problem [`Scenario::from_toml`] names.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Scenario, D::Error> {
    let text = String::deserialize(deserializer)?;
    from_text(&text).map_err(serde::de::Error::custom)
}

fn from_text(text: &str) -> Result<Scenario, String> {
    Scenario::from_toml(text).map_err(|errors| {
        let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the scenario in it is not valid: {}", problems.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use crate::msg::ToServer;

    /// The scenario travels as the file an instructor would write.
    #[test]
    fn a_scenario_is_sent_as_its_file() {
        let scenario = tcpip_stack::scenario::Scenario::original();
        let json = serde_json::to_string(&ToServer::Create {
            scenario: scenario.clone(),
        })
        .expect("written");
        let text = scenario.to_toml();
        let sent: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(sent["create"]["scenario"], serde_json::Value::String(text));
        let back: ToServer = serde_json::from_str(&json).expect("read");
        assert_eq!(back, ToServer::Create { scenario });
    }

    #[test]
    fn a_broken_scenario_is_refused_with_its_problems() {
        let json = r#"{"create":{"scenario":"name = \"x\"\n[[teams]]\nname = \"Red\"\n"}}"#;
        let e = serde_json::from_str::<ToServer>(json).expect_err("no LAN");
        let message = e.to_string();
        assert!(
            message.contains("the scenario in it is not valid"),
            "{message}"
        );
        assert!(message.contains("teams[0].lan"), "{message}");
    }
}
