//! Baselines (`run --baseline FILE [--update-baseline]`) against the
//! embedded endpoint with injected faults: accepted findings stop failing the
//! run, a new one fails it, fixed entries are dropped with their reasons kept
//! for the rest, and entries a partial run could not meet are kept.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

/// Runs `run` against the embedded endpoint; returns the exit code and the JSON report.
/// `cases` 1 runs the planned sequences (and one random one); 0 runs none.
fn run(dir: &Path, faults: &[&str], cases: u32, extra: &[&str]) -> (i32, Value, String) {
    let report = dir.join("report.json");
    let mut cmd = Command::new(BIN);
    cmd.args(["run", "--no-progress", "--no-boundaries", "--cases"])
        .arg(cases.to_string())
        .arg("--json")
        .arg(&report)
        .args(extra)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA");
    for f in faults {
        cmd.args(["--fault", f]);
    }
    let out = cmd.output().expect("run the binary");
    let json = serde_json::from_str(&std::fs::read_to_string(&report).expect("a JSON report"))
        .expect("the JSON report parses");
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The operations with a failing finding, each once, in order.
fn failing_operations(report: &Value) -> Vec<String> {
    let ops: std::collections::BTreeSet<String> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["status"] == "failure")
        .map(|f| f["operation"].as_str().unwrap_or_default().to_string())
        .collect();
    ops.into_iter().collect()
}

fn entries(path: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("baseline"))
        .expect("the baseline parses");
    v["deviations"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_baseline_accepts_what_it_lists_fails_on_new_findings_and_drops_fixed_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().expect("utf-8 path");
    let faults = [
        "get-alias-201",
        "revision-id-ignored",
        "pagination-drops-item",
    ];

    // Without a baseline the faults fail the run.
    let (code, report, _) = run(dir.path(), &faults, 1, &[]);
    assert_eq!(code, 1, "the faults fail a run without a baseline");
    let failing = failing_operations(&report);
    assert!(failing.contains(&"GetAlias".to_string()), "{failing:?}");

    // --update-baseline on a missing file writes one entry per situation, by id.
    let (code, _, out) = run(
        dir.path(),
        &faults,
        1,
        &["--baseline", b, "--update-baseline"],
    );
    assert_eq!(code, 0, "{out}");
    let written = entries(&baseline);
    assert!(written.len() >= 2, "{written:?}");
    for e in &written {
        assert!(e["id"].as_str().is_some_and(|i| i.len() == 12), "{e}");
        assert!(
            e["why"].as_str().is_some_and(|w| w.contains("accepted")),
            "{e}"
        );
    }
    assert!(written.iter().any(|e| e["operation"] == "GetAlias"));
    let generated = written.iter().filter(|e| e["generated"] == true).count();
    assert!(
        generated > 0,
        "the planned pass finds the dropped items: {written:?}"
    );

    // The same endpoint with the baseline: nothing fails.
    let (code, report, out) = run(dir.path(), &faults, 1, &["--baseline", b]);
    assert_eq!(code, 0, "{out}");
    assert!(failing_operations(&report).is_empty());

    // A new bug fails the run, and it is the only failure.
    let (code, report, _) = run(
        dir.path(),
        &[
            "get-alias-201",
            "revision-id-ignored",
            "pagination-drops-item",
            "add-permission-200",
        ],
        1,
        &["--baseline", b],
    );
    assert_eq!(code, 1);
    assert_eq!(failing_operations(&report), ["AddPermission"]);

    // A reason written by hand survives an update; a fixed entry is dropped.
    let mut edited: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).expect("baseline")).expect("json");
    for e in edited["deviations"].as_array_mut().expect("entries") {
        if e["operation"] == "GetAlias" {
            e["why"] = "AWS answers 200 (service model); our emulator answers 201".into();
        }
    }
    std::fs::write(&baseline, edited.to_string()).expect("write");
    let (code, _, out) = run(
        dir.path(),
        &["get-alias-201"],
        0,
        &["--baseline", b, "--update-baseline"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("fixed"), "{out}");
    let after = entries(&baseline);
    let get_alias: Vec<&Value> = after
        .iter()
        .filter(|e| e["operation"] == "GetAlias")
        .collect();
    assert_eq!(get_alias.len(), 1, "{after:?}");
    assert_eq!(
        get_alias[0]["why"],
        "AWS answers 200 (service model); our emulator answers 201"
    );
    // The lifecycle's RevisionId finding is fixed; the entries only generated
    // sequences find are kept, since this run had none (--cases 0).
    assert!(
        !after
            .iter()
            .any(|e| e["rule"] == "FN-REVISION-MATCHES" && e.get("generated").is_none()),
        "{after:?}"
    );
    assert_eq!(
        after.iter().filter(|e| e["generated"] == true).count(),
        generated,
        "entries of generated sequences must stay when none ran"
    );
}
