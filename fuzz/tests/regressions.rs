//! Replays every saved fuzz finding (`fuzz/regressions/<target>/<id>`, written
//! by scripts/fuzz-nightly.sh) through its target, without libFuzzer:
//! `cargo test --manifest-path fuzz/Cargo.toml --test regressions`.
//! A file fails the test until the bug it found is fixed.

use lambda_conformance::catalog::REFERENCE_OPERATIONS;
use std::path::Path;

/// A target, as a plain function of the fuzz input.
type Target = fn(&[u8]);

#[test]
fn saved_findings_no_longer_fail() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let targets: [(&str, Target); 4] = [
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
    let mut replayed = 0;
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
            replayed += 1;
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    // An empty folder would pass without replaying anything.
    assert!(
        replayed > 0,
        "no saved input under {}: the replay did not run",
        root.display()
    );
    assert!(failed.is_empty(), "still failing: {failed:#?}");
}

#[test]
fn seeds_are_generated_for_every_target() {
    let dir = std::env::temp_dir().join(format!("lc-fuzz-seeds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let n = lambda_conformance_fuzz::seeds::write_all(&dir).expect("seeds written");
    // At least one seed per reference operation, and for `sequence` per transition variant.
    let ops = REFERENCE_OPERATIONS.len();
    let variants = lambda_conformance_fuzz::seeds::transition_variants().len();
    let mut written = 0;
    for (t, at_least) in [
        ("model", ops),
        ("responses", ops),
        ("raw_request", ops),
        ("sequence", variants),
    ] {
        let count = std::fs::read_dir(dir.join(t)).expect("dir").count();
        assert!(
            count >= at_least,
            "{t}: {count} seeds, fewer than {at_least}"
        );
        written += count;
    }
    assert_eq!(n, written);
    let _ = std::fs::remove_dir_all(dir);
}
