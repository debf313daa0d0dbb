//! Normalising values that differ between runs (names, ARNs, UUIDs,
//! timestamps, numbers) so that the same deviation has the same signature.

use regex::Regex;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

fn rules() -> &'static [(Regex, &'static str)] {
    static RULES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RULES.get_or_init(|| {
        [
            (
                r"arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[^\s'\x22,;)\]]+",
                "<arn>",
            ),
            (
                r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                "<uuid>",
            ),
            (
                r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
                "<timestamp>",
            ),
            (r"lc-[a-z0-9]{6,}-[A-Za-z0-9_-]*", "<name>"),
            (r"[A-Za-z0-9+/]{40,}={0,2}", "<base64>"),
            (r"\b\d{5,}\b", "<n>"),
        ]
        .into_iter()
        .map(|(p, r)| (Regex::new(p).expect("static regex"), r))
        .collect()
    })
}

/// Replaces run-specific values with placeholders.
pub fn normalise(text: &str) -> String {
    let mut s = text.to_string();
    for (re, replacement) in rules() {
        if re.is_match(&s) {
            s = re.replace_all(&s, *replacement).into_owned();
        }
    }
    s
}

/// A short stable id (12 hex digits of SHA-256) for a signature.
pub fn short_id(signature: &str) -> String {
    let digest = Sha256::digest(signature.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_specific_values_are_replaced() {
        let a = normalise(
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:lc-ab12cd-main at 2026-01-01T00:00:00.000+0000 id 0f8fad5b-d9cb-469f-a165-70867728950e",
        );
        assert_eq!(a, "Function not found: <arn> at <timestamp> id <uuid>");
        assert_eq!(normalise("lc-9xk2p1-fn"), "<name>");
        assert_eq!(normalise("status 201"), "status 201");
    }
}
