//! A shared "stop now" switch with the reason: set by a signal, the time
//! limit or an unresponsive endpoint, seen by every request in flight.

use std::sync::Arc;
use tokio::sync::watch;

/// Once stopped, every request of the clients that share it fails at once
/// (pending ones included) with [`super::TransportError::Stopped`].
#[derive(Debug, Clone)]
pub struct Stop(Arc<watch::Sender<Option<String>>>);

impl Default for Stop {
    fn default() -> Stop {
        Stop(Arc::new(watch::Sender::new(None)))
    }
}

impl Stop {
    /// A switch that is not set.
    pub fn new() -> Stop {
        Stop::default()
    }

    /// Sets the switch; the first reason given is kept.
    pub fn stop(&self, reason: impl Into<String>) {
        let reason = reason.into();
        self.0.send_if_modified(|r| {
            if r.is_none() {
                *r = Some(reason);
                true
            } else {
                false
            }
        });
    }

    /// Why it was set, if it was.
    pub fn reason(&self) -> Option<String> {
        self.0.borrow().clone()
    }

    /// Whether it was set.
    pub fn is_stopped(&self) -> bool {
        self.0.borrow().is_some()
    }

    /// Resolves when the switch is set, with the reason.
    pub async fn stopped(&self) -> String {
        let mut rx = self.0.subscribe();
        loop {
            if let Some(r) = rx.borrow_and_update().clone() {
                return r;
            }
            if rx.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keeps_the_first_reason_and_wakes_waiters() {
        let stop = Stop::new();
        assert!(!stop.is_stopped());
        let waiter = {
            let stop = stop.clone();
            tokio::spawn(async move { stop.stopped().await })
        };
        stop.stop("first");
        stop.stop("second");
        assert_eq!(stop.reason().as_deref(), Some("first"));
        assert_eq!(waiter.await.ok().as_deref(), Some("first"));
    }
}
