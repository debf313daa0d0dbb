//! CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases.

use crate::errors::ApiError;
use crate::input::Input;
use crate::lookup::{FUNCTION_REVISION_MESSAGE, version_exists};
use crate::pagination::paginate;
use crate::render::alias_configuration;
use crate::rules;
use crate::state::{Alias, Function};
use crate::{Evidence, Fault, Model, Outcome, Response};
use serde_json::{Map, Value};

impl Model {
    /// CreateAlias → 201 AliasConfiguration.
    pub(crate) fn create_alias(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        let alias_name = input.req("Name").to_string();
        let version = input.req("FunctionVersion").to_string();
        // recorded (LocalStack test_notfound_and_invalid_routingconfigs
        // `routing_config_exc_fn_doesnotexist`, 2025-11-25): the message names the
        // missing function qualified with the alias's FunctionVersion
        let f = self.functions.get(&name).ok_or_else(|| {
            self.function_not_found(&name, Some(&version), &rules::FUNCTION_MUST_EXIST)
                .with_evidence(Evidence::Recorded(
                    "localstack:test_notfound_and_invalid_routingconfigs",
                ))
        })?;
        let routing = self.check_alias_target(f, &version, input.obj("RoutingConfig"))?;
        if f.aliases.contains_key(&alias_name) {
            // inferred: wording of AWS's duplicate-alias conflict
            return Err(ApiError::conflict(
                format!(
                    "Alias already exists: {}",
                    self.qualified_arn(&name, Some(&alias_name))
                ),
                &rules::ALIAS_NAME_UNIQUE,
            ));
        }
        let alias = Alias {
            function_version: version,
            // ALI-002 (recorded): Description defaults to ""
            description: input.str("Description").unwrap_or("").to_string(),
            routing,
            revision_id: self.new_revision(),
        };
        let body = alias_configuration(
            &self.qualified_arn(&name, Some(&alias_name)),
            &alias_name,
            &alias,
        );
        self.functions
            .get_mut(&name)
            .expect("checked")
            .aliases
            .insert(alias_name, alias);
        // ALI-001/004 (recorded): 201
        Ok(Response::json(201, body, &rules::CREATE_ALIAS))
    }

    /// GetAlias → 200 AliasConfiguration.
    pub(crate) fn get_alias(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        let alias_name = input.req("Name");
        let f = self.function_or_404(&name)?;
        let arn = self.qualified_arn(&name, Some(alias_name));
        let Some(alias) = f.aliases.get(alias_name) else {
            // ALI-006 (recorded)
            return Err(ApiError::not_found(
                format!("Cannot find alias arn: {arn}"),
                &rules::ALIAS_MUST_EXIST,
            ));
        };
        // ALI-001 (recorded): identical to the CreateAlias object
        Ok(Response::json(
            200,
            alias_configuration(&arn, alias_name, alias),
            &rules::GET_ALIAS,
        ))
    }

    /// UpdateAlias → 200 AliasConfiguration.
    pub(crate) fn update_alias(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        let alias_name = input.req("Name").to_string();
        let f = self.function_or_404(&name)?;
        let arn = self.qualified_arn(&name, Some(&alias_name));
        let Some(alias) = f.aliases.get(&alias_name) else {
            // ALI-007 (recorded): different wording from GetAlias
            return Err(ApiError::not_found(
                format!("Alias not found: {arn}"),
                &rules::ALIAS_MUST_EXIST,
            )
            .with_evidence(Evidence::Recorded("ALI-007")));
        };
        // UPD-006 (recorded): GetFunction/GetAlias wording
        self.check_revision(
            input.str("RevisionId"),
            &alias.revision_id,
            FUNCTION_REVISION_MESSAGE,
            &rules::ALIAS_REVISION_MATCHES,
        )?;
        let version = input
            .str("FunctionVersion")
            .unwrap_or(&alias.function_version)
            .to_string();
        let routing = match input.obj("RoutingConfig") {
            Some(rc) => self.check_alias_target(f, &version, Some(rc)),
            None => self
                .check_alias_target(f, &version, None)
                .map(|_| alias.routing.clone()),
        }?;
        let description = input
            .str("Description")
            .map(str::to_string)
            .unwrap_or_else(|| alias.description.clone());
        let revision_id = self.new_revision();
        let updated = Alias {
            function_version: version,
            description,
            routing,
            revision_id,
        };
        let body = alias_configuration(&arn, &alias_name, &updated);
        self.functions
            .get_mut(&name)
            .expect("checked")
            .aliases
            .insert(alias_name, updated);
        // ALI-019 (recorded): 200, new RevisionId
        Ok(Response::json(200, body, &rules::UPDATE_ALIAS))
    }

    /// DeleteAlias → 204, also for a missing alias (ALI-008/009).
    pub(crate) fn delete_alias(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        self.function_or_404(&name)?;
        let alias_name = input.req("Name");
        let f = self.functions.get_mut(&name).expect("checked");
        f.aliases.remove(alias_name);
        f.policies.remove(alias_name);
        Ok(Response::empty(204, &rules::DELETE_ALIAS))
    }

    /// ListAliases → 200 {Aliases, NextMarker?}.
    pub(crate) fn list_aliases(&mut self, input: &Input) -> Outcome {
        let name = self.latest_only_target(input)?;
        let f = self.function_or_404(&name)?;
        let filter = input.str("FunctionVersion");
        let items = f
            .aliases
            .iter()
            // ALI-022 (recorded): FunctionVersion filter
            .filter(|(_, a)| filter.is_none_or(|v| a.function_version == v))
            .map(|(n, a)| {
                let arn = self.qualified_arn(&name, Some(n));
                (n.clone(), alias_configuration(&arn, n, a))
            })
            .collect();
        // inferred: 50 per page like the other function lists
        let page = paginate(self, items, input, 50)?;
        Ok(page.into_response("Aliases", &rules::LIST_ALIASES))
    }

    /// Checks an alias's version and routing config; returns the routing to store.
    fn check_alias_target(
        &self,
        f: &Function,
        version: &str,
        routing: Option<&Map<String, Value>>,
    ) -> Result<Option<Map<String, Value>>, ApiError> {
        let lax = self.has(Fault::AliasToMissingVersion);
        if !lax && !version_exists(f, version) {
            // ALI-011 (recorded)
            return Err(self.function_not_found(
                &f.name,
                Some(version),
                &rules::ALIAS_TARGET_VERSION_EXISTS,
            ));
        }
        let weights = routing
            .and_then(|r| r.get("AdditionalVersionWeights"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if weights.is_empty() {
            // ALI-003/019 (recorded): an empty map clears the routing config
            return Ok(None);
        }
        if weights.len() > 1 {
            // ALI-014 (recorded)
            return Err(ApiError::invalid(
                "Number of items in AdditionalVersionWeights cannot be greater than 1",
                &rules::ALIAS_ROUTING_ONE_VERSION,
            ));
        }
        for key in weights.keys() {
            if !lax && !version_exists(f, key) {
                // ALI-012 (recorded)
                return Err(self.function_not_found(
                    &f.name,
                    Some(key),
                    &rules::ALIAS_ROUTING_VERSION_EXISTS,
                ));
            }
        }
        if version == "$LATEST" {
            // FMT-002 (recorded: this IPVE comes without Type); wording inferred
            return Err(ApiError::invalid(
                "$LATEST is not supported for an alias pointing to more than 1 version",
                &rules::ALIAS_ROUTING_NOT_LATEST,
            )
            .untyped());
        }
        if weights.contains_key(version) {
            // inferred: the primary version cannot also be an additional version
            return Err(ApiError::invalid(
                format!(
                    "Invalid function version {version}. Function version {version} is already included in routing configuration."
                ),
                &rules::ALIAS_ROUTING_NOT_PRIMARY,
            ));
        }
        Ok(Some(weights))
    }
}
