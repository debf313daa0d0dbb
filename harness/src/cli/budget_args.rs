//! How much a testing subcommand (`run`, `diff`) explores with generated
//! sequences, defined once: how many, how long, which seed.

use crate::stateful::explore::DEFAULT_SEED;
use clap::Args;
use std::time::Duration;

/// The budget of the generated sequences.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Generated sequences to run (`run`: after the lifecycle scenario, each checked against
    /// the reference model; `diff`: each on both endpoints). 0 skips them.
    #[arg(
        long,
        default_value_t = 1000,
        value_name = "N",
        env = "LAMBDA_CONFORMANCE_CASES"
    )]
    pub cases: u32,
    /// Longest generated sequence.
    #[arg(
        long,
        default_value_t = 20,
        value_name = "N",
        env = "LAMBDA_CONFORMANCE_MAX_STEPS"
    )]
    pub max_steps: usize,
    /// Stop generating sequences after this many seconds (0: no limit), so that a slow or
    /// hanging endpoint cannot keep a run going for hours. A run it cuts short says so (its
    /// findings then depend on how fast the endpoint answered).
    #[arg(
        long,
        default_value_t = 600.0,
        value_name = "SECONDS",
        env = "LAMBDA_CONFORMANCE_TIME_BUDGET"
    )]
    pub time_budget: f64,
    /// Seed of the generated sequences: a number, or `random` for a new one each run (printed;
    /// the report shows it). The default is fixed, so two runs against the same endpoint
    /// explore the same sequences and report the same findings; the same seed replays them.
    #[arg(long, value_name = "N|random", default_value_t = SeedArg::Fixed(DEFAULT_SEED), env = "LAMBDA_CONFORMANCE_SEED")]
    pub seed: SeedArg,
}

impl BudgetArgs {
    /// The time limit of the sequences, if any.
    pub fn time_budget(&self) -> Option<Duration> {
        (self.time_budget > 0.0).then(|| Duration::from_secs_f64(self.time_budget))
    }
}

/// `--seed`: a number, or `random`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedArg {
    /// This seed.
    Fixed(u64),
    /// A new seed each run.
    Random,
}

impl std::str::FromStr for SeedArg {
    type Err = String;
    fn from_str(s: &str) -> Result<SeedArg, String> {
        if s.eq_ignore_ascii_case("random") {
            return Ok(SeedArg::Random);
        }
        s.parse().map(SeedArg::Fixed).map_err(|_| {
            format!(
                "`{s}` is not a seed: give a number (0 to {}) or `random`",
                u64::MAX
            )
        })
    }
}

impl std::fmt::Display for SeedArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeedArg::Fixed(n) => write!(f, "{n}"),
            SeedArg::Random => f.write_str("random"),
        }
    }
}

impl SeedArg {
    /// The seed of this run (a random one is drawn now).
    pub fn resolve(self) -> u64 {
        match self {
            SeedArg::Fixed(n) => n,
            SeedArg::Random => random_seed(),
        }
    }
}

fn random_seed() -> u64 {
    let id = uuid::Uuid::new_v4();
    u64::from_le_bytes(id.as_bytes()[..8].try_into().unwrap_or([7; 8])) % 1_000_000_000
}
