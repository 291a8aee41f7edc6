//! Small helpers the benchmarks share.

/// A count from the environment variable `name` (`BENCH_RUNS=5`), `default` when it is unset or
/// not a number.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
