//! An equivalent `aws lambda ...` shell script for a finding: the mutating
//! steps that led to it, then the step itself.

use crate::catalog::Catalog;
use crate::runner::RunResult;
use crate::session::Step;
use serde_json::Value;

/// `CreateFunction` -> `create-function`.
pub fn cli_command(operation: &str) -> String {
    let mut out = String::new();
    for (i, c) in operation.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// One `aws lambda` command for a step.
pub fn command_for(step: &Step, catalog: &Catalog) -> String {
    let ex = &step.exchange;
    let op = catalog.get(&ex.operation);
    let mut input = ex.input.clone();
    let mut prefix = String::new();
    let mut extra = String::new();
    // Streaming blobs (InvokeAsync's InvokeArgs) cannot go through --cli-input-json: use a file.
    if let (Some(op), Some(obj)) = (op, input.as_object_mut()) {
        for m in op
            .input
            .iter()
            .filter(|m| m.shape_type == "blob" && m.location == crate::catalog::Location::Payload)
        {
            if ex.operation == "InvokeAsync"
                && let Some(Value::String(b64)) = obj.remove(&m.name)
            {
                prefix = format!(
                    "printf '%s' {} | base64 -d > /tmp/lc-args.bin\n",
                    shell_quote(&b64)
                );
                extra = " --invoke-args fileb:///tmp/lc-args.bin".into();
            }
        }
    }
    let outfile = if op.and_then(|o| o.output_payload()).is_some() {
        " /dev/stdout"
    } else {
        ""
    };
    format!(
        "{prefix}aws lambda {} --cli-input-json {}{extra}{outfile}",
        cli_command(&ex.operation),
        shell_quote(&input.to_string())
    )
}

/// The function a request acts on: its FunctionName or Resource, without
/// ARN prefix and qualifier.
fn function_of(input: &Value) -> Option<String> {
    let raw = input
        .get("FunctionName")
        .or_else(|| input.get("Resource"))
        .and_then(Value::as_str)?;
    let name = raw.rsplit_once(":function:").map_or(raw, |(_, rest)| rest);
    name.split(':').next().map(str::to_string)
}

/// Whether a step changed what exists (a success of a mutating operation).
fn mutated(step: &Step) -> bool {
    let mutates = crate::operations::by_name(&step.exchange.operation).map_or_else(
        || {
            !(step.exchange.operation.starts_with("Get")
                || step.exchange.operation.starts_with("List"))
        },
        |d| d.mutates,
    );
    mutates && step.exchange.status().is_some_and(|s| s < 300)
}

/// The steps a finding's reproducer replays, in order, ending with the
/// finding's own step. A finding of a generated sequence replays the
/// sequence's successful mutations (the sequence is already minimal); any
/// other finding replays only what its request needs on a fresh account (the
/// operation's setup, from its description): for each setup operation, the
/// last success on the same function (or the mapping with the same UUID).
pub fn steps_for(result: &RunResult, index: usize) -> Vec<usize> {
    let Some(target) = result.steps.get(index) else {
        return Vec::new();
    };
    let start = result
        .findings
        .iter()
        .find(|f| f.exchange == index)
        .map_or(0, |f| f.context_start);
    if start > 0 {
        let mut out: Vec<usize> = (start..index)
            .filter(|i| mutated(&result.steps[*i]) || result.steps[*i].concurrent)
            .collect();
        out.push(index);
        return with_revision_sources(result, start, out);
    }
    let function = function_of(&target.exchange.input);
    let uuid = target.exchange.input.get("UUID").and_then(Value::as_str);
    let setup = crate::operations::by_name(&target.exchange.operation).map_or(&[][..], |d| d.setup);
    let mut out = Vec::new();
    for op in setup {
        let found = (0..index).rev().find(|&i| {
            let s = &result.steps[i];
            if s.exchange.operation != op.name() || !mutated(s) {
                return false;
            }
            match (op.name(), uuid) {
                ("CreateEventSourceMapping", Some(uuid)) => {
                    s.exchange
                        .response()
                        .and_then(|r| r.json.as_ref())
                        .and_then(|b| b.get("UUID"))
                        .and_then(Value::as_str)
                        == Some(uuid)
                }
                _ => function.is_some() && function_of(&s.exchange.input) == function,
            }
        });
        if let Some(i) = found
            && !out.contains(&i)
        {
            out.push(i);
        }
    }
    out.sort_unstable();
    out.push(index);
    with_revision_sources(result, 0, out)
}

/// The RevisionId a step's answer showed, with the `--query` that prints it.
fn answered_revision(step: &Step) -> Option<(&'static str, &str)> {
    let body = step.exchange.response()?.json.as_ref()?;
    if let Some(r) = body.get("RevisionId").and_then(Value::as_str) {
        return Some(("RevisionId", r));
    }
    body.pointer("/Configuration/RevisionId")
        .and_then(Value::as_str)
        .map(|r| ("Configuration.RevisionId", r))
}

fn sent_revision(step: &Step) -> Option<&str> {
    step.exchange
        .input
        .get("RevisionId")
        .and_then(Value::as_str)
}

/// `steps` with, for each step that sends a RevisionId, the last step from
/// `start` on that answered it (often a read): the reproducer takes the
/// RevisionId from there, since a fresh run gets new ones (and a function's
/// changes when it becomes Active).
fn with_revision_sources(result: &RunResult, start: usize, mut steps: Vec<usize>) -> Vec<usize> {
    let mut sources = Vec::new();
    for &j in &steps {
        let Some(rev) = sent_revision(&result.steps[j]) else {
            continue;
        };
        let answered =
            |i: usize| answered_revision(&result.steps[i]).is_some_and(|(_, r)| r == rev);
        if let Some(i) = (start..j).rev().find(|&i| answered(i)) {
            sources.push(i);
        }
    }
    steps.extend(sources);
    steps.sort_unstable();
    steps.dedup();
    steps
}

/// The script reproducing the finding at transcript index `index`: the
/// fewest requests that show it from a fresh state ([`steps_for`]).
pub fn script(result: &RunResult, index: usize, catalog: &Catalog) -> String {
    let mut lines = vec![
        "#!/bin/sh".to_string(),
        "# Reproduces a lambda-conformance finding with the AWS CLI (v2).".to_string(),
        format!("export AWS_ENDPOINT_URL={}", shell_quote(&result.endpoint)),
        format!("export AWS_REGION={}", shell_quote(&result.region)),
        "export AWS_PAGER=''".to_string(),
    ];
    let steps = steps_for(result, index);
    // RevisionIds are the endpoint's: each is read into a variable where it
    // is answered and passed on from there.
    let mut variables: Vec<(String, String)> = Vec::new();
    for (k, &i) in steps.iter().enumerate() {
        let step = &result.steps[i];
        lines.push(format!("# step {}: {}", i + 1, step.step));
        let mut command = command_for(step, catalog);
        for (revision, var) in &variables {
            command = command.replace(
                &format!("\"RevisionId\":\"{revision}\""),
                &format!("\"RevisionId\":\"'\"${var}\"'\""),
            );
        }
        let later = &steps[k + 1..];
        if let Some((query, revision)) = answered_revision(step)
            && later
                .iter()
                .any(|&j| sent_revision(&result.steps[j]) == Some(revision))
        {
            let var = match variables.iter().find(|(r, _)| r == revision) {
                Some((_, var)) => var.clone(),
                None => {
                    let var = format!("REVISION{}", variables.len() + 1);
                    variables.push((revision.to_string(), var.clone()));
                    var
                }
            };
            command = format!("{var}=$({command} --query {query} --output text)");
        }
        if step.concurrent {
            // Sent at once with its concurrent neighbours: in the background.
            command.push_str(" &");
            let next_concurrent = later.first().is_some_and(|&j| result.steps[j].concurrent);
            lines.push(command);
            if !next_concurrent {
                lines.push("wait".into());
            }
            continue;
        }
        lines.push(command);
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_commands() {
        assert_eq!(
            cli_command("GetFunctionConfiguration"),
            "get-function-configuration"
        );
        assert_eq!(cli_command("InvokeAsync"), "invoke-async");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
