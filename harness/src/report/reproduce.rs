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

/// The script reproducing the finding at transcript index `index`.
pub fn script(result: &RunResult, index: usize, catalog: &Catalog) -> String {
    let mut lines = vec![
        "#!/bin/sh".to_string(),
        "# Reproduces a lambda-conformance finding with the AWS CLI (v2).".to_string(),
        format!("export AWS_ENDPOINT_URL={}", shell_quote(&result.endpoint)),
        format!("export AWS_REGION={}", shell_quote(&result.region)),
        "export AWS_PAGER=''".to_string(),
    ];
    let start = result
        .findings
        .iter()
        .find(|f| f.exchange == index)
        .map_or(0, |f| f.context_start);
    for (i, step) in result.steps.iter().enumerate().take(index + 1).skip(start) {
        let readonly = catalog
            .get(&step.exchange.operation)
            .is_some_and(|op| op.schema.pointer("/x-lambda/readonly") == Some(&Value::Bool(true)));
        if i == index || !readonly {
            lines.push(format!("# step {}: {}", i + 1, step.step));
            lines.push(command_for(step, catalog));
        }
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
