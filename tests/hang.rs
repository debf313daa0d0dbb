//! An endpoint that hangs on one operation (fault `list-aliases-hangs`):
//! the hang is reported on that operation, its later requests are not sent
//! (each would cost a whole timeout), the run is not declared unresponsive,
//! and it goes on to check the other operations, finding their faults too.

use lambda_conformance::client::{HANG_LIMIT, TransportError};
use lambda_conformance::findings::CheckKind;
use lambda_conformance::runner::{RunPlan, Silent, execute};
use lambda_conformance::stateful::Budget;
use lambda_model::Fault;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn a_hang_on_one_operation_is_reported_and_the_run_goes_on() {
    let mut plan = RunPlan::new(None, "lc-hang01-");
    plan.target.faults = vec![Fault::ListAliasesHangs, Fault::GetAlias201];
    plan.target.timeout = Duration::from_secs(1);
    plan.budget = Budget {
        cases: 200,
        ..Budget::default()
    };
    let started = Instant::now();
    let r = execute(plan, Arc::new(Silent))
        .await
        .expect("the embedded endpoint runs");
    let elapsed = started.elapsed();
    assert!(r.interrupted.is_none(), "{:?}", r.interrupted);
    let transport: Vec<_> = r
        .situations
        .iter()
        .filter(|f| f.check == CheckKind::Transport)
        .collect();
    assert!(
        !transport.is_empty() && transport.iter().all(|f| f.operation == "ListAliases"),
        "{transport:#?}"
    );
    // Requests of ListAliases that went out and got no answer: no more than
    // the limit, however many the lifecycle, the probes and the sequences asked for.
    let timed_out = r
        .steps
        .iter()
        .filter(|s| {
            s.exchange.operation == "ListAliases"
                && matches!(s.exchange.outcome, Err(TransportError::Timeout(_)))
        })
        .count();
    assert!(
        (1..=HANG_LIMIT as usize).contains(&timed_out),
        "{timed_out} ListAliases requests timed out"
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("ListAliases got no answer")),
        "{:#?}",
        r.notes
    );
    // The other fault is still found, by its rule.
    assert!(
        r.situations
            .iter()
            .any(|f| f.operation == "GetAlias" && f.check == CheckKind::Status),
        "get-alias-201 not found"
    );
    // A couple of 1 s timeouts, not one per ListAliases asked for (the
    // sequences ask for dozens).
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}
