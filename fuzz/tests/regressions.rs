//! Replays every saved fuzz finding (`fuzz/regressions/<target>/<id>`, written
//! by scripts/fuzz-nightly.sh) through its target, without libFuzzer:
//! `cargo test --manifest-path fuzz/Cargo.toml --test regressions`.
//! A file fails the test until the bug it found is fixed.

use std::path::Path;

#[test]
fn saved_findings_no_longer_fail() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let targets: [(&str, fn(&[u8])); 4] = [
        ("model", lambda_conformance_fuzz::targets::model::run),
        (
            "responses",
            lambda_conformance_fuzz::targets::responses::run,
        ),
        (
            "raw_request",
            lambda_conformance_fuzz::targets::raw_request::run,
        ),
        ("sequence", lambda_conformance_fuzz::targets::sequence::run),
    ];
    let mut failed = Vec::new();
    for (name, run) in targets {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for entry in dir.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let data = std::fs::read(&path).expect("readable");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(failed.is_empty(), "still failing: {failed:#?}");
}

#[test]
fn seeds_are_generated_for_every_target() {
    let dir = std::env::temp_dir().join(format!("lc-fuzz-seeds-{}", std::process::id()));
    let n = lambda_conformance_fuzz::seeds::write_all(&dir).expect("seeds written");
    assert!(n >= 4 * 24);
    for t in ["model", "responses", "raw_request", "sequence"] {
        assert!(
            std::fs::read_dir(dir.join(t)).expect("dir").count() >= 24,
            "{t}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
