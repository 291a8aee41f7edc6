//! `hugflow ready`: the gate a training job passes before it reads its data. Yes only when the
//! record says this node's copy was verified, for the commit the record names, and (on the
//! node itself) the copy still looks as it did when it was sealed: a file written, replaced,
//! truncated or deleted since makes the answer no.

use std::path::Path;

use hugflow_core::cluster::{NodeStageState, ReadyAnswer, check_node_name};

use crate::ClusterError;
use crate::records::StageBook;
use crate::seal::Seal;

/// Whether `node`'s copy of `storage_name` is ready. `target` overrides the record's target;
/// `on_node` says whether this process runs on that node and can look at the copy itself.
pub fn ready(
    book: &StageBook,
    storage_name: &str,
    node: &str,
    target: Option<&Path>,
    on_node: bool,
) -> Result<ReadyAnswer, ClusterError> {
    check_node_name(node)?;
    let record = book.read(storage_name)?;
    let target = match (target, &record) {
        (Some(target), _) => target.to_path_buf(),
        (None, Some(record)) => record.target.clone().into(),
        (None, None) => Path::new("").to_path_buf(),
    };
    let path = target.join(storage_name);
    let answer = |reason: Option<String>| ReadyAnswer {
        schema: 1,
        storage_name: storage_name.to_string(),
        node: node.to_string(),
        path: path.display().to_string(),
        ready: reason.is_none(),
        reason,
    };
    let Some(record) = record else {
        return Ok(answer(Some(format!(
            "{storage_name} was never staged (no record in {}); run `hugflow stage {storage_name} --nodes {node} --target DIR`",
            book.dir().display()
        ))));
    };
    let Some(stage) = record.nodes.get(node) else {
        return Ok(answer(Some(format!(
            "{storage_name} was not staged on {node} (staged on: {}); run `hugflow stage {storage_name} --nodes {node} --target {}`",
            record.nodes.keys().cloned().collect::<Vec<_>>().join(", "),
            record.target
        ))));
    };
    if stage.state != NodeStageState::Verified {
        return Ok(answer(Some(format!("{node}'s copy is {stage}"))));
    }
    if !on_node {
        return Ok(answer(None));
    }
    let Some(seal) = Seal::read(&path) else {
        return Ok(answer(Some(format!(
            "{} has no seal on {node} (deleted, or being staged again); run `hugflow stage` again",
            path.display()
        ))));
    };
    if seal.commit != record.commit {
        return Ok(answer(Some(format!(
            "{}'s copy on {node} is of commit {}, the staged one is {}; run `hugflow stage` again",
            storage_name, seal.commit, record.commit
        ))));
    }
    Ok(answer(seal.changed(&path).map(|change| {
        format!("{node}'s copy changed after it was verified: {change}; run `hugflow stage` again to repair it")
    })))
}
