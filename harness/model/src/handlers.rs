//! Test functions with known behaviour: the deployment packages the harness
//! deploys, one per behaviour and language, and how the model recognises one
//! in a zip. What AWS answers when each is invoked is decided in `invoke.rs`
//! (the oracle predicts Invoke from the package it knows was deployed).
//!
//! A package is recognised only when its single handler file is exactly the
//! catalogue's source for the behaviour its first line names; any other code
//! is unknown, and the model does not claim to know what it returns.

use std::io::{Read, Write};

/// What a test function's handler does when invoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Behaviour {
    /// Returns its event.
    Echo,
    /// Returns nothing (Python `None`, Node `undefined`).
    NoReturn,
    /// Raises an error with [`ERROR_MESSAGE`].
    Raise,
    /// Writes [`LOG_LINE`] to its log and returns its event.
    Log,
    /// Sleeps [`SLEEP_SECONDS`], then returns its event.
    Sleep,
    /// Returns a string of [`OVERSIZED_CHARS`] characters (over the 6 MB response limit).
    Oversized,
    /// Returns the context it sees (function name, version, memory, ARN, request id).
    Context,
}

/// The language a test function is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// Python (`index.py`, runtime python3.12).
    Python,
    /// Node.js (`index.js`, CommonJS, runtime nodejs20.x).
    Node,
}

/// The message of the error the `Raise` handler raises.
pub const ERROR_MESSAGE: &str = "lambda-conformance test error";
/// The line the `Log` handler writes.
pub const LOG_LINE: &str = "lambda-conformance log line";
/// How long the `Sleep` handler sleeps; deploy it with a smaller Timeout.
pub const SLEEP_SECONDS: i64 = 3;
/// Characters in the `Oversized` handler's result: 7 MiB, as recorded
/// (LocalStack test_lambda_too_large_response); where between 6 MiB and this
/// the limit cuts is not recorded.
pub const OVERSIZED_CHARS: usize = 7 * 1024 * 1024;

/// Every behaviour, in catalogue order.
pub const BEHAVIOURS: [Behaviour; 7] = [
    Behaviour::Echo,
    Behaviour::NoReturn,
    Behaviour::Raise,
    Behaviour::Log,
    Behaviour::Sleep,
    Behaviour::Oversized,
    Behaviour::Context,
];

/// Every language, in catalogue order.
pub const LANGUAGES: [Language; 2] = [Language::Python, Language::Node];

impl Behaviour {
    /// The name in the package's first line and in step names.
    pub fn name(self) -> &'static str {
        match self {
            Behaviour::Echo => "echo",
            Behaviour::NoReturn => "no-return",
            Behaviour::Raise => "raise",
            Behaviour::Log => "log",
            Behaviour::Sleep => "sleep",
            Behaviour::Oversized => "oversized",
            Behaviour::Context => "context",
        }
    }

    fn from_name(name: &str) -> Option<Behaviour> {
        BEHAVIOURS.into_iter().find(|b| b.name() == name)
    }
}

impl Language {
    /// The name used in step names.
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Node => "node",
        }
    }

    /// The runtime the harness deploys it with.
    pub fn runtime(self) -> &'static str {
        match self {
            Language::Python => "python3.12",
            Language::Node => "nodejs20.x",
        }
    }

    /// Whether a runtime identifier runs this language.
    pub fn runs_on(self, runtime: &str) -> bool {
        match self {
            Language::Python => runtime.starts_with("python"),
            Language::Node => runtime.starts_with("nodejs"),
        }
    }

    /// The handler file in the zip (the handler is `index.handler`).
    pub fn file_name(self) -> &'static str {
        match self {
            Language::Python => "index.py",
            Language::Node => "index.js",
        }
    }

    fn comment(self) -> &'static str {
        match self {
            Language::Python => "#",
            Language::Node => "//",
        }
    }
}

/// One test function: a behaviour in a language. `variant` changes only the
/// first line, so two packages of one behaviour have different CodeSha256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TestFunction {
    /// What the handler does.
    pub behaviour: Behaviour,
    /// The language it is written in.
    pub language: Language,
    /// Distinguishes packages of the same behaviour.
    pub variant: u32,
}

/// The handler the packages export.
pub const HANDLER: &str = "index.handler";

impl TestFunction {
    /// The Python echo handler, variant `variant` (the package every other
    /// phase deploys).
    pub fn echo(variant: u32) -> TestFunction {
        TestFunction::new(Behaviour::Echo, Language::Python, variant)
    }

    /// A test function.
    pub fn new(behaviour: Behaviour, language: Language, variant: u32) -> TestFunction {
        TestFunction {
            behaviour,
            language,
            variant,
        }
    }

    fn first_line(&self) -> String {
        let c = self.language.comment();
        match (self.behaviour, self.language) {
            // the echo package's first line predates the catalogue: kept, so
            // its CodeSha256 (in recorded snapshots) does not change
            (Behaviour::Echo, Language::Python) => {
                format!(
                    "{c} lambda-conformance test handler, variant {}",
                    self.variant
                )
            }
            (b, _) => format!(
                "{c} lambda-conformance test handler: {}, variant {}",
                b.name(),
                self.variant
            ),
        }
    }

    /// The handler file's source.
    pub fn source(&self) -> String {
        let body = match (self.language, self.behaviour) {
            (Language::Python, Behaviour::Echo) => {
                "def handler(event, context):\n    return event\n".to_string()
            }
            (Language::Python, Behaviour::NoReturn) => {
                "def handler(event, context):\n    return None\n".to_string()
            }
            (Language::Python, Behaviour::Raise) => {
                format!("def handler(event, context):\n    raise Exception(\"{ERROR_MESSAGE}\")\n")
            }
            (Language::Python, Behaviour::Log) => format!(
                "def handler(event, context):\n    print(\"{LOG_LINE}\")\n    return event\n"
            ),
            (Language::Python, Behaviour::Sleep) => format!(
                "import time\n\n\ndef handler(event, context):\n    time.sleep({SLEEP_SECONDS})\n    return event\n"
            ),
            (Language::Python, Behaviour::Oversized) => {
                format!("def handler(event, context):\n    return \"x\" * {OVERSIZED_CHARS}\n")
            }
            (Language::Python, Behaviour::Context) => concat!(
                "def handler(event, context):\n",
                "    return {\n",
                "        \"function_name\": context.function_name,\n",
                "        \"function_version\": context.function_version,\n",
                "        \"memory_limit_in_mb\": int(context.memory_limit_in_mb),\n",
                "        \"invoked_function_arn\": context.invoked_function_arn,\n",
                "        \"aws_request_id\": context.aws_request_id,\n",
                "    }\n"
            )
            .to_string(),
            (Language::Node, Behaviour::Echo) => {
                "exports.handler = async (event) => event;\n".to_string()
            }
            (Language::Node, Behaviour::NoReturn) => {
                "exports.handler = async () => undefined;\n".to_string()
            }
            (Language::Node, Behaviour::Raise) => format!(
                "exports.handler = async () => {{\n  throw new Error(\"{ERROR_MESSAGE}\");\n}};\n"
            ),
            (Language::Node, Behaviour::Log) => format!(
                "exports.handler = async (event) => {{\n  console.log(\"{LOG_LINE}\");\n  return event;\n}};\n"
            ),
            (Language::Node, Behaviour::Sleep) => format!(
                "exports.handler = async (event) => {{\n  await new Promise((done) => setTimeout(done, {}));\n  return event;\n}};\n",
                SLEEP_SECONDS * 1000
            ),
            (Language::Node, Behaviour::Oversized) => {
                format!("exports.handler = async () => \"x\".repeat({OVERSIZED_CHARS});\n")
            }
            (Language::Node, Behaviour::Context) => concat!(
                "exports.handler = async (event, context) => ({\n",
                "  function_name: context.functionName,\n",
                "  function_version: context.functionVersion,\n",
                "  memory_limit_in_mb: Number(context.memoryLimitInMB),\n",
                "  invoked_function_arn: context.invokedFunctionArn,\n",
                "  aws_request_id: context.awsRequestId,\n",
                "});\n"
            )
            .to_string(),
        };
        format!("{}\n{body}", self.first_line())
    }

    /// The deployment package: a zip holding the handler file. A fixed
    /// timestamp keeps the bytes (and CodeSha256) the same on every run.
    pub fn zip_bytes(&self) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default())
                .unix_permissions(0o644);
            zip.start_file(self.language.file_name(), options)
                .expect("writing to memory cannot fail");
            zip.write_all(self.source().as_bytes())
                .expect("writing to memory cannot fail");
            zip.finish().expect("writing to memory cannot fail");
        }
        buf.into_inner()
    }

    /// The zip as base64, as `ZipFile` travels in a JSON body.
    pub fn zip_base64(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.zip_bytes())
    }

    /// The catalogue's test function this zip is, if it is one: a single
    /// handler file whose text is exactly the catalogue's source.
    pub fn identify(zip: &[u8]) -> Option<TestFunction> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).ok()?;
        if archive.len() != 1 {
            return None;
        }
        let mut file = archive.by_index(0).ok()?;
        let name = file.name().ok()?.into_owned();
        let language = LANGUAGES.into_iter().find(|l| l.file_name() == name)?;
        if file.size() > 4096 {
            return None;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).ok()?;
        let first = text.lines().next()?;
        let rest = first
            .strip_prefix(language.comment())?
            .strip_prefix(" lambda-conformance test handler")?;
        let (behaviour, variant) = match rest.strip_prefix(", variant ") {
            Some(v) => (Behaviour::Echo, v),
            None => {
                let (name, v) = rest.strip_prefix(": ")?.split_once(", variant ")?;
                (Behaviour::from_name(name)?, v)
            }
        };
        let candidate = TestFunction::new(behaviour, language, variant.parse().ok()?);
        (candidate.source() == text).then_some(candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_package_is_recognised_as_itself_and_differs_by_variant() {
        for language in LANGUAGES {
            for behaviour in BEHAVIOURS {
                let f = TestFunction::new(behaviour, language, 7);
                let zip = f.zip_bytes();
                assert_eq!(zip, f.zip_bytes(), "repeatable");
                assert_eq!(&zip[..4], b"PK\x03\x04");
                assert_eq!(TestFunction::identify(&zip), Some(f));
                assert_ne!(zip, TestFunction::new(behaviour, language, 8).zip_bytes());
            }
        }
    }

    #[test]
    fn edited_or_foreign_code_is_unknown() {
        let f = TestFunction::new(Behaviour::Raise, Language::Python, 1);
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file("index.py", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(f.source().replace("raise", "return").as_bytes())
                .unwrap();
            zip.finish().unwrap();
        }
        assert_eq!(TestFunction::identify(&buf.into_inner()), None);
        assert_eq!(TestFunction::identify(b"not a zip"), None);
    }

    #[test]
    fn the_echo_package_keeps_its_historical_source() {
        assert_eq!(
            TestFunction::echo(3).source(),
            "# lambda-conformance test handler, variant 3\ndef handler(event, context):\n    return event\n"
        );
    }
}
