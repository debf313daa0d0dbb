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
    /// Timeout of an Invoke (the function runs while the request waits).
    pub invoke_timeout: Duration,
    /// After this many requests in a row without an answer (timeouts, refused
    /// connections) the endpoint counts as unresponsive and the client's
    /// [`super::Stop`] is set; 0 never.
    pub unresponsive_after: u32,
}

impl Settings {
    /// Settings with one timeout for every request and no unresponsiveness limit.
    pub fn new(
        endpoint: impl Into<String>,
        region: impl Into<String>,
        credentials: Credentials,
        timeout: Duration,
    ) -> Settings {
        Settings {
            endpoint: endpoint.into(),
            region: region.into(),
            credentials,
            timeout,
            invoke_timeout: timeout,
            unresponsive_after: 0,
        }
    }
}

/// The endpoint URL: the flag, else `AWS_ENDPOINT_URL_LAMBDA`, else
/// `AWS_ENDPOINT_URL`; None when none is set. A value that is set but empty
/// is an error naming where it came from (in CI an unset variable must not
/// silently mean the embedded endpoint).
pub fn endpoint_from_env(flag: Option<&str>) -> Result<Option<String>, String> {
    let sources = [
        ("--endpoint-url", flag.map(str::to_string)),
        (
            "AWS_ENDPOINT_URL_LAMBDA",
            std::env::var("AWS_ENDPOINT_URL_LAMBDA").ok(),
        ),
        ("AWS_ENDPOINT_URL", std::env::var("AWS_ENDPOINT_URL").ok()),
    ];
    for (name, value) in sources {
        if let Some(v) = value {
            let v = v.trim();
            if v.is_empty() {
                return Err(format!(
                    "{name} is set but empty; give the endpoint's URL, or unset it to use the embedded reference endpoint"
                ));
            }
            return Ok(Some(v.trim_end_matches('/').to_string()));
        }
    }
    Ok(None)
}

/// The region: the flag, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else
/// the profile's, else `us-east-1`.
pub fn region_from_env(flag: Option<&str>, profile: Option<&str>) -> String {
    [
        flag.map(str::to_string),
        std::env::var("AWS_REGION").ok(),
        std::env::var("AWS_DEFAULT_REGION").ok(),
        profile.map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .map(|s| s.trim().to_string())
    .find(|s| !s.is_empty())
    .unwrap_or_else(|| "us-east-1".into())
}

/// Domains of AWS's own endpoints, in every partition: standard, China,
/// dual-stack (`api.aws`), function URLs (`on.aws`) and the isolated ones.
const AWS_DOMAINS: &[&str] = &[
    "amazonaws.com",
    "amazonaws.com.cn",
    "api.aws",
    "on.aws",
    "c2s.ic.gov",
    "sc2s.sgov.gov",
    "cloud.adc-e.uk",
    "csp.hci.ic.gov",
];

/// The host of a URL as it is resolved: lower case, IDNA, no trailing dot,
/// user info and port removed.
pub fn normalised_host(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    Some(host)
}

/// Whether a URL points at AWS itself: any host in an AWS endpoint domain
/// (FIPS and dual-stack forms included), however it is written. A URL that
/// cannot be parsed counts as AWS, so that it is refused rather than sent to.
pub fn is_aws_endpoint(url: &str) -> bool {
    let Some(host) = normalised_host(url) else {
        return true;
    };
    AWS_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
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
        assert!(!is_aws_endpoint("http://localhost:4566"));
        for aws in [
            "https://lambda.us-east-1.amazonaws.com.",
            "https://LAMBDA.US-EAST-1.AMAZONAWS.COM",
            "https://lambda.us-east-1.api.aws",
            "https://lambda-fips.us-gov-west-1.amazonaws.com",
            "https://abc.lambda-url.us-east-1.on.aws/",
            "http://127.0.0.1@lambda.us-east-1.amazonaws.com",
            "https://lambda.us-east-1.amazonaws.com:443/",
            "not a url",
        ] {
            assert!(is_aws_endpoint(aws), "{aws} is AWS");
        }
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
