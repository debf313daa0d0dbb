//! The test-functions phase (`scenario::handlers`): every catalogue package
//! is deployed and invoked, and its answer judged by the oracle's prediction.
//! A conforming endpoint gets no finding; each injected handler bug is found
//! by the rule it breaks; against real emulators (moto does not run code,
//! ministack runs Python and Node.js handlers) only their real differences
//! from AWS are reported.

use lambda_conformance::findings::Finding;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_model::Fault;
use lambda_model::handlers::{BEHAVIOURS, LANGUAGES};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A run of the lifecycle, the rule pass and the test functions only.
async fn run(endpoint: Option<String>, faults: Vec<Fault>, name: &str) -> RunResult {
    let prefix = format!(
        "lc-{}{name}-",
        &uuid::Uuid::new_v4().simple().to_string()[..4]
    );
    let mut plan = RunPlan::new(endpoint, &prefix);
    plan.target.faults = faults;
    plan.budget.cases = 0;
    plan.boundaries = None;
    plan.races = false;
    execute(plan, Arc::new(Silent))
        .await
        .expect("the run itself succeeds")
}

fn handler_findings(r: &RunResult) -> Vec<&Finding> {
    r.findings
        .iter()
        .filter(|f| f.step.starts_with("handlers "))
        .collect()
}

fn rule(f: &Finding) -> &str {
    f.evidence.rule.as_deref().unwrap_or("")
}

fn invoked(r: &RunResult) -> BTreeSet<String> {
    r.steps
        .iter()
        .filter(|s| s.step.starts_with("handlers ") && s.exchange.operation == "Invoke")
        .filter_map(|s| s.step.split(':').next())
        .map(|s| s.trim_start_matches("handlers ").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conforming_endpoint_runs_every_test_function_without_finding() {
    let r = run(None, vec![], "hok").await;
    assert!(r.findings.is_empty(), "false alarms: {:#?}", r.findings);
    let invoked = invoked(&r);
    assert_eq!(
        invoked.len(),
        BEHAVIOURS.len() * LANGUAGES.len(),
        "every test function is invoked: {invoked:?}"
    );
    // the Log function is invoked with and without LogType Tail
    let tails: Vec<_> = r
        .steps
        .iter()
        .filter(|s| s.step.starts_with("handlers python-log: invoke"))
        .map(|s| {
            s.exchange
                .response()
                .and_then(|x| x.header("x-amz-log-result"))
                .is_some()
        })
        .collect();
    assert_eq!(tails, vec![true, false]);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_handler_fault_is_found_by_the_rule_it_breaks() {
    let cases = [
        (Fault::HandlerErrorTypeGeneric, "INV-FUNCTION-ERROR"),
        (Fault::LogTailUnframed, "INV-LOG-TAIL"),
        (Fault::ResponseLimitUnenforced, "INV-RESPONSE-LIMIT"),
    ];
    for (fault, expected_rule) in cases {
        let r = run(None, vec![fault], "hfault").await;
        let found = handler_findings(&r);
        assert!(
            !found.is_empty()
                && found
                    .iter()
                    .all(|f| rule(f) == expected_rule && f.verified()),
            "{}: expected verified findings of {expected_rule} only, got {:#?}",
            fault.name(),
            found
                .iter()
                .map(|f| (rule(f), &f.expected, &f.actual))
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn code_that_is_not_run_is_one_finding_and_one_note() {
    let r = run(None, vec![Fault::CodeNotRun], "hnorun").await;
    let found = handler_findings(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(rule(found[0]), "INV-RUNS-CODE");
    assert!(found[0].verified());
    assert_eq!(invoked(&r).len(), 1, "only the probe is invoked");
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("does not run the deployed code")),
        "{:?}",
        r.notes
    );
}

/// moto (scripts/test.sh starts it) does not run code without Docker: one
/// finding says so, nothing else about the handlers.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn moto_is_told_once_that_it_does_not_run_code() {
    let Ok(url) = std::env::var("LC_MOTO_ENDPOINT") else {
        panic!("set LC_MOTO_ENDPOINT (scripts/test.sh starts moto and sets it)");
    };
    let r = run(Some(url), vec![], "hmoto").await;
    let found = handler_findings(&r);
    assert_eq!(
        found.iter().map(|f| rule(f)).collect::<Vec<_>>(),
        vec!["INV-RUNS-CODE"],
        "{found:#?}"
    );
}

/// ministack 1.5.33 runs Python and Node.js handlers. Its answers differ from
/// AWS's in exactly these places, each checked by hand against the recording
/// or the documentation the rule names; everything else it answers is AWS's.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs ministack installed (scripts/test.sh installs it)"]
async fn ministack_differs_only_where_it_really_differs_from_aws() {
    let Some(ministack) = Ministack::start() else {
        panic!(
            "ministack is not installed: run scripts/start-ministack.sh --install-only (scripts/test.sh does)"
        );
    };
    let r = run(Some(ministack.url.clone()), vec![], "hmini").await;
    let got: BTreeSet<(String, String)> = handler_findings(&r)
        .iter()
        .map(|f| (f.step.clone(), rule(f).to_string()))
        .collect();
    let want: BTreeSet<(String, String)> = [
        // errorType Runtime.HandlerError, not Exception / Error (recorded)
        ("handlers python-raise: invoke", "INV-FUNCTION-ERROR"),
        ("handlers node-raise: invoke", "INV-FUNCTION-ERROR"),
        // the tail has no START / END / REPORT lines (documented)
        ("handlers python-log: invoke-tail", "INV-LOG-TAIL"),
        ("handlers node-log: invoke-tail", "INV-LOG-TAIL"),
        // "Task timed out after 1.00 seconds" without "RequestId: <id> Error: " (recorded for Python)
        ("handlers python-sleep: invoke", "INV-TIMEOUT"),
        ("handlers node-sleep: invoke", "INV-TIMEOUT"),
        // a 7 MiB result is returned (recorded: Function.ResponseSizeTooLarge)
        ("handlers python-oversized: invoke", "INV-RESPONSE-LIMIT"),
        ("handlers node-oversized: invoke", "INV-RESPONSE-LIMIT"),
        // an Event invocation answers X-Amz-Executed-Version (recorded: none)
        ("handlers python-raise: invoke-event", "INV-EVENT"),
        ("handlers node-raise: invoke-event", "INV-EVENT"),
        // the context's request id is not the response's x-amzn-RequestId (recorded)
        ("handlers python-context: invoke", "INV-CONTEXT"),
        ("handlers python-context: invoke-latest", "INV-CONTEXT"),
        ("handlers node-context: invoke", "INV-CONTEXT"),
        ("handlers node-context: invoke-latest", "INV-CONTEXT"),
    ]
    .into_iter()
    .map(|(s, r)| (s.to_string(), r.to_string()))
    .collect();
    // findings are counted by signature: an occurrence on another step is
    // counted, not listed, so compare the steps that were reported with the
    // expected ones by rule
    let rules_got: BTreeSet<&str> = got.iter().map(|(_, r)| r.as_str()).collect();
    let rules_want: BTreeSet<&str> = want.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(rules_got, rules_want, "findings: {got:#?}");
    assert!(
        got.is_subset(&want),
        "unexpected: {:#?}",
        got.difference(&want)
    );
}

/// ministack on a free port, stopped when dropped.
struct Ministack {
    url: String,
    child: std::process::Child,
}

impl Ministack {
    fn start() -> Option<Ministack> {
        let venv = std::env::var("LC_CACHE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| {
                std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default())
                    .join(".cache/lambda-conformance")
            });
        let installed = std::fs::read_dir(&venv)
            .ok()?
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("ministack-"));
        if !installed {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = std::process::Command::new("scripts/start-ministack.sh")
            .arg(port.to_string())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..150 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(Ministack { url, child });
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        None
    }
}

impl Drop for Ministack {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
