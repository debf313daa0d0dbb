//! Deterministic sequences run before the random ones, so that what random
//! exploration reaches only by chance is exercised on every run: each list
//! operation walked, with every page size from 1 to its length + 1, over a
//! list made longer than two pages, with and without its filters.

use super::transition::*;

/// Every planned sequence: one per list, so that a divergence in one (which
/// ends its sequence) does not keep the others from being walked.
pub fn all() -> Vec<Vec<Transition>> {
    vec![functions(), versions(), aliases(), mappings()]
}

/// Each page size from 1 to the list's length + 1, and the default one.
fn sizes(len: u8) -> impl Iterator<Item = Option<u8>> {
    (1..=len + 1).map(Some).chain([None])
}

fn create(f: u8) -> Transition {
    Transition::CreateFunction {
        f,
        code: 0,
        memory: 128,
        timeout: 3,
        publish: false,
    }
}

/// Three versions of function 0, each after a change (so each is new).
fn publish_three() -> Vec<Transition> {
    (0..3u8)
        .flat_map(|i| {
            [
                Transition::UpdateFunctionConfiguration {
                    f: 0,
                    description: i % 3,
                    timeout: 4 + u16::from(i),
                    revision: RevisionRef::None,
                },
                Transition::PublishVersion {
                    f: 0,
                    description: 0,
                    revision: RevisionRef::None,
                },
            ]
        })
        .collect()
}

/// Every function slot, listed with every page size.
pub fn functions() -> Vec<Transition> {
    let mut plan: Vec<Transition> = (0..FUNCTION_SLOTS).map(create).collect();
    plan.extend(
        sizes(FUNCTION_SLOTS).map(|max_items| Transition::ListFunctions {
            max_items,
            all_versions: false,
        }),
    );
    plan
}

/// Three versions: ListVersionsByFunction and ListFunctions with
/// `FunctionVersion=ALL` with every page size.
pub fn versions() -> Vec<Transition> {
    let mut plan = vec![create(0), create(1)];
    plan.extend(publish_three());
    plan.extend(sizes(4).map(|max_items| Transition::ListVersionsByFunction { f: 0, max_items }));
    // $LATEST of both functions and the three versions.
    plan.extend(sizes(5).map(|max_items| Transition::ListFunctions {
        max_items,
        all_versions: true,
    }));
    plan
}

/// Every alias slot of one function, listed with every page size.
pub fn aliases() -> Vec<Transition> {
    let mut plan = vec![create(0)];
    plan.extend(publish_three());
    plan.extend((0..ALIAS_SLOTS).map(|alias| Transition::CreateAlias {
        f: 0,
        alias,
        version: VersionRef::Number(alias + 1),
    }));
    plan.extend(sizes(ALIAS_SLOTS).map(|max_items| Transition::ListAliases { f: 0, max_items }));
    plan
}

/// A mapping on two of three functions: each function's list (its filter)
/// with every page size.
pub fn mappings() -> Vec<Transition> {
    let mut plan: Vec<Transition> = (0..FUNCTION_SLOTS).map(create).collect();
    plan.push(Transition::CreateEventSourceMapping {
        f: 0,
        batch_size: 1,
    });
    plan.push(Transition::CreateEventSourceMapping {
        f: 1,
        batch_size: 2,
    });
    for f in 0..FUNCTION_SLOTS {
        plan.extend(
            sizes(1).map(|max_items| Transition::ListEventSourceMappings {
                f,
                max_items,
                other_source: false,
            }),
        );
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_operation_is_walked_with_every_page_size() {
        let plan: Vec<Transition> = all().concat();
        let walks = |op: &str| plan.iter().filter(|t| t.operation() == op).count();
        assert_eq!(walks("ListFunctions"), 5 + 7);
        assert_eq!(walks("ListVersionsByFunction"), 6);
        assert_eq!(walks("ListAliases"), 4);
        assert_eq!(walks("ListEventSourceMappings"), 9);
        // The longest list is walked one item a page, and one past its length.
        assert!(plan.contains(&Transition::ListFunctions {
            max_items: Some(6),
            all_versions: true
        }));
    }
}
