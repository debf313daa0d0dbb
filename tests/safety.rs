//! The run is safe and bounded on any endpoint, proven against real servers
//! on loopback: the embedded endpoint served as an external one (`serve`,
//! also with a fault, also frozen with SIGSTOP) and small Python servers that
//! hang, trickle, redirect or answer HTML (tests/servers/hostile.py).
//! Nothing pre-existing is touched, nothing is left behind (or it is
//! reported), every run ends within `--max-time` + 5 s and writes its reports.

use lambda_conformance::catalog::Catalog;
use lambda_conformance::client::{Client, Credentials, Settings};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lambda-conformance");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_listening(port: u16) {
    let until = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The embedded reference endpoint in its own process, with faults.
fn serve(faults: &[&str]) -> Server {
    let port = free_port();
    let mut cmd = Command::new(BIN);
    // 5 ms in Pending / InProgress instead of serve's 100: the asynchrony itself is
    // tests/embedded.rs's subject; here it would only slow every run down.
    cmd.args(["serve", "--port", &port.to_string(), "--settle-ms", "5"]);
    for f in faults {
        cmd.args(["--fault", f]);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    wait_listening(port);
    Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// A misbehaving server: hang, trickle, html, redirect, json200.
fn hostile(mode: &str) -> Server {
    let port = free_port();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers/hostile.py");
    let mut child = Command::new("python3")
        .arg(script)
        .args([mode, &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs the hostile server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout piped"))
        .read_line(&mut line)
        .expect("the server says it is ready");
    assert_eq!(line.trim(), "ready");
    Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

struct Outcome {
    status: ExitStatus,
    stderr: String,
    elapsed: Duration,
    json: Option<Value>,
    junit: Option<String>,
}

fn reports_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lc-safety-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn spawn_run(name: &str, args: &[&str]) -> (Child, PathBuf) {
    let dir = reports_dir(name);
    let child = Command::new(BIN)
        .arg("run")
        .args(args)
        .args(["--no-progress", "--json"])
        .arg(dir.join("r.json"))
        .arg("--junit")
        .arg(dir.join("r.xml"))
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_LAMBDA")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run starts");
    (child, dir)
}

fn finish(child: Child, dir: &Path, started: Instant) -> Outcome {
    let out = child.wait_with_output().expect("run ends");
    Outcome {
        status: out.status,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
        json: std::fs::read_to_string(dir.join("r.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok()),
        junit: std::fs::read_to_string(dir.join("r.xml")).ok(),
    }
}

fn run(name: &str, args: &[&str]) -> Outcome {
    let started = Instant::now();
    let (child, dir) = spawn_run(name, args);
    finish(child, &dir, started)
}

fn interrupted(o: &Outcome) -> String {
    o.json
        .as_ref()
        .and_then(|j| j["interrupted"].as_str())
        .unwrap_or_default()
        .to_string()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill runs")
        .success();
    assert!(ok, "kill {sig}");
}

fn client(url: &str) -> Client {
    Client::new(Settings::new(
        url,
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(5),
    ))
    .expect("client builds")
}

fn call(url: &str, op: &str, input: Value) -> Option<Value> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let op = Catalog::embedded().get(op).expect("catalog op");
    let ex = runtime.block_on(client(url).call(op, &input));
    ex.response().and_then(|r| r.json.clone())
}

/// Functions and mapping UUIDs on the endpoint whose names start with `prefix`.
fn named_with(url: &str, prefix: &str) -> Vec<String> {
    let functions = call(url, "ListFunctions", json!({})).expect("ListFunctions answers");
    let mappings = call(url, "ListEventSourceMappings", json!({})).expect("ListESM answers");
    let mut names: Vec<String> = functions["Functions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["FunctionName"].as_str())
        .filter(|n| n.starts_with(prefix))
        .map(str::to_string)
        .collect();
    names.extend(
        mappings["EventSourceMappings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| {
                m["FunctionArn"]
                    .as_str()
                    .is_some_and(|a| a.contains(&format!(":function:{prefix}")))
            })
            .filter_map(|m| m["UUID"].as_str().map(str::to_string)),
    );
    names
}

fn create_function(url: &str, name: &str) {
    let body = call(
        url,
        "CreateFunction",
        json!({
            "FunctionName": name,
            "Runtime": "python3.12",
            "Role": "arn:aws:iam::123456789012:role/someone-elses",
            "Handler": "index.handler",
            "Code": {"ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},
        }),
    );
    assert!(
        body.is_some_and(|b| b["FunctionName"] == name),
        "created {name}"
    );
}

#[test]
fn endpoints_that_are_not_lambda_are_refused_before_anything_is_sent_to_create() {
    for (mode, says) in [
        ("html", "does not look like a Lambda endpoint"),
        ("json200", "does not look like a Lambda endpoint"),
        ("redirect", "redirects are never followed"),
    ] {
        let server = hostile(mode);
        let o = run(mode, &["--endpoint-url", &server.url]);
        assert_eq!(o.status.code(), Some(2), "{mode}: {}", o.stderr);
        assert!(o.stderr.contains(says), "{mode}: {}", o.stderr);
        assert!(
            o.elapsed < Duration::from_secs(10),
            "{mode}: {:?}",
            o.elapsed
        );
        let j = o.json.as_ref().expect("the JSON report is written");
        assert!(interrupted(&o).contains(says), "{mode}: {j}");
        assert_eq!(j["findings"].as_array().map(Vec::len), Some(0), "{mode}");
        assert!(
            o.junit.as_deref().is_some_and(|x| x.contains("<error")),
            "{mode}: the JUnit report shows the run as an error"
        );
    }
}

#[test]
fn a_hanging_endpoint_ends_the_run_within_max_time_with_reports() {
    for (mode, args) in [
        ("hang", ["--timeout", "30", "--max-time", "8"]),
        ("trickle", ["--timeout", "30", "--max-time", "8"]),
    ] {
        let server = hostile(mode);
        let mut all = vec!["--endpoint-url", server.url.as_str()];
        all.extend(args);
        let o = run(mode, &all);
        assert_eq!(o.status.code(), Some(2), "{mode}: {}", o.stderr);
        assert!(
            o.elapsed < Duration::from_secs(8 + 5),
            "{mode}: ran {:?}",
            o.elapsed
        );
        assert!(
            interrupted(&o).contains("time limit"),
            "{mode}: {}",
            interrupted(&o)
        );
        assert!(o.junit.is_some(), "{mode}: JUnit written");
    }
}

#[test]
fn an_endpoint_that_stops_answering_mid_run_is_declared_unresponsive() {
    let server = serve(&[]);
    let started = Instant::now();
    let (child, dir) = spawn_run(
        "frozen",
        &[
            "--endpoint-url",
            &server.url,
            "--prefix",
            "lc-frozen-",
            "--timeout",
            "1",
            "--invoke-timeout",
            "1",
            "--max-time",
            "120",
        ],
    );
    std::thread::sleep(Duration::from_millis(1500));
    signal(&server.child, "-STOP");
    let o = finish(child, &dir, started);
    signal(&server.child, "-CONT");
    assert_eq!(o.status.code(), Some(2), "{}", o.stderr);
    assert!(
        interrupted(&o).contains("unresponsive"),
        "{}",
        interrupted(&o)
    );
    // Three unanswered requests stop the run, three more the clean-up.
    assert!(o.elapsed < Duration::from_secs(30), "ran {:?}", o.elapsed);
    let j = o.json.expect("the JSON report is written");
    assert!(
        !j["cleanup"]["unchecked"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "a clean-up that could not check says so: {}",
        j["cleanup"]
    );
    assert!(
        o.stderr
            .contains("lambda-conformance cleanup --prefix lc-frozen-")
    );
    // Once the endpoint answers again, `cleanup` finishes the job.
    let cleaned = Command::new(BIN)
        .args([
            "cleanup",
            "--prefix",
            "lc-frozen-",
            "--endpoint-url",
            &server.url,
        ])
        .output()
        .expect("cleanup runs");
    assert_eq!(
        cleaned.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cleaned.stderr)
    );
    assert_eq!(named_with(&server.url, "lc-frozen-"), Vec::<String>::new());
}

#[test]
fn sigint_at_any_point_stops_quickly_and_leaves_nothing_behind() {
    let server = serve(&[]);
    create_function(&server.url, "lc-other-keep");
    for (i, delay_ms) in [60u64, 250, 700, 1500, 2600].into_iter().enumerate() {
        let prefix = format!("lc-sig{i}x-");
        let started = Instant::now();
        let (child, dir) = spawn_run(
            &format!("sig{i}"),
            &[
                "--endpoint-url",
                &server.url,
                "--prefix",
                &prefix,
                "--cases",
                "100000",
                "--time-budget",
                "0",
            ],
        );
        std::thread::sleep(Duration::from_millis(delay_ms));
        let sent = Instant::now();
        signal(&child, if i % 2 == 0 { "-INT" } else { "-TERM" });
        let o = finish(child, &dir, started);
        assert!(
            sent.elapsed() < Duration::from_secs(4),
            "after {delay_ms} ms: stopping and cleaning up took {:?}",
            sent.elapsed()
        );
        assert_eq!(
            o.status.code(),
            Some(2),
            "after {delay_ms} ms: {}",
            o.stderr
        );
        assert_eq!(
            named_with(&server.url, &prefix),
            Vec::<String>::new(),
            "after {delay_ms} ms: left behind"
        );
        // The report is written before the first request, so it exists however early the signal.
        let why = interrupted(&o);
        assert!(why.contains("SIG"), "after {delay_ms} ms: {why}");
    }
    assert!(
        named_with(&server.url, "lc-other-keep") == ["lc-other-keep"],
        "a function the runs did not create is untouched"
    );
}

#[test]
fn functions_an_endpoint_stored_despite_a_500_are_deleted() {
    let server = serve(&["create-function-stored-500"]);
    let o = run(
        "stored500",
        &[
            "--endpoint-url",
            &server.url,
            "--prefix",
            "lc-s500x-",
            "--cases",
            "30",
            // Nothing the run creates answers success, so waiters would wait in vain
            // (60 s each by default).
            "--wait-timeout",
            "2",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", o.stderr);
    let j = o.json.expect("JSON report");
    assert!(
        j["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["operation"] == "CreateFunction" && f["check"] == "server-error"),
        "the 500 is a finding"
    );
    assert_eq!(j["cleanup"]["left_behind"], json!([]));
    assert_eq!(named_with(&server.url, "lc-s500x-"), Vec::<String>::new());
}

#[test]
fn an_unwritable_report_path_fails_before_any_request() {
    // Against a server that never answers, any request would take the timeout.
    let server = hostile("hang");
    let started = Instant::now();
    let out = Command::new(BIN)
        .args(["run", "--endpoint-url", &server.url, "--timeout", "20"])
        .args(["--json", "/nonexistent-dir/for/sure/r.json"])
        .output()
        .expect("run runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn cleanup_exits_2_when_it_cannot_list_and_0_only_when_nothing_is_left() {
    let html = hostile("html");
    let down = format!("http://127.0.0.1:{}", free_port());
    for url in [html.url.as_str(), down.as_str()] {
        let out = Command::new(BIN)
            .args(["cleanup", "--prefix", "lc-clean1-", "--endpoint-url", url])
            .args(["--timeout", "3"])
            .output()
            .expect("cleanup runs");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let server = serve(&[]);
    create_function(&server.url, "lc-clean1-a");
    create_function(&server.url, "lc-clean1-b");
    create_function(&server.url, "lc-other-stays");
    let out = Command::new(BIN)
        .args([
            "cleanup",
            "--prefix",
            "lc-clean1-",
            "--endpoint-url",
            &server.url,
        ])
        .output()
        .expect("cleanup runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(named_with(&server.url, "lc-clean1-"), Vec::<String>::new());
    assert_eq!(named_with(&server.url, "lc-other-"), ["lc-other-stays"]);
}
