//! The JSON Schemas: generating them from the AWS service model, and the
//! copies embedded in the binary.

pub mod generate;
pub mod pattern;

use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded_schemas.rs"));

/// The committed schema files compiled into the binary: relative path -> content.
pub fn embedded() -> &'static [(&'static str, &'static str)] {
    EMBEDDED_SCHEMAS
}

/// Reads a service model file (`service-2.json` or `service-2.json.gz`).
pub fn read_model(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read service model {}", path.display()))?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .with_context(|| format!("{} is not valid gzip", path.display()))?;
        s
    } else {
        String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))?
    };
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a JSON service model", path.display()))
}

/// Reads every `.json` file under `dir` (recursively): relative path -> content.
pub fn read_dir(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel == "corrections.json" {
                    continue; // hand-written, not generated
                }
                out.insert(rel, std::fs::read_to_string(&path)?);
            }
        }
    }
    Ok(out)
}

/// Writes generated files under `dir`, removing generated files that no longer exist.
pub fn write_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<()> {
    let existing = read_dir(dir)?;
    for name in existing.keys().filter(|k| !files.contains_key(*k)) {
        std::fs::remove_file(dir.join(name))?;
    }
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
