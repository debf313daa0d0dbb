//! `lambda-conformance.toml`: options kept in a file, in named profiles as nextest does.
//!
//! A key is the long name of an option (`endpoint-url`, `max-time`, `fault`, ...).
//! `[profile.default]` applies to every invocation; `[profile.NAME]`, chosen with
//! `--config-profile NAME`, is laid over it. The file is `--config FILE`, else the first
//! `lambda-conformance.toml` in the working directory or one of its parents. Precedence:
//! flags, then the environment (`LAMBDA_CONFORMANCE_*`), then the file, then the defaults.
//! Relative paths of file options (`json = "target/report.json"`) are relative to the file.

use anyhow::{Context, Result, bail};
use clap::parser::ValueSource;
use clap::{ArgMatches, Command};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "lambda-conformance.toml";

/// The profile every other profile is laid over, and the one used when none is chosen.
pub const DEFAULT_PROFILE: &str = "default";

/// Options that select the file itself, which the file cannot set.
const NOT_IN_FILE: &[&str] = &["config", "config-profile", "help", "version"];

/// The options of one profile (laid over the default profile), as read from the file.
#[derive(Debug)]
pub struct Profile {
    /// The file they come from.
    pub path: PathBuf,
    /// The profile's name.
    pub name: String,
    values: toml::Table,
}

/// The first `lambda-conformance.toml` in `dir` or one of its parents.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads `path` and returns its profile `name` laid over `[profile.default]`.
pub fn load(path: &Path, name: &str) -> Result<Profile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let doc: toml::Table = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    for key in doc.keys() {
        if key != "profile" {
            bail!(
                "{}: unknown section `{key}`; options go under [profile.default] or [profile.NAME]",
                path.display()
            );
        }
    }
    let profiles = match doc.get("profile") {
        None => toml::Table::new(),
        Some(toml::Value::Table(t)) => t.clone(),
        Some(_) => bail!(
            "{}: `profile` must be a table ([profile.NAME])",
            path.display()
        ),
    };
    let table = |n: &str| -> Result<Option<toml::Table>> {
        match profiles.get(n) {
            None => Ok(None),
            Some(toml::Value::Table(t)) => Ok(Some(t.clone())),
            Some(_) => bail!("{}: [profile.{n}] must be a table", path.display()),
        }
    };
    let mut values = table(DEFAULT_PROFILE)?.unwrap_or_default();
    if name != DEFAULT_PROFILE {
        let Some(chosen) = table(name)? else {
            let mut known: Vec<&str> = profiles.keys().map(String::as_str).collect();
            known.sort_unstable();
            bail!(
                "no profile `{name}` in {} (it has: {}); add a [profile.{name}] section or choose another with --config-profile",
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            );
        };
        values.extend(chosen);
    }
    Ok(Profile {
        path: path.to_path_buf(),
        name: name.to_string(),
        values,
    })
}

impl Profile {
    /// Checks that every key is an option of some subcommand of `root`.
    pub fn check_keys(&self, root: &Command) -> Result<()> {
        for key in self.values.keys() {
            if NOT_IN_FILE.contains(&key.as_str()) {
                bail!(
                    "{}: `{key}` cannot be set in the config file itself",
                    self.where_()
                );
            }
            if !has_option(root, key) {
                bail!(
                    "{}: unknown option `{key}`; keys are the long options of the subcommands without their dashes, e.g. `max-time = 600` (see `lambda-conformance run --help`)",
                    self.where_()
                );
            }
        }
        Ok(())
    }

    /// The arguments to add to a command line so that this profile's options apply to the
    /// subcommand `cmd` (parsed as `matches`) wherever neither a flag nor the environment set
    /// them. Options of other subcommands are left out; so is an option that conflicts with one
    /// given on the command line or in the environment.
    pub fn arguments_for(&self, cmd: &Command, matches: &ArgMatches) -> Result<Vec<OsString>> {
        let given = |id: &str| {
            matches!(
                matches.value_source(id),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            )
        };
        let mut out = Vec::new();
        for (key, value) in &self.values {
            let Some(arg) = cmd.get_arguments().find(|a| a.get_long() == Some(key)) else {
                continue;
            };
            let id = arg.get_id().as_str();
            let conflicts_with_given = cmd
                .get_arguments()
                .filter(|g| given(g.get_id().as_str()))
                .any(|g| {
                    cmd.get_arg_conflicts_with(g)
                        .iter()
                        .any(|c| c.get_id() == arg.get_id())
                        || cmd
                            .get_arg_conflicts_with(arg)
                            .iter()
                            .any(|c| c.get_id() == g.get_id())
                });
            if given(id) || conflicts_with_given {
                continue;
            }
            let is_path = arg
                .get_value_names()
                .is_some_and(|names| names.iter().any(|n| n.as_str() == "FILE"));
            if !arg.get_action().takes_values() {
                match value {
                    toml::Value::Boolean(true) => out.push(OsString::from(format!("--{key}"))),
                    toml::Value::Boolean(false) => {}
                    other => bail!(
                        "{}: `{key}` is a switch: write `{key} = true` or `false`, not {other}",
                        self.where_()
                    ),
                }
                continue;
            }
            let items = match value {
                toml::Value::Array(items) => items.clone(),
                single => vec![single.clone()],
            };
            for item in items {
                let text = match item {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    other => bail!(
                        "{}: `{key}` takes a string, a number or a list of them, not {other}",
                        self.where_()
                    ),
                };
                let text = if is_path {
                    self.relative_to_file(&text)
                } else {
                    text
                };
                let mut flag = OsString::from(format!("--{key}="));
                flag.push(text);
                out.push(flag);
            }
        }
        Ok(out)
    }

    /// Where a setting comes from, for messages: `FILE [profile.NAME]`.
    pub fn where_(&self) -> String {
        format!("{} [profile.{}]", self.path.display(), self.name)
    }

    fn relative_to_file(&self, text: &str) -> String {
        let p = Path::new(text);
        match self.path.parent() {
            Some(dir) if p.is_relative() && !dir.as_os_str().is_empty() => {
                dir.join(p).display().to_string()
            }
            _ => text.to_string(),
        }
    }
}

/// Whether some (sub)command of `cmd` has the long option `key`.
fn has_option(cmd: &Command, key: &str) -> bool {
    cmd.get_arguments().any(|a| a.get_long() == Some(key))
        || cmd.get_subcommands().any(|s| has_option(s, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).expect("write config");
        path
    }

    #[test]
    fn a_profile_is_laid_over_the_default_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "[profile.default]\nmax-time = 600\ncases = 10\n[profile.ci]\ncases = 0\n",
        );
        let p = load(&path, "ci").expect("loads");
        assert_eq!(p.values["max-time"].as_integer(), Some(600));
        assert_eq!(p.values["cases"].as_integer(), Some(0));
        let d = load(&path, DEFAULT_PROFILE).expect("loads");
        assert_eq!(d.values["cases"].as_integer(), Some(10));
    }

    #[test]
    fn a_missing_profile_names_the_ones_there_are() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "[profile.ci]\ncases = 0\n");
        let err = load(&path, "nightly").expect_err("no such profile");
        assert!(err.to_string().contains("it has: ci"), "{err}");
    }

    #[test]
    fn the_file_is_found_in_a_parent_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert_eq!(find(&sub), Some(path));
    }
}
