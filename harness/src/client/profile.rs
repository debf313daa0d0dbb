//! AWS's shared configuration (`~/.aws/config`, `~/.aws/credentials`, or the
//! files `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` name), read with
//! the `aws-config` crate as the AWS CLI and SDKs read it: a profile's region,
//! its static credentials, and its Lambda endpoint (`endpoint_url` in the
//! profile's `services` section for `lambda`, else the profile's own).
//! Nothing is fetched over the network: static credentials only (a profile
//! that assumes a role or uses SSO is refused with what to do instead).

use super::settings::Credentials;
use anyhow::{Context, Result, bail};
use aws_runtime::env_config::EnvConfigValue;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use std::borrow::Cow;

/// What a profile says about reaching Lambda.
#[derive(Debug, Default)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// `endpoint_url` for Lambda (services section first, then the profile's own).
    pub endpoint_url: Option<String>,
    /// `region`.
    pub region: Option<String>,
    /// Static credentials (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`).
    pub credentials: Option<Credentials>,
}

/// The profile to read: `--profile`, else `AWS_PROFILE`; None reads none
/// (the run then uses the environment's settings and the defaults).
pub fn selected(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok())
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
}

/// Reads profile `name` (on a thread of its own, so it can be called from
/// async code and from plain code alike). A profile that does not exist is an
/// error that says which files were read.
pub fn load(name: &str) -> Result<Profile> {
    let owned = name.to_string();
    std::thread::scope(|s| {
        s.spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start a runtime to read the AWS profile")?
                .block_on(read(&owned))
        })
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("reading the AWS profile `{name}` failed")))
    })
}

async fn read(name: &str) -> Result<Profile> {
    let (fs, env) = (Fs::real(), Env::real());
    let files = || {
        format!(
            "{} and {}",
            std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".into()),
            std::env::var("AWS_SHARED_CREDENTIALS_FILE")
                .unwrap_or_else(|_| "~/.aws/credentials".into())
        )
    };
    let set = aws_config::profile::load(
        &fs,
        &env,
        &EnvConfigFiles::default(),
        Some(Cow::Owned(name.to_string())),
    )
    .await
    .with_context(|| format!("cannot read the AWS profile `{name}` from {}", files()))?;
    let Some(profile) = set.get_profile(name) else {
        bail!(
            "there is no AWS profile `{name}` in {}; `aws configure list-profiles` lists them",
            files()
        );
    };
    let endpoint_url = EnvConfigValue::new()
        .profile("endpoint_url")
        .service_id("Lambda")
        .load(&env, Some(&set))
        .map(|(v, _)| v.into_owned())
        .or_else(|| profile.get("endpoint_url").map(str::to_string))
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty());
    let credentials = match (
        profile.get("aws_access_key_id"),
        profile.get("aws_secret_access_key"),
    ) {
        (Some(id), Some(secret)) => Some(Credentials {
            access_key_id: id.to_string(),
            secret_access_key: secret.to_string(),
            session_token: profile.get("aws_session_token").map(str::to_string),
        }),
        _ => None,
    };
    if credentials.is_none()
        && let Some(kind) = [
            "role_arn",
            "sso_session",
            "sso_start_url",
            "credential_process",
        ]
        .into_iter()
        .find(|k| profile.get(k).is_some())
    {
        bail!(
            "the AWS profile `{name}` gets its credentials through `{kind}`, which this tool does not follow; \
             export them first (`eval \"$(aws configure export-credentials --profile {name} --format env)\"`)"
        );
    }
    Ok(Profile {
        name: name.to_string(),
        endpoint_url,
        region: profile.get("region").map(str::to_string),
        credentials,
    })
}
