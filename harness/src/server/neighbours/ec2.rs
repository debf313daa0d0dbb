//! EC2's query protocol for what a VpcConfig names: VPCs, subnets and
//! security groups (create, describe, delete), XML answers as EC2 gives them.
//! The first EC2 call makes the account's default VPC, subnets and security
//! group ([`lambda_model::neighbours::Ec2::open`]).

use super::{Call, response, xml_escape};
use axum::body::Body;
use axum::http::Response;
use lambda_model::Model;
use lambda_model::neighbours::{SecurityGroup, Subnet};

/// The actions served.
pub const ACTIONS: &[&str] = &[
    "CreateVpc",
    "DescribeVpcs",
    "DeleteVpc",
    "CreateSubnet",
    "DescribeSubnets",
    "DeleteSubnet",
    "CreateSecurityGroup",
    "DescribeSecurityGroups",
    "DeleteSecurityGroup",
];

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

pub fn handle(model: &mut Model, call: &Call<'_>) -> Response<Body> {
    let form = call.form();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // members of a list parameter: `SubnetId.1`, `SubnetId.2`, … (or `GroupId.N`)
    let list = |k: &str| -> Vec<String> {
        let prefix = format!("{k}.");
        form.iter()
            .filter(|(n, _)| n.starts_with(&prefix))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let (account, region) = (
        model.config().account.clone(),
        model.config().region.clone(),
    );
    let ec2 = &mut model.neighbours_mut().ec2;
    ec2.open(&region);
    let action = get("Action").unwrap_or("");
    match action {
        "CreateVpc" => {
            let cidr = get("CidrBlock").unwrap_or("10.0.0.0/16").to_string();
            let id = ec2.new_id("vpc");
            ec2.vpcs.insert(id.clone(), (cidr.clone(), false));
            ok(
                call,
                action,
                &format!("<vpc>{}</vpc>", vpc_xml(&id, &cidr, false, &account)),
            )
        }
        "DescribeVpcs" => {
            let wanted = list("VpcId");
            if let Some(id) = wanted.iter().find(|v| !ec2.vpcs.contains_key(*v)) {
                return error(
                    call,
                    "InvalidVpcID.NotFound",
                    &format!("The vpc ID '{id}' does not exist"),
                );
            }
            let items: String = ec2
                .vpcs
                .iter()
                .filter(|(id, _)| wanted.is_empty() || wanted.contains(id))
                .map(|(id, (cidr, default))| {
                    format!("<item>{}</item>", vpc_xml(id, cidr, *default, &account))
                })
                .collect();
            ok(call, action, &format!("<vpcSet>{items}</vpcSet>"))
        }
        "DeleteVpc" => {
            let id = get("VpcId").unwrap_or("");
            if ec2.vpcs.remove(id).is_none() {
                return error(
                    call,
                    "InvalidVpcID.NotFound",
                    &format!("The vpc ID '{id}' does not exist"),
                );
            }
            ok(call, action, "<return>true</return>")
        }
        "CreateSubnet" => {
            let vpc = get("VpcId").unwrap_or("").to_string();
            if !ec2.vpcs.contains_key(&vpc) {
                return error(
                    call,
                    "InvalidVpcID.NotFound",
                    &format!("The vpc ID '{vpc}' does not exist"),
                );
            }
            let subnet = Subnet {
                vpc,
                cidr: get("CidrBlock").unwrap_or("10.0.0.0/24").to_string(),
                zone: get("AvailabilityZone").map_or_else(|| format!("{region}a"), str::to_string),
                default: false,
            };
            let id = ec2.new_id("subnet");
            let body = format!(
                "<subnet>{}</subnet>",
                subnet_xml(&id, &subnet, &account, &region)
            );
            ec2.subnets.insert(id, subnet);
            ok(call, action, &body)
        }
        "DescribeSubnets" => {
            let wanted = list("SubnetId");
            if let Some(id) = wanted.iter().find(|s| !ec2.subnets.contains_key(*s)) {
                // the text Lambda quotes (recorded: test_invalid_vpc_config_subnet)
                return error(
                    call,
                    "InvalidSubnetID.NotFound",
                    &format!("The subnet ID '{id}' does not exist"),
                );
            }
            let items: String = ec2
                .subnets
                .iter()
                .filter(|(id, _)| wanted.is_empty() || wanted.contains(id))
                .map(|(id, s)| format!("<item>{}</item>", subnet_xml(id, s, &account, &region)))
                .collect();
            ok(call, action, &format!("<subnetSet>{items}</subnetSet>"))
        }
        "DeleteSubnet" => {
            let id = get("SubnetId").unwrap_or("");
            if ec2.subnets.remove(id).is_none() {
                return error(
                    call,
                    "InvalidSubnetID.NotFound",
                    &format!("The subnet ID '{id}' does not exist"),
                );
            }
            ok(call, action, "<return>true</return>")
        }
        "CreateSecurityGroup" => {
            let (Some(name), Some(description)) = (get("GroupName"), get("GroupDescription"))
            else {
                return error(
                    call,
                    "MissingParameter",
                    "The request must contain the parameter GroupName and GroupDescription",
                );
            };
            let vpc = get("VpcId").map_or_else(
                || {
                    ec2.vpcs
                        .iter()
                        .find(|(_, (_, d))| *d)
                        .map(|(id, _)| id.clone())
                        .unwrap_or_default()
                },
                str::to_string,
            );
            if !ec2.vpcs.contains_key(&vpc) {
                return error(
                    call,
                    "InvalidVpcID.NotFound",
                    &format!("The vpc ID '{vpc}' does not exist"),
                );
            }
            if ec2.groups.values().any(|g| g.name == name && g.vpc == vpc) {
                return error(
                    call,
                    "InvalidGroup.Duplicate",
                    &format!("The security group '{name}' already exists for VPC '{vpc}'"),
                );
            }
            let id = ec2.new_id("sg");
            ec2.groups.insert(
                id.clone(),
                SecurityGroup {
                    name: name.to_string(),
                    description: description.to_string(),
                    vpc,
                },
            );
            ok(
                call,
                action,
                &format!("<return>true</return><groupId>{id}</groupId>"),
            )
        }
        "DescribeSecurityGroups" => {
            let wanted = list("GroupId");
            if let Some(id) = wanted.iter().find(|g| !ec2.groups.contains_key(*g)) {
                // the text Lambda quotes (recorded: test_invalid_vpc_config_security_group)
                return error(
                    call,
                    "InvalidGroup.NotFound",
                    &format!("The security group '{id}' does not exist"),
                );
            }
            let items: String = ec2
                .groups
                .iter()
                .filter(|(id, _)| wanted.is_empty() || wanted.contains(id))
                .map(|(id, g)| {
                    format!(
                        "<item><ownerId>{account}</ownerId><groupId>{id}</groupId><groupName>{}</groupName><groupDescription>{}</groupDescription><vpcId>{}</vpcId><ipPermissions/><ipPermissionsEgress/><tagSet/></item>",
                        xml_escape(&g.name),
                        xml_escape(&g.description),
                        g.vpc
                    )
                })
                .collect();
            ok(
                call,
                action,
                &format!("<securityGroupInfo>{items}</securityGroupInfo>"),
            )
        }
        "DeleteSecurityGroup" => {
            let id = get("GroupId").unwrap_or("");
            if ec2.groups.remove(id).is_none() {
                return error(
                    call,
                    "InvalidGroup.NotFound",
                    &format!("The security group '{id}' does not exist"),
                );
            }
            ok(call, action, "<return>true</return>")
        }
        other => error(
            call,
            "InvalidAction",
            &format!("The action {other} is not valid for this web service."),
        ),
    }
}

fn vpc_xml(id: &str, cidr: &str, default: bool, account: &str) -> String {
    format!(
        "<vpcId>{id}</vpcId><ownerId>{account}</ownerId><state>available</state><cidrBlock>{}</cidrBlock><isDefault>{default}</isDefault><instanceTenancy>default</instanceTenancy>",
        xml_escape(cidr)
    )
}

fn subnet_xml(id: &str, s: &Subnet, account: &str, region: &str) -> String {
    format!(
        "<subnetId>{id}</subnetId><subnetArn>arn:aws:ec2:{region}:{account}:subnet/{id}</subnetArn><state>available</state><vpcId>{}</vpcId><cidrBlock>{}</cidrBlock><availabilityZone>{}</availabilityZone><defaultForAz>{}</defaultForAz><mapPublicIpOnLaunch>{}</mapPublicIpOnLaunch><ownerId>{account}</ownerId><availableIpAddressCount>4091</availableIpAddressCount><tagSet/>",
        s.vpc,
        xml_escape(&s.cidr),
        s.zone,
        s.default,
        s.default
    )
}

fn ok(call: &Call<'_>, action: &str, result: &str) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NS}\"><requestId>{}</requestId>{result}</{action}Response>",
        call.request_id
    );
    response(
        200,
        &[("content-type", "text/xml;charset=UTF-8".into())],
        body,
    )
}

/// EC2's error document: `Response/Errors/Error` and `RequestID`, status 400.
fn error(call: &Call<'_>, code: &str, message: &str) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{}</Message></Error></Errors><RequestID>{}</RequestID></Response>",
        xml_escape(message),
        call.request_id
    );
    response(
        400,
        &[("content-type", "text/xml;charset=UTF-8".into())],
        body,
    )
}
