//! What a finding prints before the target aborts: enough to replay it by
//! hand (the requests, the response, an `aws lambda` script).

use lambda_conformance::catalog::Catalog;
use lambda_conformance::runner::Step;
use serde_json::Value;

/// Aborts the fuzz target with a reproducer. libFuzzer saves the input as
/// `crash-<sha1>`; `scripts/fuzz-nightly.sh` minimises it and keeps this text.
pub fn fail(target: &str, what: &str, history: &[Value], steps: &[Step]) -> ! {
    let catalog = Catalog::embedded();
    let mut text = format!("\n== lambda-conformance fuzz finding ({target})\n{what}\n");
    if !history.is_empty() {
        text.push_str("\n-- operations (in order):\n");
        for h in history {
            text.push_str(&format!("{h}\n"));
        }
    }
    if !steps.is_empty() {
        text.push_str("\n-- aws lambda reproducer:\n");
        for s in steps {
            text.push_str(&lambda_conformance::report::reproduce::command_for(
                s, catalog,
            ));
            text.push('\n');
        }
        if let Some(last) = steps.last() {
            text.push_str("\n-- last exchange:\n");
            text.push_str(&serde_json::to_string_pretty(&last.exchange).unwrap_or_default());
            text.push('\n');
        }
    }
    panic!("{text}");
}
