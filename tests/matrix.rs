//! `report matrix`: targets' JSON reports side by side, a fault shown as a failed check of its
//! operation and nowhere on a clean target; `--check` passes on the same measurements and fails
//! when a target's answers changed.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

fn lc(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the binary runs")
}

/// A short run against the embedded endpoint with these faults, its JSON report at `json`.
fn measure(json: &Path, faults: &[&str]) {
    let mut args = vec![
        "run",
        "--no-progress",
        "--no-boundaries",
        "--no-races",
        "--cases",
        "0",
        "--json",
        json.to_str().expect("utf-8 path"),
    ];
    for f in faults {
        args.extend(["--fault", f]);
    }
    let out = lc(&args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The table row of `op` in the section of `label`.
fn row<'a>(page: &'a str, label: &str, op: &str) -> &'a str {
    let section = page
        .split(&format!("\n## {label}\n"))
        .nth(1)
        .expect("the target has a section");
    section
        .lines()
        .find(|l| l.starts_with(&format!("| {op} |")))
        .expect("the operation has a row")
}

#[test]
fn a_fault_is_a_failed_check_of_its_operation_and_check_sees_a_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = dir.path().join("clean.json");
    let faulty = dir.path().join("faulty.json");
    measure(&clean, &[]);
    measure(&faulty, &["get-alias-201"]);
    let out_dir = dir.path().join("conformance");
    let c = format!("reference={}", clean.display());
    let f = format!("faulty={}", faulty.display());
    let out_str = out_dir.to_str().expect("utf-8 path");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["report", "matrix", &c, &f, "--out", out_str]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.extend(
            [
                "--not-measured",
                "fakecloud=not built here",
                "--date",
                "2026-12-07",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let written = Command::new(BIN).args(args(&[])).output().expect("matrix");
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let page = std::fs::read_to_string(out_dir.join("README.md")).expect("README.md");
    let html = std::fs::read_to_string(out_dir.join("index.html")).expect("index.html");

    // The clean reference endpoint fails nothing; the fault fails GetAlias and no other row.
    let reference = page
        .split("\n## reference\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("reference section");
    assert!(!reference.contains('✗'), "{reference}");
    assert!(row(&page, "reference", "GetAlias").contains('✓'));
    assert!(row(&page, "faulty", "GetAlias").contains('✗'), "{page}");
    for op in [
        "CreateFunction",
        "GetFunction",
        "ListAliases",
        "AddPermission",
    ] {
        assert!(!row(&page, "faulty", op).contains('✗'), "{op}: {page}");
    }
    assert!(page.contains("| fakecloud | not measured: not built here |"));
    assert!(page.contains("Measured on 2026-12-07."));
    // Each finding is listed in both pages, with its reproducer in the HTML one.
    assert!(page.contains("### Findings of faulty") && html.contains("Findings of faulty"));
    assert!(html.contains("<pre>") && html.contains("aws lambda"));
    assert!(html.contains("<h2 id=\"t2\">faulty</h2>") && html.contains("class=\"fail\""));

    // --check: the same measurements (another day) are current; a changed target is not.
    let same = Command::new(BIN)
        .args(args(&["--check"]))
        .output()
        .expect("check");
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    let fixed = format!("faulty={}", clean.display());
    let changed = Command::new(BIN)
        .args(
            args(&["--check"])
                .into_iter()
                .map(|a| if a == f { fixed.clone() } else { a }),
        )
        .output()
        .expect("check");
    let err = String::from_utf8_lossy(&changed.stderr);
    assert_eq!(changed.status.code(), Some(1), "{err}");
    assert!(err.contains("- | GetAlias |") && err.contains('✗'), "{err}");

    // A target this run does not measure is carried over from matrix.json as last measured.
    let carried = Command::new(BIN)
        .args([
            "report", "matrix", &c, "--out", out_str, "--carry", "faulty",
        ])
        .args([
            "--not-measured",
            "fakecloud=not built here",
            "--date",
            "2026-12-08",
        ])
        .output()
        .expect("matrix");
    assert!(carried.status.success());
    let page = std::fs::read_to_string(out_dir.join("README.md")).expect("README.md");
    assert!(row(&page, "faulty", "GetAlias").contains('✗'), "{page}");
    assert!(page.contains("Measured on 2026-12-07 with lambda-conformance"));
    assert!(page.contains("Measured on 2026-12-08 with lambda-conformance"));
}
