//! The device's outbox of dose logs made while offline (or not yet confirmed), and how the
//! screens combine it with the last copy from the server. Nothing here is ever dropped
//! silently: an entry leaves the outbox when the server has it, or stays as a conflict.
use serde::{Deserialize, Serialize};

use super::{DoseLog, DoseLogInput};

/// One change waiting for the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", try_from = "super::wire::OpWire")]
pub enum Op {
    Log { input: DoseLogInput, at: i64, amount: f64 },
    Undo { id: String },
}

/// An outbox entry; `conflict` holds the server's reason once it refused the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub op: Op,
    pub conflict: Option<String>,
}

/// The outbox, oldest first: replayed in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub items: Vec<Pending>,
}

impl Outbox {
    /// Queues a log; `at` is the tap time, `amount` the dose at the time of the tap.
    pub fn log(&mut self, input: DoseLogInput, at: i64, amount: f64) {
        self.items.push(Pending { op: Op::Log { input, at, amount }, conflict: None });
    }

    /// Queues an undo. Undoing a log that never reached the server just takes it out.
    pub fn undo(&mut self, id: &str) {
        let before = self.items.len();
        self.items.retain(|p| !matches!(&p.op, Op::Log { input, .. } if input.id == id && p.conflict.is_none()));
        if self.items.len() == before {
            self.items.push(Pending { op: Op::Undo { id: id.to_string() }, conflict: None });
        }
    }

    /// Entries still to send (conflicts wait for the member).
    pub fn sendable(&self) -> impl Iterator<Item = (usize, &Pending)> {
        self.items.iter().enumerate().filter(|(_, p)| p.conflict.is_none())
    }

    pub fn unsent(&self) -> usize {
        self.items.iter().filter(|p| p.conflict.is_none()).count()
    }

    pub fn conflicts(&self) -> impl Iterator<Item = (usize, &Pending)> {
        self.items.iter().enumerate().filter(|(_, p)| p.conflict.is_some())
    }

    /// Ids of logs that are queued and not yet on the server.
    pub fn is_pending(&self, log_id: &str) -> bool {
        self.items.iter().any(|p| p.conflict.is_none() && matches!(&p.op, Op::Log { input, .. } if input.id == log_id))
    }

    /// The server's logs with this outbox applied: queued undos removed, queued logs added.
    pub fn merged(&self, server: &[DoseLog]) -> Vec<DoseLog> {
        let mut logs: Vec<DoseLog> = server.to_vec();
        for p in self.items.iter().filter(|p| p.conflict.is_none()) {
            match &p.op {
                Op::Undo { id } => logs.retain(|l| l.id != *id),
                Op::Log { input, at, amount } => {
                    if !logs.iter().any(|l| l.id == input.id) {
                        logs.push(DoseLog {
                            id: input.id.clone(),
                            medication_id: input.medication_id.clone(),
                            scheduled_at: input.scheduled_at,
                            action: input.action,
                            at: *at,
                            amount: *amount,
                        });
                    }
                }
            }
        }
        logs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::DoseAction;

    fn input(id: &str, action: DoseAction) -> DoseLogInput {
        DoseLogInput {
            id: id.into(),
            medication_id: "m".into(),
            scheduled_at: Some(100),
            action,
            at: Some(110),
            amount: None,
        }
    }

    fn server_log(id: &str) -> DoseLog {
        DoseLog {
            id: id.into(),
            medication_id: "m".into(),
            scheduled_at: Some(50),
            action: DoseAction::Taken,
            at: 55,
            amount: 1.0,
        }
    }

    #[test]
    fn queued_logs_show_as_pending_on_top_of_the_servers() {
        let mut o = Outbox::default();
        o.log(input("a", DoseAction::Taken), 110, 1.0);
        let merged = o.merged(&[server_log("s")]);
        assert_eq!(merged.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["s", "a"]);
        assert!(o.is_pending("a") && !o.is_pending("s"));
        assert_eq!(o.unsent(), 1);
    }

    #[test]
    fn once_the_server_has_a_log_it_is_not_shown_twice() {
        let mut o = Outbox::default();
        o.log(input("s", DoseAction::Taken), 55, 1.0);
        assert_eq!(o.merged(&[server_log("s")]).len(), 1);
    }

    #[test]
    fn undoing_an_unsent_log_removes_it_and_sends_nothing() {
        let mut o = Outbox::default();
        o.log(input("a", DoseAction::Taken), 110, 1.0);
        o.undo("a");
        assert!(o.items.is_empty());
    }

    #[test]
    fn undoing_a_synced_log_queues_an_undo_that_hides_it() {
        let mut o = Outbox::default();
        o.undo("s");
        assert_eq!(o.items[0].op, Op::Undo { id: "s".into() });
        assert!(o.merged(&[server_log("s")]).is_empty());
    }

    #[test]
    fn conflicts_stay_in_the_outbox_but_are_not_resent_or_shown_as_logs() {
        let mut o = Outbox::default();
        o.log(input("a", DoseAction::Skipped), 110, 1.0);
        o.items[0].conflict = Some("this dose was already recorded as taken".into());
        assert_eq!(o.sendable().count(), 0);
        assert_eq!(o.conflicts().count(), 1);
        assert!(o.merged(&[]).is_empty());
        // An undo of a conflicting log is a real undo of whatever the server has.
        o.undo("a");
        assert_eq!(o.items.len(), 2);
    }

    #[test]
    fn the_outbox_survives_a_round_trip_through_storage() {
        let mut o = Outbox::default();
        o.log(input("a", DoseAction::Taken), 110, 1.0);
        o.undo("s");
        let back: Outbox = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }
}
