//! Every option can come from the environment (`LAMBDA_CONFORMANCE_<OPTION>`),
//! and a flag wins over it.

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

/// The operations of the findings that fail the run, sorted.
fn failing(report: &Value) -> Vec<String> {
    let mut ops: Vec<String> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["fails_run"] == true)
        .filter_map(|f| f["operation"].as_str().map(str::to_string))
        .collect();
    ops.sort();
    ops
}

#[test]
fn options_come_from_the_environment_and_flags_win() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.json");
    let out = Command::new(BIN)
        .arg("run")
        .env("LAMBDA_CONFORMANCE_NO_PROGRESS", "1")
        .env("LAMBDA_CONFORMANCE_NO_BOUNDARIES", "true")
        .env("LAMBDA_CONFORMANCE_CASES", "0")
        .env(
            "LAMBDA_CONFORMANCE_FAULT",
            "get-alias-201,add-permission-200",
        )
        .env("LAMBDA_CONFORMANCE_JSON", &report)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "the two faults fail the run");
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert_eq!(failing(&r), ["AddPermission", "GetAlias"]);
    assert!(
        r["coverage"]["rows"].as_array().is_some_and(Vec::is_empty),
        "LAMBDA_CONFORMANCE_NO_BOUNDARIES skips the probes"
    );

    // The flag beats the environment: --fault replaces the variable's list.
    let out = Command::new(BIN)
        .args(["run", "--fault", "get-alias-201"])
        .env("LAMBDA_CONFORMANCE_NO_PROGRESS", "yes")
        .env("LAMBDA_CONFORMANCE_NO_BOUNDARIES", "on")
        .env("LAMBDA_CONFORMANCE_CASES", "0")
        .env("LAMBDA_CONFORMANCE_FAULT", "add-permission-200")
        .env("LAMBDA_CONFORMANCE_JSON", &report)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert_eq!(failing(&r), ["GetAlias"]);

    // A value the variable cannot hold is named.
    let out = Command::new(BIN)
        .arg("run")
        .env("LAMBDA_CONFORMANCE_CASES", "many")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cases"));
}
