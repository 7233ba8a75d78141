//! The room's one rule about seats that both sides apply: a seat a person sits at changes
//! hands only through the roster ([`crate::ToServer::Assign`]), never by a `SetSeat` action,
//! so that the roster and the seats never disagree (a bot given a student's seat would write
//! their cards for them; a person given it would share it). The server refuses such an
//! action; the browser says the same sentence at once, without a round trip.

use tcpip_stack::text::{Text, text};
use tcpip_stack::world::{Action, NodeId};

/// Why `action` may not be played, if it is a `SetSeat` on a seat where someone of
/// `people` (their names and seats) sits.
pub fn seat_taken<'a>(
    action: &Action,
    mut people: impl Iterator<Item = (&'a str, Option<NodeId>)>,
) -> Option<Text> {
    let Action::SetSeat { node, .. } = action else {
        return None;
    };
    let (who, _) = people.find(|(_, seat)| *seat == Some(*node))?;
    Some(text!(
        "seat: {who} sits at this seat; move them with the roster on the Instructor tab",
        "posto: qui siede {who}; spostalo da «Persone nella stanza» nella scheda Insegnante"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcpip_stack::world::Seat;

    #[test]
    fn a_persons_seat_changes_hands_only_through_the_roster() {
        let people = [("Teacher", None), ("Ada", Some(NodeId(3)))];
        let set = |node, seat| Action::SetSeat {
            node: NodeId(node),
            seat,
        };
        for seat in [Seat::Bot, Seat::Human] {
            let why = seat_taken(&set(3, seat), people.into_iter()).expect("Ada's seat is kept");
            assert!(why.en.starts_with("seat: Ada sits at this seat"), "{why}");
            assert!(
                why.it
                    .as_deref()
                    .is_some_and(|it| it.contains("qui siede Ada"))
            );
        }
        assert_eq!(seat_taken(&set(4, Seat::Bot), people.into_iter()), None);
        assert_eq!(
            seat_taken(&set(3, Seat::Bot), people[..1].iter().copied()),
            None
        );
        let hint = Action::RequestHint { node: NodeId(3) };
        assert_eq!(seat_taken(&hint, people.into_iter()), None);
    }
}
