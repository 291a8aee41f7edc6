//! Desktop notifications when a retrain run ends: the recorded runs of the local checkout and
//! of every host with a checkout and an agent are read every so often; a run that has ended
//! since the last read is announced. The first read of each place only learns what is there,
//! so opening the app never replays old runs. Runs that only found another run holding the
//! lock (`skipped`) are not announced.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hugflow_core::retrain::{Decision, RetrainRun, RunOutcome};

use crate::HugflowApp;
use crate::requests::Notice;

/// What was seen so far, per place (`None` = the local checkout).
#[derive(Debug, Default)]
pub(crate) struct SeenRuns {
    ended: HashMap<Option<String>, HashSet<i64>>,
}

impl SeenRuns {
    /// The runs of `place` that ended since its last read; none on its first read.
    pub(crate) fn newly_ended<'a>(
        &mut self,
        place: Option<&str>,
        runs: &'a [RetrainRun],
    ) -> Vec<&'a RetrainRun> {
        let first = !self.ended.contains_key(&place.map(str::to_string));
        let seen = self.ended.entry(place.map(str::to_string)).or_default();
        runs.iter()
            .filter(|run| run.outcome != RunOutcome::Running)
            .filter(|run| seen.insert(run.id) && !first)
            .filter(|run| run.outcome != RunOutcome::Skipped)
            .collect()
    }
}

impl HugflowApp {
    /// Reads every place's retrain runs each `retrain_poll`, forever, and notifies endings.
    pub async fn watch_retrain_runs(self: Arc<Self>) {
        let mut seen = SeenRuns::default();
        loop {
            self.notify_retrain_endings(&mut seen).await;
            tokio::time::sleep(self.hosts.options.retrain_poll).await;
        }
    }

    /// One round: every place that can be read, each on its own (one host away does not
    /// keep the others quiet).
    pub(crate) async fn notify_retrain_endings(&self, seen: &mut SeenRuns) {
        let mut places: Vec<Option<String>> = Vec::new();
        if matches!(self.local_checkout(), Ok(Some(_))) {
            places.push(None);
        }
        if let Ok(hosts) = self.db.hosts() {
            places.extend(
                hosts
                    .into_iter()
                    .filter(|h| h.checkout.is_some())
                    .map(|h| Some(h.name)),
            );
        }
        for place in places {
            let Ok(history) = self.retrain_history(place.as_deref()).await else {
                continue;
            };
            let ended = seen.newly_ended(place.as_deref(), &history.runs);
            if ended.is_empty() {
                continue;
            }
            let Ok(settings) = self.request_settings() else {
                return;
            };
            for run in ended {
                let ok = run.outcome == RunOutcome::Completed;
                if (ok && settings.notifications.complete) || (!ok && settings.notifications.failed)
                {
                    self.notify(retrain_notice(place.as_deref(), run));
                }
            }
        }
    }
}

/// "Retrain run #12 on hgx-a: retrained spam, billing", or what failed.
pub(crate) fn retrain_notice(place: Option<&str>, run: &RetrainRun) -> Notice {
    let place = place.map_or("this computer".to_string(), str::to_string);
    let dry = if run.dry_run { " (dry run)" } else { "" };
    let retrained: Vec<&str> = run
        .labels
        .iter()
        .filter(|l| l.decision == Some(Decision::Retrain) && l.error.is_none())
        .map(|l| l.label.as_str())
        .collect();
    let failed: Vec<String> = run
        .labels
        .iter()
        .filter_map(|l| l.error.as_ref().map(|e| format!("{}: {e}", l.label)))
        .chain(run.error.clone())
        .collect();
    let (title, body) = if run.outcome == RunOutcome::Completed {
        let body = if retrained.is_empty() {
            "Every label is below its threshold; nothing was retrained.".to_string()
        } else {
            format!("Retrained {}.", retrained.join(", "))
        };
        (
            format!("Retrain run #{} finished on {place}{dry}", run.id),
            body,
        )
    } else {
        (
            format!("Retrain run #{} failed on {place}{dry}", run.id),
            if failed.is_empty() {
                "See its timeline on the Retrain page.".to_string()
            } else {
                failed.join("; ")
            },
        )
    };
    // The Actions run URL comes from a host's database: `notify` checks it.
    Notice {
        title,
        body,
        link: run.actions_url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use hugflow_core::retrain::LabelRun;

    use super::*;

    fn run(id: i64, outcome: RunOutcome, labels: &[(&str, Decision, Option<&str>)]) -> RetrainRun {
        RetrainRun {
            id,
            started_at: "2026-11-20T10:00:00Z".into(),
            ended_at: (outcome != RunOutcome::Running).then(|| "2026-11-20T10:05:00Z".into()),
            outcome,
            dry_run: false,
            actions_url: None,
            labels: labels
                .iter()
                .map(|(label, decision, error)| LabelRun {
                    label: label.to_string(),
                    metadata_repo: None,
                    retrain_space: None,
                    misclassified: Some(10),
                    sampled_correct: Some(5),
                    dataset_len: Some(15),
                    threshold: 10,
                    decision: Some(*decision),
                    version_before: None,
                    version_after: None,
                    num_samples_after: None,
                    steps: Vec::new(),
                    error: error.map(str::to_string),
                })
                .collect(),
            error: None,
        }
    }

    #[test]
    fn only_runs_that_end_after_the_first_read_are_new() {
        let mut seen = SeenRuns::default();
        let old = run(1, RunOutcome::Completed, &[]);
        let going = run(2, RunOutcome::Running, &[]);
        assert!(
            seen.newly_ended(Some("hgx-a"), &[old.clone(), going.clone()])
                .is_empty()
        );
        // Run 2 ends, run 3 is skipped (the lock), run 4 fails.
        let ended = run(
            2,
            RunOutcome::Completed,
            &[("spam", Decision::Retrain, None)],
        );
        let skipped = run(3, RunOutcome::Skipped, &[]);
        let failed = run(4, RunOutcome::Failed, &[]);
        let runs = [old.clone(), ended, skipped, failed];
        let new: Vec<i64> = seen
            .newly_ended(Some("hgx-a"), &runs)
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(new, [2, 4]);
        assert!(
            seen.newly_ended(Some("hgx-a"), &runs).is_empty(),
            "each once"
        );
        // Another place has its own first read.
        assert!(seen.newly_ended(None, &[old]).is_empty());
    }

    #[test]
    fn the_notification_says_what_was_retrained_or_what_failed() {
        let done = run(
            7,
            RunOutcome::Completed,
            &[
                ("spam", Decision::Retrain, None),
                ("billing", Decision::BelowThreshold, None),
            ],
        );
        let note = retrain_notice(Some("hgx-a"), &done);
        assert_eq!(note.title, "Retrain run #7 finished on hgx-a");
        assert_eq!(note.body, "Retrained spam.");
        let failed = run(
            8,
            RunOutcome::Failed,
            &[(
                "spam",
                Decision::Retrain,
                Some("the prepare Space refused the restart (403)"),
            )],
        );
        let note = retrain_notice(None, &failed);
        assert_eq!(note.title, "Retrain run #8 failed on this computer");
        assert_eq!(
            note.body,
            "spam: the prepare Space refused the restart (403)"
        );
    }
}
