//! IAM's query protocol for the role calls the runner makes: CreateRole,
//! GetRole, DeleteRole, ListRoles (XML answers as IAM gives them).

use super::{Call, response, xml_escape};
use axum::body::Body;
use axum::http::Response;
use lambda_model::Model;
use lambda_model::neighbours::Role;
use sha2::Digest;

/// The actions served.
pub const ACTIONS: &[&str] = &["CreateRole", "GetRole", "DeleteRole", "ListRoles"];

const NS: &str = "https://iam.amazonaws.com/doc/2010-05-08/";

pub fn handle(model: &mut Model, call: &Call<'_>) -> Response<Body> {
    let form = call.form();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let account = model.config().account.clone();
    let neighbours = model.neighbours_mut();
    if get("Action") == Some("CreateRole") {
        neighbours.iam_used = true;
    }
    let roles = &mut neighbours.roles;
    let action = get("Action").unwrap_or("");
    match action {
        "CreateRole" => {
            let (Some(name), Some(policy)) = (get("RoleName"), get("AssumeRolePolicyDocument"))
            else {
                return error(
                    call,
                    400,
                    "ValidationError",
                    "RoleName and AssumeRolePolicyDocument are required.",
                );
            };
            if roles.contains_key(name) {
                return error(
                    call,
                    409,
                    "EntityAlreadyExists",
                    &format!("Role with name {name} already exists."),
                );
            }
            let path = get("Path").unwrap_or("/").to_string();
            let digest = sha2::Sha256::digest(format!("{account}/{name}").as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
            let role = Role {
                arn: format!("arn:aws:iam::{account}:role{path}{name}"),
                id: format!("AROA{}", &hex[..17]),
                path,
                trust_policy: policy.to_string(),
                created: super::now_iso(),
            };
            let body = role_xml(name, &role);
            roles.insert(name.to_string(), role);
            ok(call, "CreateRole", &body)
        }
        "GetRole" => match get("RoleName").and_then(|n| roles.get(n).map(|r| (n, r))) {
            Some((name, role)) => ok(call, "GetRole", &role_xml(name, role)),
            None => missing(call, get("RoleName").unwrap_or("")),
        },
        "DeleteRole" => match get("RoleName").and_then(|n| roles.remove(n)) {
            Some(_) => ok(call, "DeleteRole", ""),
            None => missing(call, get("RoleName").unwrap_or("")),
        },
        "ListRoles" => {
            let prefix = get("PathPrefix").unwrap_or("/");
            let max: usize = get("MaxItems")
                .and_then(|m| m.parse().ok())
                .unwrap_or(100)
                .clamp(1, 1000);
            let after = get("Marker").unwrap_or("");
            let matching: Vec<_> = roles
                .iter()
                .filter(|(n, r)| r.path.starts_with(prefix) && n.as_str() > after)
                .collect();
            let page = &matching[..matching.len().min(max)];
            let members: String = page
                .iter()
                .map(|(n, r)| format!("<member>{}</member>", role_fields(n, r)))
                .collect();
            let truncated = matching.len() > page.len();
            let marker = match (truncated, page.last()) {
                (true, Some((n, _))) => format!("<Marker>{}</Marker>", xml_escape(n)),
                _ => String::new(),
            };
            ok(
                call,
                "ListRoles",
                &format!("<IsTruncated>{truncated}</IsTruncated>{marker}<Roles>{members}</Roles>"),
            )
        }
        other => error(
            call,
            400,
            "InvalidAction",
            &format!("The action {other} is not valid for this endpoint."),
        ),
    }
}

fn role_fields(name: &str, r: &Role) -> String {
    let policy: String =
        percent_encoding::utf8_percent_encode(&r.trust_policy, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    format!(
        "<Path>{}</Path><RoleName>{}</RoleName><RoleId>{}</RoleId><Arn>{}</Arn><CreateDate>{}</CreateDate><AssumeRolePolicyDocument>{}</AssumeRolePolicyDocument>",
        xml_escape(&r.path),
        xml_escape(name),
        r.id,
        xml_escape(&r.arn),
        r.created,
        policy
    )
}

fn role_xml(name: &str, r: &Role) -> String {
    format!("<Role>{}</Role>", role_fields(name, r))
}

fn ok(call: &Call<'_>, action: &str, result: &str) -> Response<Body> {
    let body = format!(
        "<{action}Response xmlns=\"{NS}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>{}</RequestId></ResponseMetadata></{action}Response>",
        call.request_id
    );
    response(200, &[("content-type", "text/xml".into())], body)
}

fn missing(call: &Call<'_>, name: &str) -> Response<Body> {
    error(
        call,
        404,
        "NoSuchEntity",
        &format!("The role with name {name} cannot be found."),
    )
}

fn error(call: &Call<'_>, status: u16, code: &str, message: &str) -> Response<Body> {
    let body = format!(
        "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{}</Message></Error><RequestId>{}</RequestId></ErrorResponse>",
        xml_escape(message),
        call.request_id
    );
    response(status, &[("content-type", "text/xml".into())], body)
}
