//! A recorded scenario on disk, in insta's snapshot layout: a front matter
//! between `---` lines (where it was recorded, when, by which version), then
//! the normalised transcript as pretty JSON.

use crate::diff::compare::NormalStep;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// One recorded scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The scenario's name in the catalogue (insta's `expression`).
    pub scenario: String,
    /// What the scenario does (insta's `description`).
    pub description: String,
    /// The endpoint it was recorded against, as shown to users.
    pub endpoint: String,
    /// The date it was recorded (YYYY-MM-DD).
    pub recorded: String,
    /// The tool and version that recorded it.
    pub tool: String,
    /// The normalised transcript.
    pub steps: Vec<NormalStep>,
}

const SOURCE: &str = "lambda-conformance record";

impl Snapshot {
    /// The file's text.
    pub fn render(&self) -> Result<String> {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let body = serde_json::to_string_pretty(&self.steps)?;
        Ok(format!(
            "---\nsource: {}\ndescription: {}\nexpression: {}\ninfo:\n  endpoint: {}\n  recorded: {}\n  tool: {}\n---\n{body}\n",
            q(SOURCE),
            q(&self.description),
            q(&self.scenario),
            q(&self.endpoint),
            q(&self.recorded),
            q(&self.tool),
        ))
    }

    /// Reads a file written by [`Snapshot::render`].
    pub fn read(path: &Path) -> Result<Snapshot> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the snapshot {}", path.display()))?;
        Snapshot::parse(&text).with_context(|| {
            format!(
                "{} is not a snapshot written by `lambda-conformance record`",
                path.display()
            )
        })
    }

    fn parse(text: &str) -> Result<Snapshot> {
        let Some(rest) = text.strip_prefix("---\n") else {
            bail!("no front matter (`---` on the first line)");
        };
        let Some((front, body)) = rest.split_once("\n---\n") else {
            bail!("the front matter does not end with `---`");
        };
        let value = |key: &str| -> Result<String> {
            let line = front
                .lines()
                .map(str::trim_start)
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                .with_context(|| format!("no `{key}` in the front matter"))?;
            serde_json::from_str::<String>(line).or_else(|_| Ok(line.to_string()))
        };
        if value("source")? != SOURCE {
            bail!("its source is not `{SOURCE}`");
        }
        Ok(Snapshot {
            scenario: value("expression")?,
            description: value("description")?,
            endpoint: value("endpoint")?,
            recorded: value("recorded")?,
            tool: value("tool")?,
            steps: serde_json::from_str(body).context("the transcript is not JSON")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_reads_back_as_written() {
        let s = Snapshot {
            scenario: "functions".into(),
            description: "A \"quoted\" description".into(),
            endpoint: "http://127.0.0.1:5001".into(),
            recorded: "2026-12-07".into(),
            tool: "lambda-conformance 0.1.0".into(),
            steps: vec![NormalStep {
                step: "CreateFunction {}".into(),
                operation: "CreateFunction".into(),
                page: false,
                outcome: "201".into(),
                message: None,
                headers: Default::default(),
                body: Some(serde_json::json!({"Timeout": 3})),
            }],
        };
        let text = s.render().expect("renders");
        assert!(text.starts_with("---\nsource: \"lambda-conformance record\"\n"));
        assert_eq!(Snapshot::parse(&text).expect("parses"), s);
        assert!(Snapshot::parse("no front matter").is_err());
    }
}
