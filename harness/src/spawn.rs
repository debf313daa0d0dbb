//! `run --spawn 'CMD {port}'`: starts the endpoint under test on a free
//! loopback port, waits until it answers HTTP, and stops it (its whole
//! process group) when the run is over, however it ends.

use anyhow::{Context, Result, bail};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A started endpoint; stopped when dropped.
#[derive(Debug)]
pub struct Spawned {
    child: Child,
    /// The endpoint URL, `http://127.0.0.1:<port>`.
    pub url: String,
    /// Where its standard output and error go.
    pub log: PathBuf,
}

/// A free TCP port on 127.0.0.1 (the kernel's choice; free when returned).
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .context("cannot find a free port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}

fn tail(path: &PathBuf) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// Starts `command` (run by `sh -c`, `{port}` replaced by a free port) and
/// waits up to `ready_within` until something answers HTTP on that port.
pub async fn spawn(command: &str, ready_within: Duration) -> Result<Spawned> {
    if !command.contains("{port}") {
        bail!(
            "--spawn needs `{{port}}` where the port goes, e.g. --spawn 'moto_server -H 127.0.0.1 -p {{port}}'"
        );
    }
    let port = free_port()?;
    let line = command.replace("{port}", &port.to_string());
    let log = std::env::temp_dir().join(format!("lambda-conformance-spawn-{port}.log"));
    let out = std::fs::File::create(&log)
        .with_context(|| format!("cannot create the log {}", log.display()))?;
    let err = out.try_clone()?;
    let child = Command::new("sh")
        .arg("-c")
        .arg(&line)
        .env("PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        // Its own process group: a Ctrl-C reaches the run (which then stops
        // it), and stopping it stops everything it started.
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start `{line}`"))?;
    let mut spawned = Spawned {
        child,
        url: format!("http://127.0.0.1:{port}"),
        log,
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(2))
        .build()?;
    let started = Instant::now();
    loop {
        if let Some(status) = spawned.child.try_wait()? {
            bail!(
                "`{line}` exited ({status}) before it answered on port {port}; its output ({}):\n{}",
                spawned.log.display(),
                tail(&spawned.log)
            );
        }
        // Any HTTP answer means it listens; the run's preflight judges what it is.
        if client
            .get(format!("{}/2015-03-31/functions/", spawned.url))
            .send()
            .await
            .is_ok()
        {
            return Ok(spawned);
        }
        if started.elapsed() >= ready_within {
            bail!(
                "`{line}` did not answer on port {port} within {} s (raise --spawn-timeout if it starts slowly); its output ({}):\n{}",
                ready_within.as_secs(),
                spawned.log.display(),
                tail(&spawned.log)
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl Spawned {
    /// Stops the process group: SIGTERM, then SIGKILL after 5 s.
    pub fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_some() {
            return;
        }
        let group = format!("-{}", self.child.id());
        let signal = |sig: &str| {
            let _ = Command::new("kill")
                .args([sig, "--", &group])
                .stderr(Stdio::null())
                .status();
        };
        signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                // The leader is gone; what it started goes with the group.
                signal("-KILL");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        signal("-KILL");
        let _ = self.child.wait();
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        self.stop();
    }
}
