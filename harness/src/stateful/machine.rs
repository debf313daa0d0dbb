//! Generation of meaningful sequences: an abstract state of what exists
//! (functions, versions, aliases, statements, mappings) decides which
//! operations come next — mostly on things that exist, with deliberate misses
//! (missing names, stale revisions, duplicate ids, wrong qualifiers).
//! The abstract state is only for generation; predictions come from the
//! reference model when the sequence runs.

use super::transition::*;
use super::weights::weight;
use lambda_model::Op;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use proptest_state_machine::ReferenceStateMachine;

/// What exists, as far as generation is concerned.
#[derive(Debug, Clone, Default)]
pub struct AbstractState {
    /// Per function slot: None when absent.
    pub functions: [Option<AbstractFunction>; FUNCTION_SLOTS as usize],
    /// Mappings created so far (slots are creation order).
    pub mappings: u8,
    /// Function slots deleted in this sequence (reads of them are deliberate misses).
    pub deleted: Vec<u8>,
}

/// What generation knows about one function.
#[derive(Debug, Clone, Default)]
pub struct AbstractFunction {
    /// Versions published so far.
    pub versions: u8,
    /// Which alias slots exist.
    pub aliases: [bool; ALIAS_SLOTS as usize],
    /// Which statement-id slots exist (unqualified policy).
    pub sids: [bool; SID_SLOTS as usize],
    /// Whether $LATEST changed since the last published version.
    pub changed: bool,
}

fn get(state: &mut AbstractState, f: u8) -> Option<&mut AbstractFunction> {
    state.functions.get_mut(f as usize).and_then(|x| x.as_mut())
}

impl AbstractState {
    fn existing(&self) -> Vec<u8> {
        (0..FUNCTION_SLOTS)
            .filter(|i| self.functions[*i as usize].is_some())
            .collect()
    }
}

/// The proptest-state-machine reference for generation.
pub struct SequenceMachine;

fn slot(existing: &[u8], deleted: &[u8]) -> BoxedStrategy<u8> {
    let any = 0..FUNCTION_SLOTS;
    match (existing.is_empty(), deleted.is_empty()) {
        (true, true) => any.boxed(),
        (true, false) => {
            prop_oneof![3 => proptest::sample::select(deleted.to_vec()), 1 => any].boxed()
        }
        // Mostly a function that exists; sometimes one just deleted or any slot (deliberate misses).
        (false, true) => {
            prop_oneof![8 => proptest::sample::select(existing.to_vec()), 1 => any].boxed()
        }
        (false, false) => prop_oneof![
            8 => proptest::sample::select(existing.to_vec()),
            2 => proptest::sample::select(deleted.to_vec()),
            1 => any
        ]
        .boxed(),
    }
}

fn mapping_slot(created: u8) -> BoxedStrategy<u8> {
    if created == 0 {
        (0..MAPPING_SLOTS).boxed()
    } else {
        prop_oneof![4 => 0..created.min(MAPPING_SLOTS), 1 => 0..MAPPING_SLOTS].boxed()
    }
}

fn revision() -> impl Strategy<Value = RevisionRef> {
    prop_oneof![4 => Just(RevisionRef::None), 3 => Just(RevisionRef::Current), 1 => Just(RevisionRef::Stale)]
}

/// A version number of `f`: mostly one that exists, sometimes the next (missing) one.
fn version_number(fun: &AbstractFunction) -> BoxedStrategy<u8> {
    if fun.versions == 0 {
        (1u8..3).boxed()
    } else {
        prop_oneof![5 => 1..=fun.versions, 1 => Just(fun.versions.saturating_add(1))].boxed()
    }
}

/// An alias slot of `f`: mostly one that exists.
fn alias_slot(fun: &AbstractFunction) -> BoxedStrategy<u8> {
    let existing: Vec<u8> = (0..ALIAS_SLOTS)
        .filter(|a| fun.aliases[*a as usize])
        .collect();
    if existing.is_empty() {
        (0..ALIAS_SLOTS).boxed()
    } else {
        prop_oneof![4 => proptest::sample::select(existing), 1 => 0..ALIAS_SLOTS].boxed()
    }
}

fn qualifier(fun: &AbstractFunction) -> BoxedStrategy<Option<QualifierRef>> {
    prop_oneof![
        5 => Just(None),
        1 => Just(Some(QualifierRef::Latest)),
        3 => version_number(fun).prop_map(|n| Some(QualifierRef::Version(n))),
        2 => alias_slot(fun).prop_map(|a| Some(QualifierRef::Alias(a))),
    ]
    .boxed()
}

fn version_ref(fun: &AbstractFunction) -> BoxedStrategy<VersionRef> {
    prop_oneof![1 => Just(VersionRef::Latest), 4 => version_number(fun).prop_map(VersionRef::Number)].boxed()
}

/// A Timeout: mostly small, sometimes the documented maximum (900 s), where an
/// endpoint with an older limit clamps what it stores.
fn timeout() -> impl Strategy<Value = u16> {
    prop_oneof![4 => 1u16..10, 1 => Just(900u16)]
}

fn page_size() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![2 => Just(None), 1 => (1u8..4).prop_map(Some)]
}

/// A function slot together with a strategy that depends on what the function has.
fn on_function<T: std::fmt::Debug + Clone + 'static>(
    state: &AbstractState,
    make: impl Fn(u8, &AbstractFunction) -> BoxedStrategy<T> + Clone + 'static,
) -> BoxedStrategy<T> {
    let state = state.clone();
    slot(&state.existing(), &state.deleted)
        .prop_flat_map(move |f| {
            let fun = state.functions[f as usize].clone().unwrap_or_default();
            make(f, &fun)
        })
        .boxed()
}

impl ReferenceStateMachine for SequenceMachine {
    type State = AbstractState;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<Self::State> {
        Just(AbstractState::default()).boxed()
    }

    fn transitions(state: &Self::State) -> BoxedStrategy<Self::Transition> {
        let existing = state.existing();
        let any_slot = 0..FUNCTION_SLOTS;
        let create_slot = if state.deleted.is_empty() {
            any_slot.clone().boxed()
        } else {
            prop_oneof![2 => proptest::sample::select(state.deleted.clone()), 3 => any_slot.clone()]
                .boxed()
        };
        let create = (
            create_slot,
            0u8..3,
            prop_oneof![Just(128u16), Just(256u16)],
            timeout(),
            proptest::bool::weighted(0.2),
        )
            .prop_map(
                |(f, code, memory, timeout, publish)| Transition::CreateFunction {
                    f,
                    code,
                    memory,
                    timeout,
                    publish,
                },
            );
        if existing.is_empty() {
            return prop_oneof![
                weight(Op::CreateFunction, 6) => create,
                weight(Op::ListFunctions, 1) => (page_size(), any::<bool>()).prop_map(|(max_items, all_versions)| Transition::ListFunctions { max_items, all_versions }),
                weight(Op::GetFunction, 2) => (slot(&[], &state.deleted), Just(None)).prop_map(|(f, qualifier)| Transition::GetFunction { f, qualifier }),
                weight(Op::GetEventSourceMapping, 1) => mapping_slot(state.mappings).prop_map(|m| Transition::GetEventSourceMapping { m }),
            ]
            .boxed();
        }
        let st = state;
        let m = mapping_slot(state.mappings);
        let kinds = prop_oneof![3 => Just(InvocationKind::RequestResponse), 1 => Just(InvocationKind::Event), 1 => Just(InvocationKind::DryRun)];
        prop_oneof![
            weight(Op::CreateFunction, 2) => create,
            weight(Op::GetFunction, 3) => on_function(st, |f, fun| qualifier(fun).prop_map(move |qualifier| Transition::GetFunction { f, qualifier }).boxed()),
            weight(Op::GetFunctionConfiguration, 2) => on_function(st, |f, fun| qualifier(fun).prop_map(move |qualifier| Transition::GetFunctionConfiguration { f, qualifier }).boxed()),
            weight(Op::UpdateFunctionCode, 3) => on_function(st, |f, _| (0u8..3, revision()).prop_map(move |(code, revision)| Transition::UpdateFunctionCode { f, code, revision }).boxed()),
            weight(Op::UpdateFunctionConfiguration, 3) => on_function(st, |f, _| (0u8..3, timeout(), revision()).prop_map(move |(description, timeout, revision)| Transition::UpdateFunctionConfiguration { f, description, timeout, revision }).boxed()),
            weight(Op::DeleteFunction, 3) => on_function(st, |f, fun| prop_oneof![2 => Just(None), 3 => version_number(fun).prop_map(|n| Some(QualifierRef::Version(n))), 1 => Just(Some(QualifierRef::Latest))].prop_map(move |qualifier| Transition::DeleteFunction { f, qualifier }).boxed()),
            weight(Op::ListFunctions, 2) => (page_size(), any::<bool>()).prop_map(|(max_items, all_versions)| Transition::ListFunctions { max_items, all_versions }),
            weight(Op::PublishVersion, 4) => on_function(st, |f, _| (0u8..2, revision()).prop_map(move |(description, revision)| Transition::PublishVersion { f, description, revision }).boxed()),
            weight(Op::ListVersionsByFunction, 2) => on_function(st, |f, _| page_size().prop_map(move |max_items| Transition::ListVersionsByFunction { f, max_items }).boxed()),
            weight(Op::CreateAlias, 3) => on_function(st, |f, fun| (0..ALIAS_SLOTS, version_ref(fun)).prop_map(move |(alias, version)| Transition::CreateAlias { f, alias, version }).boxed()),
            weight(Op::GetAlias, 2) => on_function(st, |f, fun| alias_slot(fun).prop_map(move |alias| Transition::GetAlias { f, alias }).boxed()),
            weight(Op::UpdateAlias, 2) => on_function(st, |f, fun| (alias_slot(fun), version_ref(fun), revision()).prop_map(move |(alias, version, revision)| Transition::UpdateAlias { f, alias, version, revision }).boxed()),
            weight(Op::DeleteAlias, 1) => on_function(st, |f, fun| alias_slot(fun).prop_map(move |alias| Transition::DeleteAlias { f, alias }).boxed()),
            weight(Op::ListAliases, 2) => on_function(st, |f, _| page_size().prop_map(move |max_items| Transition::ListAliases { f, max_items }).boxed()),
            weight(Op::AddPermission, 3) => on_function(st, |f, fun| (0..SID_SLOTS, prop_oneof![4 => Just(None), 1 => qualifier(fun)], proptest::bool::weighted(0.15)).prop_map(move |(sid, qualifier, stale_revision)| Transition::AddPermission { f, sid, qualifier, stale_revision }).boxed()),
            weight(Op::GetPolicy, 2) => on_function(st, |f, fun| prop_oneof![4 => Just(None), 1 => qualifier(fun)].prop_map(move |qualifier| Transition::GetPolicy { f, qualifier }).boxed()),
            weight(Op::RemovePermission, 2) => on_function(st, |f, fun| (0..SID_SLOTS, prop_oneof![4 => Just(None), 1 => qualifier(fun)], proptest::bool::weighted(0.15)).prop_map(move |(sid, qualifier, stale_revision)| Transition::RemovePermission { f, sid, qualifier, stale_revision }).boxed()),
            weight(Op::CreateEventSourceMapping, 2) => on_function(st, |f, _| (1u8..11).prop_map(move |batch_size| Transition::CreateEventSourceMapping { f, batch_size }).boxed()),
            weight(Op::GetEventSourceMapping, 1) => m.clone().prop_map(|m| Transition::GetEventSourceMapping { m }),
            weight(Op::UpdateEventSourceMapping, 1) => (m.clone(), 1u8..11).prop_map(|(m, batch_size)| Transition::UpdateEventSourceMapping { m, batch_size }),
            weight(Op::DeleteEventSourceMapping, 1) => m.prop_map(|m| Transition::DeleteEventSourceMapping { m }),
            weight(Op::ListEventSourceMappings, 1) => on_function(st, |f, _| (page_size(), proptest::bool::weighted(0.3)).prop_map(move |(max_items, other_source)| Transition::ListEventSourceMappings { f, max_items, other_source }).boxed()),
            weight(Op::Invoke, 3) => on_function(st, move |f, fun| (qualifier(fun), kinds.clone()).prop_map(move |(qualifier, kind)| Transition::Invoke { f, qualifier, kind }).boxed()),
            weight(Op::InvokeAsync, 1) => on_function(st, |f, _| Just(Transition::InvokeAsync { f }).boxed()),
            weight(Op::TagResource, 2) => on_function(st, |f, _| (0..TAG_SLOTS).prop_map(move |tag| Transition::TagResource { f, tag }).boxed()),
            weight(Op::UntagResource, 1) => on_function(st, |f, _| (0..TAG_SLOTS).prop_map(move |tag| Transition::UntagResource { f, tag }).boxed()),
            weight(Op::ListTags, 2) => on_function(st, |f, _| Just(Transition::ListTags { f }).boxed()),
            weight(Op::PutFunctionConcurrency, 1) => on_function(st, |f, _| (1u8..6).prop_map(move |reserved| Transition::PutFunctionConcurrency { f, reserved }).boxed()),
            weight(Op::GetFunctionConcurrency, 1) => on_function(st, |f, _| Just(Transition::GetFunctionConcurrency { f }).boxed()),
            weight(Op::DeleteFunctionConcurrency, 1) => on_function(st, |f, _| Just(Transition::DeleteFunctionConcurrency { f }).boxed()),
        ]
        .boxed()
    }

    fn apply(mut state: Self::State, t: &Self::Transition) -> Self::State {
        match *t {
            Transition::CreateFunction { f, publish, .. } => {
                state.deleted.retain(|d| *d != f);
                if let Some(slot) = state.functions.get_mut(f as usize)
                    && slot.is_none()
                {
                    *slot = Some(AbstractFunction {
                        versions: u8::from(publish),
                        changed: !publish,
                        ..Default::default()
                    });
                }
            }
            Transition::DeleteFunction { f, qualifier: None } => {
                if let Some(slot) = state.functions.get_mut(f as usize)
                    && slot.take().is_some()
                {
                    state.deleted.push(f);
                }
            }
            Transition::PublishVersion { f, .. } => {
                if let Some(x) = get(&mut state, f)
                    && x.changed
                {
                    x.versions = x.versions.saturating_add(1);
                    x.changed = false;
                }
            }
            Transition::UpdateFunctionCode { f, .. }
            | Transition::UpdateFunctionConfiguration { f, .. } => {
                if let Some(x) = get(&mut state, f) {
                    x.changed = true;
                }
            }
            Transition::CreateAlias { f, alias, .. } => {
                if let Some(x) = get(&mut state, f)
                    && let Some(a) = x.aliases.get_mut(alias as usize)
                {
                    *a = true;
                }
            }
            Transition::DeleteAlias { f, alias } => {
                if let Some(x) = get(&mut state, f)
                    && let Some(a) = x.aliases.get_mut(alias as usize)
                {
                    *a = false;
                }
            }
            Transition::AddPermission {
                f,
                sid,
                qualifier: None,
                stale_revision: false,
            } => {
                if let Some(x) = get(&mut state, f)
                    && let Some(s) = x.sids.get_mut(sid as usize)
                {
                    *s = true;
                }
            }
            Transition::RemovePermission {
                f,
                sid,
                qualifier: None,
                stale_revision: false,
            } => {
                if let Some(x) = get(&mut state, f)
                    && let Some(s) = x.sids.get_mut(sid as usize)
                {
                    *s = false;
                }
            }
            Transition::CreateEventSourceMapping { .. } => {
                state.mappings = state.mappings.saturating_add(1)
            }
            _ => {}
        }
        state
    }
}

/// Strategy of sequences of 1 to `max_steps` transitions, with the counter
/// through which a test tells the shrinker how many transitions it ran.
pub fn sequences(
    max_steps: usize,
) -> impl Strategy<
    Value = (
        Vec<Transition>,
        Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
    ),
> {
    SequenceMachine::sequential_strategy(1..=max_steps.max(1))
        .prop_map(|(_, transitions, seen)| (transitions, seen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn generated_sequences_reach_every_operation_and_start_by_creating() {
        let mut runner = TestRunner::deterministic();
        let s = sequences(20);
        let mut seen = std::collections::BTreeSet::new();
        let mut first_creates = 0;
        for _ in 0..200 {
            let (seq, _) = s.new_tree(&mut runner).unwrap().current();
            assert!(!seq.is_empty() && seq.len() <= 20);
            first_creates += usize::from(matches!(seq[0], Transition::CreateFunction { .. }));
            seen.extend(seq.iter().map(|t| t.operation()));
        }
        let never: Vec<&str> = crate::catalog::REFERENCE_OPERATIONS
            .into_iter()
            .filter(|op| !seen.contains(op))
            .collect();
        assert!(never.is_empty(), "operations never generated: {never:?}");
        assert!(
            first_creates > 100,
            "most sequences start by creating a function ({first_creates}/200)"
        );
    }

    /// How many of 300 generated sequences' transitions are of `op`.
    fn generated(op: &str) -> usize {
        let mut runner = TestRunner::deterministic();
        let s = sequences(20);
        (0..300)
            .map(|_| s.new_tree(&mut runner).unwrap().current().0)
            .map(|seq| seq.iter().filter(|t| t.operation() == op).count())
            .sum()
    }

    #[test]
    fn boosted_operations_are_generated_more_often() {
        let base = generated("GetAlias");
        let boosted = {
            let w = crate::stateful::weights::Weighting::start();
            w.set(std::collections::BTreeMap::from([(Op::GetAlias, 4)]));
            generated("GetAlias")
        };
        assert!(
            boosted > base * 2,
            "GetAlias ×4 should be generated well over twice as often: {base} then {boosted}"
        );
        assert_eq!(
            generated("GetAlias"),
            base,
            "the weights end with their guard"
        );
    }
}
