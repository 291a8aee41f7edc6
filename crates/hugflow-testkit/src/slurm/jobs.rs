//! Jobs, as a test submits and follows them: `sbatch --parsable`, and states from
//! `scontrol show job` (there is no `sacct` without slurmdbd).

use std::time::{Duration, Instant};

use super::SlurmCluster;

impl SlurmCluster {
    /// Runs `sbatch --parsable ARGS` and returns the job id; panics with sbatch's words if it
    /// refuses.
    pub fn sbatch(&self, args: &[&str]) -> String {
        let output = self.run("sbatch", &[&["--parsable"], args].concat());
        assert!(
            output.status.success(),
            "sbatch {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        let id = text
            .trim()
            .split(';')
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(!id.is_empty(), "sbatch printed no job id");
        id
    }

    /// The states of job `id`'s tasks (one for a plain job, sorted and deduplicated for an
    /// array), as `scontrol show job` says; empty once slurmctld forgot it.
    pub fn job_states(&self, id: &str) -> Vec<String> {
        let output = self.run("scontrol", &["show", "job", "-o", id]);
        let text = String::from_utf8_lossy(&output.stdout);
        let mut states: Vec<String> = text
            .split_whitespace()
            .filter_map(|field| field.strip_prefix("JobState="))
            .map(str::to_string)
            .collect();
        states.sort();
        states.dedup();
        states
    }

    /// Waits until every task of job `id` is in a final state and returns the states.
    pub fn wait_job(&self, id: &str, timeout: Duration) -> Vec<String> {
        const ACTIVE: [&str; 7] = [
            "PENDING",
            "RUNNING",
            "CONFIGURING",
            "COMPLETING",
            "REQUEUED",
            "RESIZING",
            "SUSPENDED",
        ];
        let deadline = Instant::now() + timeout;
        loop {
            let states = self.job_states(id);
            if !states.is_empty() && !states.iter().any(|s| ACTIVE.contains(&s.as_str())) {
                return states;
            }
            assert!(
                Instant::now() < deadline,
                "job {id} still {states:?} after {timeout:?}\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
