//! `report diff` over reports of real runs of the embedded endpoint with
//! faults: a fault added is new, a fault removed is fixed, a finding a
//! baseline accepts changes standing, and a report compared with itself
//! has no change.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

fn run(dir: &Path, name: &str, faults: &[&str], extra: &[&str]) -> PathBuf {
    let report = dir.join(name);
    let mut cmd = Command::new(BIN);
    cmd.args(["run", "--no-progress", "--no-boundaries", "--cases", "0"])
        .arg("--json")
        .arg(&report)
        .args(extra)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA");
    for f in faults {
        cmd.args(["--fault", f]);
    }
    cmd.output().expect("run the binary");
    report
}

fn diff(old: &Path, new: &Path, format: &str) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["report", "diff"])
        .arg(old)
        .arg(new)
        .args(["--format", format])
        .output()
        .expect("run the binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn operations(list: &Value) -> Vec<String> {
    let mut ops: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["operation"].as_str().unwrap_or_default().to_string())
        .collect();
    ops.sort();
    ops.dedup();
    ops
}

#[test]
fn a_diff_tells_new_fixed_and_changed_standing_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = run(
        dir.path(),
        "old.json",
        &["get-alias-201", "delete-function-200"],
        &[],
    );
    let new = run(
        dir.path(),
        "new.json",
        &["get-alias-201", "add-permission-200"],
        &[],
    );

    let (code, text) = diff(&old, &new, "json");
    assert_eq!(code, 1, "a new failing situation exits 1: {text}");
    let d: Value = serde_json::from_str(&text).expect("the diff is JSON");
    assert_eq!(d["format"], "lambda-conformance/report-diff");
    assert_eq!(operations(&d["new_situations"]), ["AddPermission"]);
    assert_eq!(operations(&d["fixed"]), ["DeleteFunction"]);
    assert!(
        d["unchanged"].as_u64().is_some_and(|n| n >= 1),
        "GetAlias stays"
    );

    // Reversed, the same situations swap places.
    let (_, text) = diff(&new, &old, "json");
    let r: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(operations(&r["new_situations"]), ["DeleteFunction"]);
    assert_eq!(operations(&r["fixed"]), ["AddPermission"]);

    // Accepting GetAlias in a baseline changes its standing, not its identity.
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().expect("utf-8");
    run(
        dir.path(),
        "accept.json",
        &["get-alias-201"],
        &["--baseline", b, "--update-baseline"],
    );
    let known = run(
        dir.path(),
        "known.json",
        &["get-alias-201", "add-permission-200"],
        &["--baseline", b],
    );
    let (code, text) = diff(&new, &known, "json");
    let k: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(code, 0, "only a standing that became known changed: {text}");
    let changed = k["standing_changed"].as_array().expect("a list");
    assert_eq!(changed.len(), 1, "{text}");
    assert_eq!(changed[0]["was"], "failure");
    assert_eq!(changed[0]["situation"]["status"], "known");
    assert_eq!(changed[0]["situation"]["operation"], "GetAlias");

    // The same report: nothing changes; Markdown and terminal say so.
    let (code, md) = diff(&old, &old, "markdown");
    assert_eq!(code, 0);
    assert!(md.contains("0 new, 0 fixed"), "{md}");
    let (_, text) = diff(&old, &new, "terminal");
    assert!(
        text.contains("AddPermission") && text.contains("1 new failing"),
        "{text}"
    );

    // Not a report: exit 2 with a message that says what to give.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{}").expect("write");
    let out = Command::new(BIN)
        .args(["report", "diff"])
        .arg(&junk)
        .arg(&new)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run --json"));
}
