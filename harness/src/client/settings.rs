//! Where and how to reach an endpoint: URL, region and credentials, from
//! flags and the standard AWS environment variables.

use std::time::Duration;

/// AWS credentials. `Debug` never shows the secret or the session token.
#[derive(Clone)]
pub struct Credentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token, for temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Option<Credentials> {
        let id = std::env::var("AWS_ACCESS_KEY_ID")
            .ok()
            .filter(|s| !s.is_empty())?;
        let secret = std::env::var("AWS_SECRET_ACCESS_KEY")
            .ok()
            .filter(|s| !s.is_empty())?;
        Some(Credentials {
            access_key_id: id,
            secret_access_key: secret,
            session_token: std::env::var("AWS_SESSION_TOKEN")
                .ok()
                .filter(|s| !s.is_empty()),
        })
    }

    /// Dummy credentials, fine for emulators (they accept any signature).
    pub fn dummy() -> Credentials {
        Credentials {
            access_key_id: "testing".into(),
            secret_access_key: "testing".into(),
            session_token: None,
        }
    }
}

/// Everything the client needs to reach an endpoint.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base URL, e.g. `http://127.0.0.1:5001`.
    pub endpoint: String,
    /// Region used for signing and in ARNs.
    pub region: String,
    /// Credentials for signing.
    pub credentials: Credentials,
    /// Timeout of one request, from connecting to the last byte of the response.
    pub timeout: Duration,
}

/// The endpoint URL: the flag, else `AWS_ENDPOINT_URL_LAMBDA`, else `AWS_ENDPOINT_URL`.
pub fn endpoint_from_env(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| std::env::var("AWS_ENDPOINT_URL_LAMBDA").ok())
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().trim_end_matches('/').to_string())
}

/// The region: the flag, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `us-east-1`.
pub fn region_from_env(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "us-east-1".into())
}

/// Whether a URL points at AWS itself (`*.amazonaws.com` or `*.amazonaws.com.cn`).
pub fn is_aws_endpoint(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    host == "amazonaws.com"
        || host.ends_with(".amazonaws.com")
        || host.ends_with(".amazonaws.com.cn")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_aws_hosts() {
        assert!(is_aws_endpoint("https://lambda.us-east-1.amazonaws.com"));
        assert!(is_aws_endpoint(
            "https://lambda.cn-north-1.amazonaws.com.cn/"
        ));
        assert!(!is_aws_endpoint("http://127.0.0.1:5001"));
        assert!(!is_aws_endpoint("http://amazonaws.com.evil.example"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let c = Credentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: "s3cr3t".into(),
            session_token: Some("tok".into()),
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("tok") && !shown.contains("AKIAEXAMPLE")
        );
    }
}
