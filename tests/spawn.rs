//! `run --spawn 'CMD {port}'`: the tool starts the endpoint, tests it and
//! stops its whole process group, however the run ends; a command that
//! exits or never answers fails the run (exit 2) with its output shown.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

/// Whether a process is still running 5 s from now (a process that exits is
/// a zombie until it is reaped, so it is given the time).
fn alive(pid: &str) -> bool {
    let running = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| s.split_whitespace().nth(2).is_none_or(|st| st != "Z"))
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if !running() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// Runs `run --spawn CMD` and returns the exit code and the JSON report.
fn run_spawned(dir: &Path, spawn: &str) -> (i32, Value, String) {
    let report = dir.join("report.json");
    let out = Command::new(BIN)
        .args(["run", "--no-progress", "--cases", "0", "--no-boundaries"])
        .args(["--spawn", spawn, "--json"])
        .arg(&report)
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .output()
        .expect("run the binary");
    let json = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_spawned_endpoint_is_tested_and_stopped_with_everything_it_started() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pids = dir.path().join("pids");
    // A wrapper shell that starts the embedded endpoint with a fault as a
    // child and records both pids: both must be gone after the run.
    let spawn = format!(
        "echo $$ > {p}; {BIN} serve --port {{port}} --fault get-alias-201 & echo $! >> {p}; wait",
        p = pids.display()
    );
    let (code, report, err) = run_spawned(dir.path(), &spawn);
    assert_eq!(code, 1, "the fault fails the run: {err}");
    assert!(err.contains("started `"), "{err}");
    let endpoint = report["endpoint"].as_str().unwrap_or_default();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    assert_eq!(
        report["embedded"], false,
        "the spawned endpoint is external"
    );
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert!(
        findings
            .iter()
            .any(|f| f["operation"] == "GetAlias" && f["fails_run"] == true),
        "the spawned endpoint's fault is found"
    );
    let text = std::fs::read_to_string(&pids).expect("the command wrote its pids");
    let started: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(started.len(), 2, "{text}");
    for pid in started {
        assert!(
            !alive(pid),
            "process {pid} of the spawned command is still running"
        );
    }
}

#[test]
fn a_command_that_exits_or_never_answers_fails_the_run_with_its_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, report, err) = run_spawned(dir.path(), "echo 'cannot bind {port}' >&2; exit 3");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("exited") && err.contains("cannot bind"),
        "{err}"
    );
    assert!(
        report["interrupted"]
            .as_str()
            .is_some_and(|w| w.contains("could not be started")),
        "a report says why: {report}"
    );

    let pid_file = dir.path().join("pid");
    let out = Command::new(BIN)
        .args(["run", "--no-progress", "--spawn-timeout", "1", "--spawn"])
        .arg(format!(
            "echo $$ > {}; sleep 60 # {{port}}",
            pid_file.display()
        ))
        .output()
        .expect("run the binary");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not answer") && err.contains("--spawn-timeout"),
        "{err}"
    );
    let pid = std::fs::read_to_string(&pid_file).expect("pid");
    assert!(
        !alive(pid.trim()),
        "the command is stopped when it never answers"
    );

    let out = Command::new(BIN)
        .args(["run", "--spawn", "moto_server"])
        .output()
        .expect("run the binary");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("{port}"));
}

#[test]
#[ignore = "needs moto_server on PATH (installed by .ci/run; run with --include-ignored)"]
fn moto_started_by_the_documented_command_has_only_its_known_deviations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/start-moto.sh");
    let known = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-deviations/moto.json");
    let report = dir.path().join("report.json");
    let out = Command::new(BIN)
        .args([
            "run",
            "--no-progress",
            "--cases",
            "0",
            "--no-boundaries",
            "--spawn",
        ])
        .arg(format!("{} {{port}} --foreground", script.display()))
        .arg("--baseline")
        .arg(&known)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("run the binary");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    assert!(
        r["summary"]["known"].as_u64().is_some_and(|n| n > 0),
        "moto's known deviations are met"
    );
}
