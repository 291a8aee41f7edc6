//! The orchestrator against a real PostgreSQL (and SQLite) and the fake Hub's Spaces and
//! metadata: every decision, the restarts it makes (and does not), and what it records.

mod common;

use common::{METADATA_REPO, PREPARE, RETRAIN, Rows, World, metadata};
use hugflow_core::retrain::{Decision, RunOutcome, StepName, StepOutcome};
use hugflow_retrain::RunStore;

fn steps(run: &hugflow_core::retrain::RetrainRun) -> Vec<(StepName, StepOutcome)> {
    run.labels[0]
        .steps
        .iter()
        .map(|s| (s.name, s.outcome))
        .collect()
}

#[tokio::test]
async fn below_the_threshold_nothing_is_restarted() {
    // 10 misclassified + 5 sampled = 15 < 30.
    let world = World::postgres(Rows { misclassified: 10 }).await;
    let (run, lines) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Completed, "{run:#?}");
    let label = &run.labels[0];
    assert_eq!(
        (
            label.misclassified,
            label.sampled_correct,
            label.dataset_len
        ),
        (Some(10), Some(5), Some(15))
    );
    assert_eq!(label.decision, Some(Decision::BelowThreshold));
    assert_eq!(steps(&run), [(StepName::Count, StepOutcome::Ok)]);
    assert!(world.space_calls().is_empty(), "{:?}", world.space_calls());
    assert!(
        lines.contains(&"::group::label URGENCY".to_string()),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("dataset_len=15 threshold=30")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn above_the_threshold_it_prepares_waits_for_the_new_version_and_retrains() {
    // 20 + 10 = 30 ≥ 30. The prepare Space publishes v2 three reads after its restart.
    let world = World::postgres(Rows { misclassified: 20 }).await;
    world.hub.live().publish_on_restart(
        PREPARE,
        METADATA_REPO,
        "v2",
        metadata("v20261122_120000", 30),
        3,
    );
    let (run, lines) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Completed, "{run:#?}");
    assert_eq!(
        world.space_calls(),
        [format!("{PREPARE}/restart"), format!("{RETRAIN}/restart")]
    );
    let label = &run.labels[0];
    assert_eq!(label.decision, Some(Decision::Retrain));
    assert_eq!(label.version_before.as_deref(), Some("v20261101_000000"));
    assert_eq!(label.version_after.as_deref(), Some("v20261122_120000"));
    assert_eq!(label.num_samples_after, Some(30));
    assert_eq!(
        steps(&run),
        [
            (StepName::Count, StepOutcome::Ok),
            (StepName::ReadVersion, StepOutcome::Ok),
            (StepName::RestartPrepare, StepOutcome::Ok),
            (StepName::PollMetadata, StepOutcome::Ok),
            (StepName::RestartRetrain, StepOutcome::Ok),
        ]
    );
    let poll = &label.steps[3];
    assert!(
        poll.detail.starts_with("4 polls"),
        "three stale reads, then the new version: {}",
        poll.detail
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("current_len=20 required_len=30 version=v20261101_000000")),
        "{lines:?}"
    );
    assert_eq!(label.metadata_repo.as_deref(), Some(METADATA_REPO));
    let recorded = RunStore::open(world.state.path())
        .unwrap()
        .history(10)
        .unwrap();
    assert_eq!(recorded, [run], "the history holds the run as returned");
}

#[tokio::test]
async fn the_version_is_read_before_the_prepare_space_restarts() {
    // A fast prepare Space: the new version is there on the very first read after the
    // restart. Read after the restart (as the seed did), "before" would already be the new
    // version and the poll would wait for a change that never comes.
    let world = World::postgres(Rows { misclassified: 25 }).await;
    world.hub.live().publish_on_restart(
        PREPARE,
        METADATA_REPO,
        "v2",
        metadata("v20261122_130000", 60),
        0,
    );
    let (run, _) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Completed, "{run:#?}");
    let label = &run.labels[0];
    assert_eq!(label.version_before.as_deref(), Some("v20261101_000000"));
    assert_eq!(label.version_after.as_deref(), Some("v20261122_130000"));
    let read = label
        .steps
        .iter()
        .find(|s| s.name == StepName::ReadVersion)
        .unwrap();
    let restart = label
        .steps
        .iter()
        .find(|s| s.name == StepName::RestartPrepare)
        .unwrap();
    assert!(read.started_at <= restart.started_at);
    assert_eq!(
        world.hub.live().reads(METADATA_REPO),
        2,
        "one read before the restart, one poll"
    );
}

#[tokio::test]
async fn a_poll_that_times_out_fails_the_label_without_retraining() {
    let mut world = World::postgres(Rows { misclassified: 30 }).await;
    world.set("POLL_TIMEOUT", "0.4");
    let (run, lines) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Failed);
    assert_eq!(
        world.space_calls(),
        [format!("{PREPARE}/restart")],
        "no retrain restart"
    );
    let label = &run.labels[0];
    let last = label.steps.last().unwrap();
    assert_eq!(
        (last.name, last.outcome),
        (StepName::PollMetadata, StepOutcome::TimedOut)
    );
    let error = label.error.as_deref().unwrap();
    assert!(
        error.contains("≥ 45 samples") && error.contains("POLL_TIMEOUT"),
        "{error}"
    );
    assert!(
        error.contains("last seen: version v20261101_000000 with 20 samples"),
        "{error}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error::URGENCY: no new version")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_refused_restart_is_recorded_and_nothing_is_polled() {
    let world = World::postgres(Rows { misclassified: 30 }).await;
    world.hub.spaces().refuse(PREPARE);
    let (run, _) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Failed);
    assert_eq!(
        steps(&run),
        [
            (StepName::Count, StepOutcome::Ok),
            (StepName::ReadVersion, StepOutcome::Ok),
            (StepName::RestartPrepare, StepOutcome::Failed),
        ]
    );
    let error = run.labels[0].error.as_deref().unwrap();
    assert!(
        error.contains(PREPARE) && error.contains("rights"),
        "{error}"
    );
    assert_eq!(
        world.hub.live().reads(METADATA_REPO),
        1,
        "only the version read before"
    );
}

#[tokio::test]
async fn dry_run_reads_and_decides_but_restarts_nothing() {
    let mut world = World::postgres(Rows { misclassified: 40 }).await;
    world.set("DRY_RUN", "true");
    let (run, lines) = world.run().await;
    assert!(run.dry_run);
    assert_eq!(run.outcome, RunOutcome::Completed, "{run:#?}");
    assert!(world.space_calls().is_empty(), "{:?}", world.space_calls());
    assert_eq!(
        steps(&run),
        [
            (StepName::Count, StepOutcome::Ok),
            (StepName::ReadVersion, StepOutcome::Ok),
            (StepName::RestartPrepare, StepOutcome::DryRun),
            (StepName::PollMetadata, StepOutcome::DryRun),
            (StepName::RestartRetrain, StepOutcome::DryRun),
        ]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("would restart acme/retrain-urgency")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn overlapping_runs_are_skipped_by_the_lock_file_and_by_postgres() {
    let world = World::postgres(Rows { misclassified: 10 }).await;
    let held = hugflow_retrain::lock::RunLock::try_acquire(world.state.path())
        .unwrap()
        .unwrap();
    let (run, _) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Skipped);
    assert!(
        run.error
            .as_deref()
            .unwrap()
            .contains("another retrain run holds"),
        "{run:?}"
    );
    assert!(
        run.labels[0].steps.is_empty(),
        "a skipped run counts nothing"
    );
    drop(held);

    // Another machine's run holds the advisory lock on the same database.
    let common::Db::Postgres(pg) = &world.db else {
        unreachable!()
    };
    let (other, connection) = tokio_postgres::connect(&pg.url(), tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    other
        .query_one("SELECT pg_advisory_lock($1)", &[&0x6875_6766_6c6f_7772_i64])
        .await
        .unwrap();
    let (run, _) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Skipped);
    assert!(
        run.error.as_deref().unwrap().contains("another machine"),
        "{run:?}"
    );
    drop(other);
    let (run, _) = world.run().await;
    assert_eq!(
        run.outcome,
        RunOutcome::Completed,
        "the lock went with the other connection"
    );
    let history = RunStore::open(world.state.path())
        .unwrap()
        .history(10)
        .unwrap();
    let outcomes: Vec<_> = history.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            RunOutcome::Completed,
            RunOutcome::Skipped,
            RunOutcome::Skipped
        ]
    );
}

#[tokio::test]
async fn sqlite_counts_work_the_same() {
    let world = World::sqlite(Rows { misclassified: 20 });
    world.hub.live().publish_on_restart(
        PREPARE,
        METADATA_REPO,
        "v2",
        metadata("v20261122_140000", 31),
        1,
    );
    let (run, _) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Completed, "{run:#?}");
    assert_eq!(run.labels[0].misclassified, Some(20));
    assert_eq!(world.space_calls().len(), 2);
}

#[tokio::test]
async fn an_unreachable_database_fails_the_run_without_leaking_the_password() {
    let mut world = World::sqlite(Rows { misclassified: 1 });
    world.set(
        "DATABASE_URL",
        "postgresql://reviewer:s3cret-pw@127.0.0.1:1/reviews",
    );
    let (run, lines) = world.run().await;
    assert_eq!(run.outcome, RunOutcome::Failed);
    let error = run.error.unwrap();
    assert!(
        error.contains("127.0.0.1:1/reviews") && error.contains("DATABASE_URL"),
        "{error}"
    );
    assert!(!error.contains("s3cret-pw") && !lines.concat().contains("s3cret-pw"));
}
