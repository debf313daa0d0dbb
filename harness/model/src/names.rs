//! Function names, partial and full ARNs, and qualifiers.

/// A parsed `FunctionName` member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    /// The function's plain name.
    pub name: String,
    /// The qualifier carried in the name (`name:1`, `...:function:name:alias`).
    pub qualifier: Option<String>,
    /// The region named in a (partial) ARN.
    pub region: Option<String>,
    /// The account named in a (partial) ARN.
    pub account: Option<String>,
}

/// Whether `s` looks like a region (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`).
pub fn is_region(s: &str) -> bool {
    let s = s.strip_prefix("eusc-").unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() < 3 || parts[0].len() != 2 || !parts[0].chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let last = parts[parts.len() - 1];
    last.len() == 1
        && last.chars().all(|c| c.is_ascii_digit())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

fn is_qualifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '$' || c == '.')
}

/// Parses a FunctionName the way the server pattern does
/// (`(arn:aws:lambda:)?(region:)?(account:)?(function:)?name(:qualifier)?`), greedy with
/// backtracking: VAL-011 (recorded) shows `arn:aws:lambda:<r>:<a>:function` naming a
/// function called `function`. Returns None when the value does not fit the pattern
/// (the HTTP layer rejects those with a ValidationException before the model runs).
pub fn parse_function_name(input: &str) -> Option<FunctionRef> {
    let mut tokens: Vec<&str> = input.split(':').collect();
    if tokens.len() >= 3 && tokens[0] == "arn" && tokens[2] == "lambda" {
        tokens.drain(..3);
    }
    for use_region in [true, false] {
        for use_account in [true, false] {
            for use_function in [true, false] {
                let mut i = 0;
                let mut region = None;
                let mut account = None;
                if use_region {
                    match tokens.get(i) {
                        Some(t) if is_region(t) => {
                            region = Some(t.to_string());
                            i += 1;
                        }
                        _ => continue,
                    }
                }
                if use_account {
                    match tokens.get(i) {
                        Some(t) if is_account(t) => {
                            account = Some(t.to_string());
                            i += 1;
                        }
                        _ => continue,
                    }
                }
                if use_function {
                    match tokens.get(i) {
                        Some(&"function") => i += 1,
                        _ => continue,
                    }
                }
                let rest = &tokens[i..];
                let ok = match rest {
                    [n] => is_name(n),
                    [n, q] => is_name(n) && is_qualifier(q),
                    _ => false,
                };
                if ok {
                    return Some(FunctionRef {
                        name: rest[0].to_string(),
                        qualifier: rest.get(1).map(|q| q.to_string()),
                        region,
                        account,
                    });
                }
            }
        }
    }
    None
}

/// Whether a qualifier names a published version (digits only).
pub fn is_version_number(q: &str) -> bool {
    !q.is_empty() && q.chars().all(|c| c.is_ascii_digit())
}

/// Whether a qualifier fits the alias pattern `[a-zA-Z0-9-_]+` without being numeric.
pub fn is_alias_name(q: &str) -> bool {
    !q.is_empty()
        && !is_version_number(q)
        && q.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (String, Option<String>) {
        let r = parse_function_name(s).expect(s);
        (r.name, r.qualifier)
    }

    #[test]
    fn parses_all_forms() {
        assert_eq!(p("f"), ("f".into(), None));
        assert_eq!(p("f:1"), ("f".into(), Some("1".into())));
        assert_eq!(p("123456789012:function:f"), ("f".into(), None));
        assert_eq!(
            p("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"),
            ("f".into(), Some("$LATEST".into()))
        );
        assert_eq!(p("function:f"), ("f".into(), None));
        // VAL-011 (recorded): the ARN missing its name names a function called "function"
        let r = parse_function_name("arn:aws:lambda:us-east-1:123456789012:function").unwrap();
        assert_eq!(r.name, "function");
        assert_eq!(r.region.as_deref(), Some("us-east-1"));
        assert!(parse_function_name("function:f:$LATEST:extra").is_none());
    }

    #[test]
    fn regions() {
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(is_region("ap-southeast-1"));
        assert!(!is_region("function"));
        assert!(!is_region("123456789012"));
    }
}
