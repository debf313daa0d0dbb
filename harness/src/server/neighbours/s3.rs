//! S3's REST-XML protocol for code packages: CreateBucket, PutObject,
//! GetObject, HeadObject, DeleteObject, DeleteBucket; path-style
//! (`/bucket/key`) and virtual-hosted (`bucket.localhost`) addressing.

use super::{Call, response, xml_escape};
use axum::body::Body;
use axum::http::{Method, Response};
use lambda_model::Model;
use sha2::Digest;

pub fn handle(model: &mut Model, call: &Call<'_>) -> Response<Body> {
    let (bucket, key) = address(call);
    let buckets = &mut model.neighbours_mut().buckets;
    let method = call.method;
    if bucket.is_empty() {
        return error(
            call,
            501,
            "NotImplemented",
            "Only bucket and object calls are served.",
            "",
        );
    }
    match (method, key.is_empty()) {
        (m, true) if m == Method::PUT => {
            buckets.entry(bucket.clone()).or_default();
            response(200, &[("location", format!("/{bucket}"))], Body::empty())
        }
        (m, true) if m == Method::DELETE => match buckets.get(&bucket) {
            None => no_bucket(call, &bucket),
            Some(b) if !b.objects.is_empty() => error(
                call,
                409,
                "BucketNotEmpty",
                "The bucket you tried to delete is not empty",
                &bucket,
            ),
            Some(_) => {
                buckets.remove(&bucket);
                response(204, &[], Body::empty())
            }
        },
        (m, true) if m == Method::HEAD => match buckets.contains_key(&bucket) {
            true => response(200, &[], Body::empty()),
            false => response(404, &[], Body::empty()),
        },
        (_, true) => error(
            call,
            501,
            "NotImplemented",
            "Only bucket and object calls are served.",
            "",
        ),
        (m, false) if m == Method::PUT => {
            let Some(b) = buckets.get_mut(&bucket) else {
                return no_bucket(call, &bucket);
            };
            let bytes = payload(call);
            let etag = etag(&bytes);
            b.objects.insert(key, bytes);
            response(200, &[("etag", etag)], Body::empty())
        }
        (m, false) if m == Method::GET || m == Method::HEAD => {
            let Some(b) = buckets.get(&bucket) else {
                return if m == Method::HEAD {
                    response(404, &[], Body::empty())
                } else {
                    no_bucket(call, &bucket)
                };
            };
            let Some(bytes) = b.objects.get(&key) else {
                return if m == Method::HEAD {
                    response(404, &[], Body::empty())
                } else {
                    error(
                        call,
                        404,
                        "NoSuchKey",
                        "The specified key does not exist.",
                        &key,
                    )
                };
            };
            let headers = [
                ("etag", etag(bytes)),
                ("content-length", bytes.len().to_string()),
                ("content-type", "binary/octet-stream".into()),
            ];
            let body = if m == Method::HEAD {
                Body::empty()
            } else {
                Body::from(bytes.clone())
            };
            response(200, &headers, body)
        }
        (m, false) if m == Method::DELETE => {
            if let Some(b) = buckets.get_mut(&bucket) {
                b.objects.remove(&key);
            }
            response(204, &[], Body::empty())
        }
        _ => error(
            call,
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            "",
        ),
    }
}

/// (bucket, key) from a virtual-hosted `Host` (`bucket.localhost:port`) or the path.
fn address(call: &Call<'_>) -> (String, String) {
    let path = call.uri.path().trim_start_matches('/');
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let host = call.host().split(':').next().unwrap_or("");
    if let Some(bucket) = host.strip_suffix(".localhost") {
        return (bucket.to_string(), decode(path));
    }
    match path.split_once('/') {
        Some((b, k)) => (decode(b), decode(k)),
        None => (decode(path), String::new()),
    }
}

/// The object's bytes: the body, with SigV4's `aws-chunked` framing removed
/// when the client streamed it (`<hex size>[;chunk-signature=…]\r\n<data>\r\n`).
fn payload(call: &Call<'_>) -> Vec<u8> {
    let chunked = call
        .header("content-encoding")
        .is_some_and(|e| e.contains("aws-chunked"))
        || call
            .header("x-amz-content-sha256")
            .is_some_and(|s| s.starts_with("STREAMING-"));
    if !chunked {
        return call.body.to_vec();
    }
    let mut out = Vec::new();
    let mut rest: &[u8] = call.body;
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let head = String::from_utf8_lossy(&rest[..eol]);
        let size =
            usize::from_str_radix(head.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        rest = &rest[eol + 2..];
        if size == 0 || size > rest.len() {
            break;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
    out
}

/// An entity tag (quoted, 32 hex digits). S3's is the MD5 of a single-part
/// object; this one is a SHA-256 prefix: opaque to every Lambda call.
fn etag(bytes: &[u8]) -> String {
    let d = sha2::Sha256::digest(bytes);
    let hex: String = d.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

fn no_bucket(call: &Call<'_>, bucket: &str) -> Response<Body> {
    error(
        call,
        404,
        "NoSuchBucket",
        "The specified bucket does not exist",
        bucket,
    )
}

/// S3's XML error (status, code, message, the resource named).
fn error(
    call: &Call<'_>,
    status: u16,
    code: &str,
    message: &str,
    resource: &str,
) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message><Resource>{}</Resource><RequestId>{}</RequestId></Error>",
        xml_escape(message),
        xml_escape(resource),
        call.request_id
    );
    response(status, &[("content-type", "application/xml".into())], body)
}
