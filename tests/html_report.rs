//! The HTML report in a real headless browser (Debian's chromium): it opens
//! without script errors, the filters (given in the address, as a user's
//! link would) show exactly the matching findings, and a screenshot is kept
//! in target/test-artifacts/ as the test's artefact.

use lambda_conformance::catalog::Catalog;
use lambda_conformance::report::html;
use lambda_conformance::runner::{RunPlan, RunResult, Silent, execute};
use lambda_model::Fault;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromium is installed (.ci/run installs Debian's chromium)")
}

/// A run with findings of several operations and standings.
fn result() -> RunResult {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut plan = RunPlan::new(None, "lc-html01-");
    plan.target.faults = vec![Fault::GetAlias201, Fault::DeleteFunction200];
    plan.budget.cases = 0;
    plan.boundaries = None;
    let mut result = runtime
        .block_on(execute(plan, Arc::new(Silent)))
        .expect("the run completes");
    assert!(result.findings.len() >= 2, "the faults give findings");
    // One known deviation, so that the status filter has two values to tell apart.
    result.findings[0].known = Some("listed as known for the test".into());
    result
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).expect("artefact folder");
    dir
}

/// The page's DOM after its script ran, and what the browser logged.
fn open(page: &Path, hash: &str) -> (String, String) {
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("file://{}{hash}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (visible, hidden) finding rows of a dumped DOM, with the visible rows' operations.
fn rows(dom: &str) -> (Vec<String>, usize) {
    let mut visible = Vec::new();
    let mut hidden = 0;
    for row in dom.split("<tr ").skip(1) {
        let head = row.split('>').next().unwrap_or_default();
        if !head.contains("finding") || !head.contains("data-operation") {
            continue;
        }
        if head.contains("hidden") {
            hidden += 1;
        } else {
            let op = head
                .split("data-operation=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            visible.push(op.to_string());
        }
    }
    (visible, hidden)
}

#[test]
#[ignore = "needs chromium (installed by .ci/run; run with --include-ignored)"]
fn the_html_report_opens_and_its_filters_work_in_a_browser() {
    let result = result();
    let dir = artifacts();
    let page = dir.join("report.html");
    std::fs::write(&page, html::render(&result, Catalog::embedded())).expect("page written");
    let total = result.findings.len();

    let (dom, log) = open(&page, "");
    assert!(
        !log.contains("Uncaught") && !log.contains("SyntaxError"),
        "script errors: {log}"
    );
    assert!(
        dom.contains(&format!("{total} of {total} findings shown")),
        "the script ran and counted every finding"
    );
    assert_eq!(rows(&dom).1, 0, "nothing hidden unfiltered");
    assert!(
        !dom.contains("src=\"http") && !dom.contains("href=\"http"),
        "self-contained: nothing loaded from the network"
    );

    let (dom, _) = open(&page, "#status=known");
    let (visible, hidden) = rows(&dom);
    assert_eq!(visible.len(), 1, "exactly the one known finding is shown");
    assert_eq!(hidden, total - 1);

    let op = result.findings[1].operation.clone();
    let (dom, _) = open(&page, &format!("#operation={op}"));
    let (visible, _) = rows(&dom);
    let expected = result.findings.iter().filter(|f| f.seen_on(&op)).count();
    assert_eq!(visible.len(), expected, "{op}: its findings only");
    assert!(visible.iter().all(|o| o.split(", ").any(|x| x == op)));

    let shot = dir.join("html-report.png");
    let _ = std::fs::remove_file(&shot);
    let ok = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,1600",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
        .status
        .success();
    assert!(
        ok && shot.metadata().is_ok_and(|m| m.len() > 10_000),
        "screenshot kept"
    );
}
