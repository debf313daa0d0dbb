//! `lambda-conformance schemas generate|check`.

use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

/// Schema subcommands.
#[derive(Debug, Subcommand)]
pub enum SchemasCommand {
    /// Regenerate schemas/ from a service model file.
    ///
    /// The model is botocore's `botocore/data/lambda/2015-03-31/service-2.json.gz`
    /// (`pip download --no-deps botocore` and unzip the wheel, or use an installed botocore).
    Generate {
        /// Path to service-2.json or service-2.json.gz.
        #[arg(long)]
        model: PathBuf,
        /// Directory to write to.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Fail (exit 1) when the schemas in a directory are stale relative to a model file.
    Check {
        /// Path to service-2.json or service-2.json.gz.
        #[arg(long)]
        model: PathBuf,
        /// Directory holding the committed schemas.
        #[arg(long, default_value = "schemas")]
        dir: PathBuf,
    },
}

/// Runs a schema subcommand.
pub fn run(cmd: SchemasCommand) -> Result<ExitCode> {
    use crate::schemas::{generate, read_dir, read_model, write_dir};
    match cmd {
        SchemasCommand::Generate { model, out } => {
            let files = generate::generate(&read_model(&model)?)?;
            write_dir(&out, &files)?;
            println!("wrote {} files to {}", files.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        SchemasCommand::Check { model, dir } => {
            let files = generate::generate(&read_model(&model)?)?;
            let stale = generate::stale_files(&files, &read_dir(&dir)?);
            if stale.is_empty() {
                println!(
                    "{} schema files in {} are up to date",
                    files.len(),
                    dir.display()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "{} schema files are stale: {}",
                    stale.len(),
                    stale.join(", ")
                );
                eprintln!(
                    "regenerate with: lambda-conformance schemas generate --model {}",
                    model.display()
                );
                Ok(ExitCode::from(1))
            }
        }
    }
}
