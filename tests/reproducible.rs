//! The same findings on every run: `lambda-conformance run` without `--seed`
//! uses a fixed seed, so two default runs against the same endpoint state
//! report the same set of finding ids (JSON `findings[].id`). Against the
//! embedded endpoint (with faults, so that every phase has findings), and
//! against moto reset to a fresh state before each run (`POST /moto-api/reset`;
//! the server comes from $LC_MOTO_REPRO_ENDPOINT, which scripts/test.sh sets).

use lambda_conformance::stateful::explore::DEFAULT_SEED;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

/// One run of the binary with `args` after `run --no-progress --json FILE`, the seed
/// left to its default; the JSON report.
fn run(args: &[&str], json: &Path) -> Value {
    let out = Command::new(BIN)
        .args(["run", "--no-progress", "--json"])
        .arg(json)
        .args(args)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .output()
        .expect("the binary runs");
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "the run was not done (exit {code:?}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(json).expect("the JSON report is written"))
            .expect("the JSON report parses");
    assert!(report["interrupted"].is_null(), "{}", report["interrupted"]);
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let default_seed = format!("(seed {DEFAULT_SEED}, the default");
    assert!(
        notes.iter().any(|n| n.contains(&default_seed)),
        "the default seed is not in the notes: {notes:#?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("cut short")),
        "the time limit cut the run short: its findings depend on timing: {notes:#?}"
    );
    report
}

fn ids(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect()
}

/// The findings of `a` that are not in `b`, each with its signature, one a line.
fn only_in(a: &Value, b: &BTreeSet<String>) -> String {
    a["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| !b.contains(f["id"].as_str().unwrap_or("")))
        .map(|f| format!("  {} {}", f["id"], f["signature"]))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_same_ids(first: &Value, second: &Value) {
    let (a, b) = (ids(first), ids(second));
    assert!(
        a == b,
        "two runs against the same endpoint state differ ({} and {} findings):\nonly in the first:\n{}\nonly in the second:\n{}",
        a.len(),
        b.len(),
        only_in(first, &b),
        only_in(second, &a)
    );
}

#[test]
fn two_default_runs_against_the_embedded_endpoint_give_the_same_finding_ids() {
    let dir = tempfile::tempdir().unwrap();
    // Faults every phase finds: the lifecycle (a status), the boundary probes
    // (out-of-range values accepted) and the generated sequences (pagination,
    // reused version numbers, ignored RevisionIds).
    let faults = [
        "--fault",
        "get-alias-201",
        "--fault",
        "accepts-out-of-range",
        "--fault",
        "pagination-drops-item",
        "--fault",
        "version-numbers-reused",
        "--fault",
        "revision-id-ignored",
    ];
    let first = run(&faults, &dir.path().join("first.json"));
    let second = run(&faults, &dir.path().join("second.json"));
    let generated = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["sequence"].is_null())
        .count();
    assert!(
        generated > 0 && ids(&first).len() > generated,
        "the faults should give findings in every phase: {} findings, {generated} generated",
        ids(&first).len()
    );
    assert_same_ids(&first, &second);
}

#[test]
fn seed_random_picks_a_seed_and_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("random.json");
    let out = Command::new(BIN)
        .args(["run", "--no-progress", "--no-boundaries", "--cases", "2"])
        .args(["--seed", "random", "--json"])
        .arg(&json)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let seed = stderr
        .split("--seed random chose seed ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no chosen seed on stderr: {stderr}"));
    assert!(seed.parse::<u64>().is_ok(), "{seed}");
    let report: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(
        report["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap_or("").contains(&format!("(seed {seed})"))),
        "the report does not name seed {seed}: {}",
        report["notes"]
    );
}

/// The moto server to run against: $LC_MOTO_REPRO_ENDPOINT (scripts/test.sh starts one for
/// this test alone: it is reset before each run).
fn moto_endpoint() -> String {
    match std::env::var("LC_MOTO_REPRO_ENDPOINT") {
        Ok(url) if !url.is_empty() => url.trim_end_matches('/').to_string(),
        _ => panic!(
            "set LC_MOTO_REPRO_ENDPOINT to a moto server of its own (it is reset), e.g. \
             PID=$(scripts/start-moto.sh 5003 | tail -1) and LC_MOTO_REPRO_ENDPOINT=http://127.0.0.1:5003 \
             (scripts/test.sh does both)"
        ),
    }
}

/// Puts moto back into its fresh state (its configuration, simple-mode Lambda, is kept).
fn reset_moto(url: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/moto-api/reset"))
            .send()
            .await
            .map(|r| r.status())
    });
    match status {
        Ok(s) if s.is_success() => {}
        other => panic!("POST {url}/moto-api/reset: {other:?}"),
    }
}

#[test]
#[ignore = "needs LC_MOTO_REPRO_ENDPOINT (a moto server of its own; scripts/test.sh starts one and sets it)"]
fn two_default_runs_against_fresh_moto_give_the_same_finding_ids() {
    let url = moto_endpoint();
    // The default run but for the number of generated sequences: 1,000 take
    // about 5 minutes against moto; LC_MOTO_REPRO_CASES=1000 checks those too.
    let cases = std::env::var("LC_MOTO_REPRO_CASES").unwrap_or_else(|_| "30".into());
    let args = ["--endpoint-url", &url, "--cases", &cases];
    let dir = tempfile::tempdir().unwrap();
    reset_moto(&url);
    let first = run(&args, &dir.path().join("first.json"));
    reset_moto(&url);
    let second = run(&args, &dir.path().join("second.json"));
    reset_moto(&url);
    assert!(
        ids(&first).len() > 10,
        "moto has many deviations; found only {}",
        ids(&first).len()
    );
    assert_same_ids(&first, &second);
}
