//! The harness's own cost per exchange: building and signing a request,
//! checking a response, and a whole round trip against the in-process
//! embedded endpoint. Run with `cargo bench --bench exchange`.

use criterion::{Criterion, criterion_group, criterion_main};
use lambda_conformance::catalog::Catalog;
use lambda_conformance::checks::check_exchange;
use lambda_conformance::client::{
    Client, Credentials, Exchange, RecordedRequest, RecordedResponse, Settings, build_request,
    signing,
};
use lambda_conformance::session::package;
use serde_json::json;
use std::hint::black_box;
use std::time::{Duration, SystemTime};

fn create_input() -> serde_json::Value {
    json!({
        "FunctionName": "lc-bench0-fn",
        "Runtime": "python3.12",
        "Role": "arn:aws:iam::123456789012:role/r",
        "Handler": "index.handler",
        "Code": {"ZipFile": package::zip_base64(1)},
        "Timeout": 3,
        "MemorySize": 128,
    })
}

fn build_and_sign(c: &mut Criterion) {
    let op = Catalog::embedded().get("CreateFunction").unwrap();
    let input = create_input();
    let creds = Credentials::dummy();
    c.bench_function("build+sign CreateFunction", |b| {
        b.iter(|| {
            let req = build_request(op, black_box(&input)).unwrap();
            let url = format!("http://127.0.0.1:5001{}", req.path_and_query);
            let mut headers = req.headers.clone();
            headers.push(("host".into(), "127.0.0.1:5001".into()));
            black_box(
                signing::sign_headers(
                    &creds,
                    signing::Scope {
                        region: "us-east-1",
                        service: "lambda",
                    },
                    &req.method,
                    &url,
                    &headers,
                    &req.body,
                    SystemTime::now(),
                )
                .unwrap(),
            )
        })
    });
}

fn check(c: &mut Criterion) {
    let op = Catalog::embedded().get("GetFunction").unwrap();
    let body = json!({
        "Configuration": {"FunctionName": "f", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f", "Runtime": "python3.12",
            "Role": "arn:aws:iam::123456789012:role/r", "Handler": "index.handler", "CodeSize": 300, "Description": "", "Timeout": 3,
            "MemorySize": 128, "LastModified": "2026-01-01T00:00:00.000+0000", "CodeSha256": "abc", "Version": "$LATEST",
            "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": "0f8fad5b-d9cb-469f-a165-70867728950e", "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["x86_64"], "EphemeralStorage": {"Size": 512}},
        "Code": {"RepositoryType": "S3", "Location": "https://example.invalid/code.zip"}
    });
    let ex = Exchange {
        operation: "GetFunction".into(),
        input: json!({"FunctionName": "f"}),
        request: RecordedRequest {
            method: "GET".into(),
            url: String::new(),
            headers: vec![],
            body: String::new(),
        },
        outcome: Ok(RecordedResponse::new(
            200,
            vec![("content-type".into(), "application/json".into())],
            body.to_string().as_bytes(),
        )),
        elapsed_ms: 0,
    };
    op.output_body_validator();
    c.bench_function("check GetFunction response", |b| {
        b.iter(|| black_box(check_exchange(op, black_box(&ex), None)))
    });
}

fn round_trip(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt
        .block_on(lambda_conformance::server::start(
            ([127, 0, 0, 1], 0).into(),
            lambda_model::Config::default(),
        ))
        .unwrap();
    let client = Client::new(Settings::new(
        server.url(),
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(5),
    ))
    .unwrap();
    let op = Catalog::embedded().get("GetFunction").unwrap();
    rt.block_on(client.call(
        Catalog::embedded().get("CreateFunction").unwrap(),
        &create_input(),
    ));
    let input = json!({"FunctionName": "lc-bench0-fn"});
    c.bench_function(
        "round trip GetFunction (embedded endpoint, build+sign+send+check)",
        |b| {
            b.iter(|| {
                rt.block_on(async {
                    let ex = client.call(op, &input).await;
                    black_box(check_exchange(op, &ex, None))
                })
            })
        },
    );
}

/// Generating the edge values of every constraint of CreateFunction (both
/// sides), each placed in the base request and checked to break exactly its
/// constraint: the boundary probes' own cost, without the endpoint.
fn boundary_values(c: &mut Criterion) {
    use lambda_conformance::boundary::{Side, constraints, values};
    let catalog = Catalog::embedded();
    let op = catalog.get("CreateFunction").unwrap();
    let base = create_input();
    c.bench_function(
        "boundary edge values, all CreateFunction constraints",
        |b| {
            b.iter(|| {
                let mut found = 0usize;
                for k in constraints::of_operation(catalog, op) {
                    for side in [Side::Invalid, Side::Valid] {
                        let seeds: Vec<serde_json::Value> =
                            base.pointer(&k.pointer()).cloned().into_iter().collect();
                        for e in values::candidates(&op.schema, &k, side, &seeds, "lc-bench0-") {
                            let input = values::apply(&op.schema, &base, &k.path, &e);
                            let invalid =
                                lambda_conformance::oracle::validate::validate(op, &input);
                            if invalid.is_some() == (side == Side::Invalid) {
                                found += 1;
                                break;
                            }
                        }
                    }
                }
                black_box(found)
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = build_and_sign, check, round_trip, boundary_values
}
criterion_main!(benches);
