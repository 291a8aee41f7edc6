//! The PR comment of a request staged on a Slurm cluster (`stage:`): which job, and node by
//! node where the copy stands. Posted when the job is submitted, as it progresses (on the
//! [`crate::sync_report::ProgressCadence`] of all nodes' bytes), and when it ends; the request
//! is reported complete only after every node verified. A hidden line carries the record for
//! machines, as the sync comments do.

use crate::cluster::{NodeStageState, StageRecord};

pub const STAGING_MARKER: &str = "<!-- hugflow:staging v1 ";

/// One staging comment: the job and the record as it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagingComment<'a> {
    pub job_id: &'a str,
    /// Slurm's state of the job (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, …).
    pub job_state: &'a str,
    pub record: &'a StageRecord,
}

impl StagingComment<'_> {
    /// Whole percent of all nodes' bytes in place (for the comment cadence).
    pub fn percent(&self) -> u8 {
        let nodes = self.record.nodes.values();
        let (done, total) = nodes.fold((0u128, 0u128), |(d, t), n| {
            let total = u128::from(n.bytes_total.max(1));
            let done = match n.state {
                NodeStageState::Verified => total,
                _ => u128::from(n.bytes_done).min(total),
            };
            (d + done, t + total)
        });
        (done * 100)
            .checked_div(total)
            .map_or(0, |percent| percent as u8)
    }

    pub fn to_markdown(&self) -> String {
        let record = self.record;
        let verified = record
            .nodes
            .values()
            .filter(|n| n.state == NodeStageState::Verified)
            .count();
        let head = if record.all_verified() {
            format!("✅ **Staged on every node** (job {})", self.job_id)
        } else if !record.failures().is_empty()
            && crate::cluster::job_state_is_final(self.job_state)
        {
            format!(
                "❌ **Staging failed** (job {} {})",
                self.job_id, self.job_state
            )
        } else {
            format!(
                "📦 **Staging on the cluster** (job {} {})",
                self.job_id, self.job_state
            )
        };
        let mut out = format!(
            "{head}\n\n`{}` → `{}/{}` on each node: {verified} of {} verified.\n\n| node | state |\n|---|---|\n",
            record.storage_name,
            record.target,
            record.storage_name,
            record.nodes.len()
        );
        for (node, stage) in &record.nodes {
            let text = stage.to_string().replace('|', "\\|").replace('\n', " ");
            out += &format!("| {node} | {text} |\n");
        }
        let data = serde_json::json!({
            "job_id": self.job_id,
            "job_state": self.job_state,
            "record": record,
        });
        // `--` cannot end the HTML comment early: JSON escapes it as text only in strings.
        let data = data.to_string().replace("--", "-\\u002d");
        out += &format!("\n{STAGING_MARKER}{data} -->");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::NodeStage;

    #[test]
    fn the_comment_lists_every_node_and_says_how_it_ended() {
        let mut record = StageRecord {
            schema: 1,
            storage_name: "acme__speech".into(),
            hf_id: "acme/speech".into(),
            commit: "c0ffee".into(),
            target: "/local/nvme".into(),
            job_id: Some("12".into()),
            submitted_at: "2026-12-04T10:00:00Z".into(),
            nodes: Default::default(),
        };
        let mut copying = NodeStage::pending(Some("12".into()));
        copying.state = NodeStageState::Copying;
        copying.bytes_total = 100;
        copying.bytes_done = 40;
        record.nodes.insert("n1".into(), copying.clone());
        let mut failed = copying.clone();
        failed.state = NodeStageState::Failed;
        failed.reason = Some("disk full | <b>--> x".into());
        record.nodes.insert("n2".into(), failed);
        let running = StagingComment {
            job_id: "12",
            job_state: "RUNNING",
            record: &record,
        };
        let text = running.to_markdown();
        assert!(
            text.starts_with("📦 **Staging on the cluster** (job 12 RUNNING)"),
            "{text}"
        );
        assert!(text.contains("| n1 | copying 40 % |"), "{text}");
        assert!(
            text.contains("| n2 | failed: disk full \\| <b>--> x |"),
            "{text}"
        );
        assert_eq!(
            text.matches("-->").count(),
            2,
            "only the table's text and the marker's end"
        );
        assert_eq!(running.percent(), 40);
        let ended = StagingComment {
            job_id: "12",
            job_state: "FAILED",
            record: &record,
        };
        assert!(
            ended
                .to_markdown()
                .starts_with("❌ **Staging failed** (job 12 FAILED)")
        );
        for node in record.nodes.values_mut() {
            node.state = NodeStageState::Verified;
        }
        let done = StagingComment {
            job_id: "12",
            job_state: "COMPLETED",
            record: &record,
        };
        assert!(
            done.to_markdown()
                .starts_with("✅ **Staged on every node** (job 12)")
        );
        assert_eq!(done.percent(), 100);
    }
}
