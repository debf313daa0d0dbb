//! Request URI templates such as `/2015-03-31/functions/{FunctionName}/aliases/{Name}`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use std::collections::BTreeMap;

/// Characters left as they are in a URI label (RFC 3986 unreserved).
const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label(String),
}

/// A parsed request URI template.
#[derive(Debug, Clone)]
pub struct UriTemplate {
    segments: Vec<Segment>,
    /// Literal query parameters of the template (`?List=ALL`).
    pub literal_query: Vec<(String, String)>,
    trailing_slash: bool,
}

impl UriTemplate {
    /// Parses a model `requestUri`.
    pub fn parse(template: &str) -> Self {
        let (path, query) = template.split_once('?').unwrap_or((template, ""));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(label) => Segment::Label(label.trim_end_matches('+').to_string()),
                    None => Segment::Literal(s.to_string()),
                },
            )
            .collect();
        let literal_query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_string(), v.to_string())
            })
            .collect();
        UriTemplate {
            segments,
            literal_query,
            trailing_slash: path.len() > 1 && path.ends_with('/'),
        }
    }

    /// Expands the template with label values (percent-encoded); None when a label is missing.
    pub fn expand(&self, labels: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        let mut out = String::new();
        for seg in &self.segments {
            out.push('/');
            match seg {
                Segment::Literal(l) => out.push_str(l),
                Segment::Label(name) => {
                    let value = labels(name)?;
                    out.extend(utf8_percent_encode(&value, LABEL));
                }
            }
        }
        if out.is_empty() || self.trailing_slash {
            out.push('/');
        }
        Some(out)
    }

    /// Matches a request path, returning the decoded label values.
    pub fn match_path(&self, path: &str) -> Option<BTreeMap<String, String>> {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut labels = BTreeMap::new();
        for (seg, part) in self.segments.iter().zip(parts) {
            match seg {
                Segment::Literal(l) if l == part => {}
                Segment::Literal(_) => return None,
                Segment::Label(name) => {
                    let value = percent_decode_str(part).decode_utf8().ok()?.into_owned();
                    labels.insert(name.clone(), value);
                }
            }
        }
        Some(labels)
    }

    /// Number of literal segments (for preferring the most specific match).
    pub fn literal_segments(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_matches_with_encoding() {
        let t = UriTemplate::parse("/2015-03-31/functions/{FunctionName}/aliases/{Name}");
        let path = t
            .expand(&|l| {
                Some(if l == "FunctionName" {
                    "arn:aws:lambda:us-east-1:1:function:f".into()
                } else {
                    "a b".into()
                })
            })
            .unwrap();
        assert_eq!(
            path,
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/aliases/a%20b"
        );
        let labels = t.match_path(&path).unwrap();
        assert_eq!(labels["Name"], "a b");
        assert_eq!(
            labels["FunctionName"],
            "arn:aws:lambda:us-east-1:1:function:f"
        );
        assert!(t.match_path("/2015-03-31/functions/f").is_none());
    }

    #[test]
    fn literal_query_is_kept() {
        let t = UriTemplate::parse(
            "/2019-09-30/functions/{FunctionName}/provisioned-concurrency?List=ALL",
        );
        assert_eq!(
            t.literal_query,
            vec![("List".to_string(), "ALL".to_string())]
        );
    }
}
