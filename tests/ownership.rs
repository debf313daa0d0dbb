//! The run touches only what it created (against a real moto server): a prefix
//! under which functions exist already is refused before any of them is
//! touched, and an SQS queue of the name the run would create is not adopted.

use lambda_conformance::catalog::Catalog;
use lambda_conformance::client::{Client, Credentials, Settings};
use lambda_conformance::runner::{RunPlan, Silent, execute};
use lambda_conformance::session::{package, provision};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

fn endpoint() -> String {
    match std::env::var("LC_MOTO_ENDPOINT") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "set LC_MOTO_ENDPOINT to a moto server's URL (scripts/test.sh starts moto and sets it)"
        ),
    }
}

fn client(url: &str) -> Client {
    Client::new(Settings::new(
        url.to_string(),
        "us-east-1",
        Credentials::dummy(),
        Duration::from_secs(30),
    ))
    .expect("client builds")
}

fn fresh_prefix(tag: &str) -> String {
    format!(
        "lc-{}{tag}-",
        &uuid::Uuid::new_v4().simple().to_string()[..4]
    )
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn an_existing_function_under_the_prefix_refuses_the_run_and_is_left_alone() {
    let url = endpoint();
    let c = client(&url);
    let catalog = Catalog::embedded();
    let prefix = fresh_prefix("own");
    let role = format!("{prefix}theirs-role");
    let role_arn = provision::create_role(&c, &role)
        .await
        .expect("moto emulates IAM");
    let theirs = format!("{prefix}fn");
    let create = catalog.get("CreateFunction").expect("catalog op");
    let created = c
        .call(
            create,
            &json!({"FunctionName": theirs, "Runtime": "python3.12", "Role": role_arn,
                    "Handler": "index.handler", "Code": {"ZipFile": package::zip_base64(1)}}),
        )
        .await;
    assert_eq!(created.status(), Some(201), "set-up: {:?}", created.outcome);

    let mut plan = RunPlan::new(Some(url.clone()), &prefix);
    plan.boundaries = None;
    plan.budget.cases = 0;
    let err = execute(plan, Arc::new(Silent))
        .await
        .expect_err("a prefix in use is refused");
    let text = format!("{err:#}");
    assert!(
        text.contains(&theirs) && text.contains("--reuse-prefix"),
        "{text}"
    );

    let get = catalog.get("GetFunction").expect("catalog op");
    let still = c.call(get, &json!({"FunctionName": theirs})).await;
    assert_eq!(
        still.status(),
        Some(200),
        "the pre-existing function is untouched"
    );
    let delete = catalog.get("DeleteFunction").expect("catalog op");
    c.call(delete, &json!({"FunctionName": theirs})).await;
    let _ = provision::delete_role(&c, &role).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs LC_MOTO_ENDPOINT (a moto server; scripts/test.sh starts one and sets it)"]
async fn an_existing_queue_of_the_runs_name_is_not_adopted() {
    let url = endpoint();
    let c = client(&url);
    let prefix = fresh_prefix("que");
    let (queue_url, _) = provision::create_queue(&c, &format!("{prefix}queue"))
        .await
        .expect("moto emulates SQS");

    let mut plan = RunPlan::new(Some(url.clone()), &prefix);
    plan.boundaries = None;
    plan.budget.cases = 0;
    let err = execute(plan, Arc::new(Silent))
        .await
        .expect_err("a queue that exists already is not the run's");
    assert!(format!("{err:#}").contains("exists already"), "{err:#}");
    assert_eq!(
        provision::existing_queue(&c, &format!("{prefix}queue")).await,
        Some(queue_url.clone()),
        "the pre-existing queue is untouched"
    );
    provision::delete_queue(&c, &queue_url)
        .await
        .expect("the test's own queue is deleted");
}
