//! AWS's conventions: a newcomer whose `~/.aws/config` profile points at an
//! emulator runs `lambda-conformance run --profile NAME` with nothing else
//! given, and the profile's endpoint, region and credentials are used (the
//! secret never printed); flags and environment variables win over it.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");
const SECRET: &str = "profile-secret-never-printed";

/// `run` with the shared config file `config` and no AWS variable but `extra`.
fn run(config: &Path, report: &Path, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("run")
        .args(args)
        .args([
            "--cases",
            "0",
            "--no-boundaries",
            "--no-races",
            "--no-progress",
        ])
        .arg("--json")
        .arg(report)
        .env("AWS_CONFIG_FILE", config)
        .env("AWS_SHARED_CREDENTIALS_FILE", config.with_extension("none"));
    for var in [
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_LAMBDA",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "LAMBDA_CONFORMANCE_ENDPOINT_URL",
        "LAMBDA_CONFORMANCE_REGION",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.output().expect("run")
}

fn report(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("report")).expect("json")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_names_the_endpoint_region_and_credentials() {
    let server = lambda_conformance::server::start(
        ([127, 0, 0, 1], 0).into(),
        lambda_conformance::server::config_with_faults("eu-west-1", vec![]),
    )
    .await
    .expect("endpoint");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile emu]\nregion = eu-west-1\naws_access_key_id = AKIDPROFILE\n\
             aws_secret_access_key = {SECRET}\nservices = emu-services\n\n\
             [services emu-services]\nlambda =\n  endpoint_url = {url}\n\n\
             [profile plain]\nregion = eu-west-1\nendpoint_url = {url}/\n",
            url = server.url()
        ),
    )
    .expect("config");
    let json = dir.path().join("r.json");

    // The services section's Lambda endpoint, named by --profile.
    let out = tokio::task::block_in_place(|| run(&config, &json, &["--profile", "emu"], &[]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}\n{stdout}");
    let r = report(&json);
    assert_eq!(r["endpoint"], server.url());
    assert_eq!(r["region"], "eu-west-1");
    assert!(stderr.contains("AWS profile `emu`"), "{stderr}");
    for text in [&stderr, &stdout] {
        assert!(!text.contains(SECRET), "the secret was printed");
    }
    assert!(!std::fs::read_to_string(&json).unwrap().contains(SECRET));

    // A profile's own endpoint_url, named by AWS_PROFILE.
    let out = tokio::task::block_in_place(|| run(&config, &json, &[], &[("AWS_PROFILE", "plain")]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report(&json)["endpoint"], server.url());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("dummy"),
        "a profile without credentials signs with dummy ones, and says so"
    );

    // The environment wins over the profile.
    let out = tokio::task::block_in_place(|| {
        run(
            &config,
            &json,
            &["--profile", "emu"],
            &[("AWS_REGION", "eu-central-1")],
        )
    });
    assert_eq!(report(&json)["region"], "eu-central-1", "{:?}", out.status);

    // A profile that does not exist, or a region that is not one: exit 2, saying what.
    let out = tokio::task::block_in_place(|| run(&config, &json, &["--profile", "nope"], &[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nope`"));
    let out = tokio::task::block_in_place(|| {
        run(
            &config,
            &json,
            &["--profile", "emu", "--region", "moon-base"],
            &[],
        )
    });
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an AWS Region"));
    server.stop();
}
