//! SigV4 signing with the `aws-sigv4` crate.

use super::settings::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;

/// Credential scope of a signature.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Region, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name of the service, e.g. `lambda`.
    pub service: &'a str,
}

/// Signs a request; returns the headers to add (authorization, x-amz-date, ...).
pub fn sign_headers(
    credentials: &Credentials,
    scope: Scope<'_>,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let identity = aws_credential_types::Credentials::new(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        credentials.session_token.clone(),
        None,
        "lambda-conformance",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot build signing parameters: {e}"))?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .map_err(|e| format!("cannot sign request: {e}"))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| format!("cannot sign request: {e}"))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

/// The Authorization header with the credential and signature removed, for transcripts.
pub fn redact_authorization(value: &str) -> String {
    let signed_headers = value
        .split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("SignedHeaders="))
        .unwrap_or("");
    format!(
        "AWS4-HMAC-SHA256 Credential=<redacted>, SignedHeaders={signed_headers}, Signature=<redacted>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_redacts() {
        let creds = Credentials {
            access_key_id: "AKID".into(),
            secret_access_key: "SECRET".into(),
            session_token: Some("TOKEN".into()),
        };
        let headers = vec![("host".to_string(), "127.0.0.1:5001".to_string())];
        let added = sign_headers(
            &creds,
            Scope {
                region: "us-east-1",
                service: "lambda",
            },
            "GET",
            "http://127.0.0.1:5001/2015-03-31/functions",
            &headers,
            b"",
            SystemTime::UNIX_EPOCH,
        )
        .unwrap();
        let auth = added
            .iter()
            .find(|(k, _)| k == "authorization")
            .map(|(_, v)| v.clone())
            .unwrap();
        assert!(auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/19700101/us-east-1/lambda/aws4_request"
        ));
        let red = redact_authorization(&auth);
        assert!(
            !red.contains("AKID")
                && red.contains("SignedHeaders=host;x-amz-date")
                && !red.contains(&auth[auth.len() - 10..])
        );
        assert!(
            added
                .iter()
                .any(|(k, v)| k == "x-amz-security-token" && v == "TOKEN")
        );
    }
}
