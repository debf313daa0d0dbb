//! Turning the service model's Java regular expressions into ECMA-262 ones.
//!
//! AWS applies model patterns as a full match, while JSON Schema's `pattern`
//! searches anywhere in the string: every pattern is anchored as `^(?:…)$`.
//! Java accepts a literal `-` after a range inside a class (`[a-z0-9-_]`);
//! ECMA-262 in unicode mode does not, so such hyphens are escaped.

/// Result of converting one model pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Converted {
    /// An anchored ECMA-262 pattern with the same meaning.
    Ecma(String),
    /// The pattern cannot be expressed; the reason says why.
    Unsupported(String),
}

/// Converts a Java pattern from the service model into an anchored ECMA-262 pattern.
pub fn to_ecma(java: &str) -> Converted {
    for construct in [
        "\\p{", "\\P{", "\\A", "\\Z", "\\z", "\\G", "(?i", "*+", "++", "?+",
    ] {
        if java.contains(construct) {
            return Converted::Unsupported(format!("Java-only construct `{construct}`"));
        }
    }
    let escaped = escape_class_hyphens(java);
    let anchored = format!("^(?:{escaped})$");
    match fancy_regex::Regex::new(&anchored) {
        Ok(_) => Converted::Ecma(anchored),
        Err(e) => Converted::Unsupported(format!("does not compile as ECMA-262: {e}")),
    }
}

/// Escapes hyphens inside character classes that do not form a range.
fn escape_class_hyphens(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    // Whether the previous class item was a complete range (`a-z`), which
    // cannot start another range.
    let mut prev_was_range = false;
    // Whether there is a previous single atom in the class that could start a range.
    let mut has_atom = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            if in_class {
                has_atom = true;
                prev_was_range = false;
            }
            continue;
        }
        if !in_class {
            if c == '[' {
                in_class = true;
                has_atom = false;
                prev_was_range = false;
                out.push(c);
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            } else {
                out.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            ']' => {
                in_class = false;
                out.push(c);
            }
            '-' => {
                let next = chars.get(i + 1).copied();
                let forms_range = has_atom && !prev_was_range && next.is_some_and(|n| n != ']');
                if forms_range {
                    out.push('-');
                    // Copy the range's upper end (possibly escaped).
                    i += 1;
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        out.push('\\');
                        out.push(chars[i + 1]);
                        i += 1;
                    } else {
                        out.push(chars[i]);
                    }
                    prev_was_range = true;
                    has_atom = false;
                } else {
                    out.push_str("\\-");
                    has_atom = true;
                    prev_was_range = false;
                }
            }
            _ => {
                out.push(c);
                has_atom = true;
                prev_was_range = false;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecma(p: &str) -> String {
        match to_ecma(p) {
            Converted::Ecma(s) => s,
            Converted::Unsupported(r) => panic!("{p}: {r}"),
        }
    }

    #[test]
    fn anchors_for_full_match() {
        let re = fancy_regex::Regex::new(&ecma("[0-9]+")).unwrap();
        assert!(re.is_match("123").unwrap());
        assert!(!re.is_match("12a").unwrap());
    }

    #[test]
    fn escapes_hyphen_after_range() {
        assert_eq!(ecma("[a-zA-Z0-9-_]+"), "^(?:[a-zA-Z0-9\\-_]+)$");
        let re = fancy_regex::Regex::new(&ecma("[a-zA-Z0-9-_]+")).unwrap();
        assert!(re.is_match("a-b_c").unwrap());
        assert!(!re.is_match("a.b").unwrap());
    }

    #[test]
    fn keeps_escaped_and_trailing_hyphens() {
        assert_eq!(ecma("[a-zA-Z0-9._\\-]+"), "^(?:[a-zA-Z0-9._\\-]+)$");
        assert_eq!(ecma("[a-zA-Z0-9$_-]+"), "^(?:[a-zA-Z0-9$_\\-]+)$");
    }

    #[test]
    fn alias_pattern_rejects_numeric_names() {
        let re = fancy_regex::Regex::new(&ecma("(?!^[0-9]+$)([a-zA-Z0-9-_]+)")).unwrap();
        assert!(re.is_match("live").unwrap());
        assert!(re.is_match("2024-01-02").unwrap());
        assert!(!re.is_match("2024").unwrap());
    }

    #[test]
    fn lookbehind_is_supported() {
        let re = fancy_regex::Regex::new(&ecma("[0-9A-Za-z\\.\\-_]*(?<!\\.)")).unwrap();
        assert!(re.is_match("bucket.name").unwrap());
        assert!(!re.is_match("bucket.").unwrap());
    }

    #[test]
    fn java_only_constructs_are_reported() {
        assert!(matches!(to_ecma("\\p{Alpha}+"), Converted::Unsupported(_)));
    }
}
