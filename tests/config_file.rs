//! `lambda-conformance.toml`: options from a config file found in the working directory or a
//! parent, in named profiles laid over `[profile.default]`; the environment and flags win.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

/// The operations of the findings that fail the run, sorted.
fn failing(report: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(report).expect("the report is written");
    let r: Value = serde_json::from_str(&text).expect("json");
    let mut ops: Vec<String> = r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["fails_run"] == true)
        .filter_map(|f| f["operation"].as_str().map(str::to_string))
        .collect();
    ops.sort();
    ops.dedup();
    ops
}

/// `lambda-conformance ARGS` in `dir`, with no LAMBDA_CONFORMANCE_* or endpoint variables
/// but those given.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("LAMBDA_CONFORMANCE_") || k.starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

const CONFIG: &str = r#"
# Every invocation: a short run against the embedded endpoint.
[profile.default]
no-progress = true
no-boundaries = true
no-races = true
cases = 0
json = "reports/run.json"   # relative to this file

# --config-profile ci: laid over the default profile.
[profile.ci]
fault = ["get-alias-201", "add-permission-200"]
"#;

#[test]
fn a_profile_applies_from_a_parent_directory_and_the_environment_and_flags_win() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("lambda-conformance.toml"), CONFIG).expect("config");
    std::fs::create_dir_all(dir.path().join("reports")).expect("mkdir");
    let sub = dir.path().join("deep/er");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let report = dir.path().join("reports/run.json");

    // The default profile alone: no fault, so nothing fails; the report lands beside the file.
    let out = run_in(&sub, &["run"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(failing(&report).is_empty());

    // The ci profile adds its faults.
    std::fs::remove_file(&report).expect("rm");
    let out = run_in(&sub, &["run", "--config-profile", "ci"], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(failing(&report), ["AddPermission", "GetAlias"]);

    // The environment beats the file, whose other options still apply.
    let out = run_in(
        &sub,
        &["run"],
        &[
            ("LAMBDA_CONFORMANCE_CONFIG_PROFILE", "ci"),
            ("LAMBDA_CONFORMANCE_FAULT", "get-alias-201"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(failing(&report), ["GetAlias"]);

    // A flag beats both.
    let out = run_in(
        &sub,
        &[
            "run",
            "--config-profile",
            "ci",
            "--fault",
            "add-permission-200",
        ],
        &[("LAMBDA_CONFORMANCE_FAULT", "get-alias-201")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(failing(&report), ["AddPermission"]);
}

#[test]
fn a_config_file_that_cannot_be_used_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lambda-conformance.toml");

    std::fs::write(&path, "[profile.default]\nmax-tme = 60\n").expect("config");
    let out = run_in(dir.path(), &["run"], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("unknown option `max-tme`") && err.contains("lambda-conformance.toml"),
        "{err}"
    );

    std::fs::write(&path, "[profile.ci]\ncases = 0\n").expect("config");
    let out = run_in(dir.path(), &["run", "--config-profile", "nightly"], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no profile `nightly`") && err.contains("it has: ci"),
        "{err}"
    );

    std::fs::write(&path, "[profile.default]\ncases = \"many\"\n").expect("config");
    let out = run_in(dir.path(), &["run"], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--cases") && err.contains("[profile.default]"),
        "{err}"
    );

    // --config names another file; a flag that conflicts with the file's option wins.
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[profile.default]\nendpoint-url = \"http://127.0.0.1:9\"\n",
    )
    .expect("config");
    let out = run_in(
        dir.path(),
        &[
            "run",
            "--config",
            other.to_str().expect("utf-8 path"),
            "--spawn",
            "exit 3",
            "--spawn-timeout",
            "5",
        ],
        &[],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        !err.contains("cannot be used with"),
        "the file's endpoint-url must yield to --spawn: {err}"
    );

    // An option the subcommand requires may come from the file (cleanup's prefix).
    let down = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = down.local_addr().expect("addr").port();
    drop(down);
    std::fs::write(
        &path,
        format!("[profile.default]\nprefix = \"lc-cfgtst-\"\nendpoint-url = \"http://127.0.0.1:{port}\"\ntimeout = 2\n"),
    )
    .expect("config");
    let out = run_in(dir.path(), &["cleanup"], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        !err.contains("required") && err.contains("127.0.0.1"),
        "the file's prefix and endpoint are used: {err}"
    );
}
