//! The command-line grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hugflow",
    // `hugflow 0.3.0 (1a2b3c4)`: the commit is `unknown` outside a git checkout.
    version = hugflow_version::LONG,
    about = "Manage the team's Hugging Face datasets on HGX servers, the GitOps way.",
    long_about = "Manage the team's Hugging Face datasets on HGX servers, the GitOps way.\n\n\
        Settings come from the environment and from `.env` in the checkout, with the names the \
        Python Hugflow used (HF_TOKEN, GITHUB_TOKEN, STORAGE_ROOT, STATE_DIR, \
        MAX_CONCURRENT_DOWNLOADS, AUTO_MERGE, ...).\n\n\
        Exit codes: 0 success, 1 invalid input found, 2 the command could not run, 141 stdout \
        was closed before everything was printed (`hugflow … | head`)."
)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug); HUGFLOW_LOG takes a full filter.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lay out a GitOps checkout: request folders, storage and state, .gitignore.
    Init {
        /// The checkout to initialise.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also write .github/workflows/dataset-sync.yml, which runs `hugflow sync --ci-mode`
        /// on a self-hosted runner, one concurrency group per pull request.
        #[arg(long)]
        workflow: bool,
    },
    /// Check request files (or folders of them) and report every error with its place.
    Validate {
        /// Files or folders; a folder stands for every .yaml/.yml below it.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Search the Hub's datasets (by id, author and description).
    Search {
        /// Words to look for; every one must match.
        query: String,
        /// How many results at most.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Describe one dataset: commit, tags, files with sizes, branches and tags, splits.
    Info {
        /// The dataset's id, e.g. openslr/librispeech_asr.
        hf_id: String,
        /// A branch, tag or commit (default: the default branch).
        #[arg(long)]
        revision: Option<String>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the datasets in active.json and the downloads in progress.
    Status {
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Apply one request file on this host: download (or remove) the dataset, verify it and
    /// record it in the manifests, as the CI sync would. Interrupted downloads resume.
    LocalSync {
        /// A file in requests/add/ or requests/remove/ (the folder says which).
        file: PathBuf,
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print JSON lines (progress, then the result) instead of a progress bar.
        #[arg(long)]
        json: bool,
    },
    /// Syncs that run detached on this host: `local-sync` started in the background (it
    /// survives the SSH session or the laptop that asked), listed, followed and cancelled from
    /// another session; the list also shows downloads the CI started here.
    ///
    /// Jobs live in STATE_DIR/jobs/<id>/ (request.yaml, job.json, pid, log.jsonl, exit.json).
    /// JSON output carries `"schema": 1`.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Apply the request files of a pull request (what the dataset-sync workflow runs).
    ///
    /// Reads GITHUB_REPOSITORY, PR_NUMBER (or the event in GITHUB_EVENT_PATH), GITHUB_API_URL
    /// and GITHUB_TOKEN; comments on the PR as it goes, writes results.json, and when every
    /// request succeeded removes the request files (AUTO_CLEANUP_REQUESTS), merges the PR and
    /// deletes its branch (AUTO_MERGE). Posts to SLACK_WEBHOOK_URL when set. One sync runs at
    /// a time on a host; another one waits.
    ///
    /// Exit codes: 0 every request succeeded or had nothing to do; 1 a request failed (the PR
    /// says why and stays open); 2 the sync could not run (settings, GitHub unreachable).
    Sync {
        /// Run as the workflow does, on the PR named by the environment (required: the only
        /// mode there is; `local-sync` applies one file by hand).
        #[arg(long, required = true)]
        ci_mode: bool,
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the outcome of each request file.
        #[arg(long, default_value = "results.json")]
        results: PathBuf,
        /// Print JSON lines (progress, notes, then the results) instead of a progress bar.
        #[arg(long)]
        json: bool,
    },
    /// This host's GPUs (utilisation, memory, temperature, power, processes), the dataset
    /// disk, load and memory, from nvidia-smi, df and /proc. Works without GPUs too.
    Monitor {
        /// The checkout whose STORAGE_ROOT disk to show.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print JSON (`"schema": 1`) instead of tables; with --watch, one line per refresh.
        #[arg(long)]
        json: bool,
        /// Refresh every 2 seconds until interrupted.
        #[arg(long)]
        watch: bool,
    },
    /// Ask for a dataset (or its removal) with a pull request on the GitOps repository.
    Request {
        #[command(subcommand)]
        action: RequestAction,
    },
    /// List the GitOps repository's request PRs (open, and closed in the last 30 days) and
    /// where each stands: PR open, sync started, downloading n %, complete, merged, failed.
    Requests {
        #[command(flatten)]
        gitops: GitopsArgs,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Flow and artifact runs under a folder: ductaflow builds and flows (status as ductaflow
    /// decides it, the lines that decided it, start, duration, running or abandoned) and huldra
    /// artifacts (status, stale leases, owner, error).
    Runs {
        /// The folder to scan: the one holding ductaflow's runs/ or huldra's data-huldra/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document (`"schema": 1`) instead of tables.
        #[arg(long)]
        json: bool,
        /// A run without an end line counts as running when something in its folder was
        /// written within this many seconds (else abandoned); also how long a huldra attempt
        /// without a lease may go without a heartbeat.
        #[arg(long, value_name = "SECS", default_value_t = 3600)]
        running_within: u64,
    },
    /// Re-run one ductaflow flow in its own folder, detached (it outlives the SSH session):
    /// `python <flow>.py --config <its saved config> --output-dir <its folder>`, from the
    /// project folder above it that holds `flows/<flow>.py` (or builds/, flow/, build/). The
    /// record is `<folder>/.hugflow/rerun.json`, what the flow prints `<folder>/.hugflow/rerun.log`;
    /// `hugflow runs` shows both. JSON output carries `"schema": 1`.
    Rerun {
        #[command(subcommand)]
        action: RerunAction,
    },
    /// Run the retrain orchestrator once: count each label's reviewed misclassifications,
    /// and for those at their threshold restart the prepare Space, wait for the new dataset
    /// version and restart the label's retrain Space. Settings: the seed's variables
    /// (PREPARE_DATASET_REPO, RETRAIN_<LABEL>_REPO, HF_HUB_METADATA_<LABEL>,
    /// THRESHOLD_<LABEL>, DATABASE_URL, POLL_INTERVAL, POLL_TIMEOUT, DRY_RUN) and retrain.toml.
    #[command(args_conflicts_with_subcommands = true)]
    Retrain {
        #[command(subcommand)]
        action: Option<RetrainAction>,
        /// The checkout (its .env, retrain.toml and STATE_DIR, where runs are recorded).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The labels file (default: retrain.toml in the checkout, if there).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Print the recorded run as JSON on stdout (the log goes to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Copy a dataset to every node of a Slurm cluster, verified: run on a login node.
    ///
    /// Makes sure the dataset is on the shared STORAGE_ROOT (a request file is synced first,
    /// as `local-sync` would), then submits ONE Slurm job with a task per node that copies it
    /// to `<target>/<storage_name>/` on the node's local disk and verifies every file against
    /// `.hugflow/manifest.json`, reusing files already there. Prints the job id; train with
    /// `sbatch --dependency=afterok:<id>`, or start the training script with `hugflow ready`.
    /// Each node's state is in STATE_DIR/stage/<storage_name>.json; `hugflow cluster` shows it.
    ///
    /// Exit codes: 0 submitted (with --wait: every node verified); 1 with --wait, a node
    /// failed (each is listed with its reason); 2 it could not be submitted.
    Stage {
        /// A request file (requests/add/<name>.yaml) or the storage name of a synced dataset.
        dataset: String,
        /// The nodes, as Slurm writes them: n1,n2 or gpu[01-08].
        #[arg(long, required_unless_present = "partition")]
        nodes: Option<String>,
        /// A partition to run on; Slurm picks the nodes (how many: --nodes-count).
        #[arg(long)]
        partition: Option<String>,
        /// How many nodes (with --partition).
        #[arg(long)]
        nodes_count: Option<u32>,
        /// The folder on every node that receives `<storage_name>/`, e.g. /local/nvme/datasets.
        #[arg(long)]
        target: String,
        /// MB/s each node may read from the shared storage (default: no limit).
        #[arg(long, value_name = "MB_PER_S")]
        max_rate_mb: Option<u64>,
        /// Follow the job to its end and exit with its result.
        #[arg(long)]
        wait: bool,
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document (`"schema": 1`) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One node's part of a staging job (run by `srun` inside the job `hugflow stage` submits).
    #[command(hide = true)]
    StageTask {
        /// The dataset's folder on the shared storage.
        #[arg(long)]
        source: PathBuf,
        #[arg(long)]
        target: PathBuf,
        #[arg(long)]
        state_dir: PathBuf,
        #[arg(long)]
        job_id: Option<String>,
        /// Bytes per second read from the shared storage.
        #[arg(long)]
        max_rate: Option<u64>,
        /// This node's name (default: SLURMD_NODENAME, else the hostname).
        #[arg(long)]
        node: Option<String>,
        storage_name: String,
    },
    /// Delete a dataset's staged copies from the nodes (one Slurm job, a task per node), and
    /// their entries from STATE_DIR/stage/. The shared copy is not touched.
    Unstage {
        /// The dataset's storage name.
        storage_name: String,
        /// The nodes to clean, as Slurm writes them (default: every node that has a copy).
        #[arg(long)]
        nodes: Option<String>,
        /// Follow the job to its end and exit with its result.
        #[arg(long)]
        wait: bool,
        /// The checkout (STATE_DIR is resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document (`"schema": 1`) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One node's part of a clean-up job (run by `srun` inside the job `hugflow unstage` submits).
    #[command(hide = true)]
    UnstageTask {
        #[arg(long)]
        target: PathBuf,
        #[arg(long)]
        state_dir: PathBuf,
        #[arg(long)]
        job_id: Option<String>,
        /// This node's name (default: SLURMD_NODENAME, else the hostname).
        #[arg(long)]
        node: Option<String>,
        storage_name: String,
    },
    /// Exit 0 only when this node's staged copy of a dataset is verified and unchanged since:
    /// the first line of a training script, or a job prolog.
    ///
    /// On the node itself every file is checked against the seal the stage wrote (one stat
    /// each); with --node naming another node, the record on the shared STATE_DIR answers.
    /// Exit codes: 0 ready; 1 not ready (the reason is printed); 2 it could not tell.
    Ready {
        /// The dataset's storage name.
        storage_name: String,
        /// The node to ask about (default: this one: SLURMD_NODENAME, else the hostname).
        #[arg(long)]
        node: Option<String>,
        /// The folder the dataset was staged into (default: the one the stage recorded).
        #[arg(long)]
        target: Option<PathBuf>,
        /// The checkout (STATE_DIR is resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document (`"schema": 1`) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The Slurm cluster: nodes (state, GPUs, partitions), Hugflow's staging jobs, and per
    /// dataset which nodes hold a verified copy. Runs Slurm's own sinfo, squeue and scontrol.
    Cluster {
        /// The checkout (STATE_DIR is resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document (`"schema": 1`) instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Print a completion script for a shell, e.g.
    /// `hugflow completions bash > /etc/bash_completion.d/hugflow`,
    /// `hugflow completions zsh > "${fpath[1]}/_hugflow"`,
    /// `hugflow completions fish > ~/.config/fish/completions/hugflow.fish`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), for packaging: `hugflow man > hugflow.1`; or write it and
    /// one page per subcommand (`hugflow-local-sync.1`, …) into a folder.
    #[command(hide = true)]
    Man {
        /// Write hugflow.1 and every subcommand's page here instead of printing hugflow.1.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetrainAction {
    /// The recorded runs, newest first.
    History {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How many runs at most.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print one JSON document (`"schema": 1`) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RerunAction {
    /// Start the re-run and return at once.
    ///
    /// Exit codes: 0 started; 2 not a run folder, no saved config, no flow script found, or a
    /// re-run of it is still running.
    Start {
        /// The flow's run folder (it holds `<flow>_execution_output.txt` and `<flow>_config.json`).
        folder: PathBuf,
        /// The Python to run it with (default: HUGFLOW_PYTHON, else `python`, else `python3`).
        #[arg(long)]
        python: Option<String>,
        /// Print the re-run's record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// How the folder's last re-run stands: running, complete, failed, cancelled or lost.
    ///
    /// Exit codes: 0 shown; 2 the folder was never re-run.
    Status {
        folder: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print what the re-run's flow printed.
    Log {
        folder: PathBuf,
        /// Keep printing new lines until the re-run has ended.
        #[arg(long)]
        follow: bool,
    },
    /// Stop a running re-run (SIGTERM to its process group) and wait up to 10 s for it to end.
    Cancel {
        folder: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The detached runner itself: runs the recorded command and records how it ended.
    #[command(hide = true)]
    Run { folder: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum JobsAction {
    /// Start a `local-sync` detached and return at once. Reads one JSON document from stdin:
    /// `{"request_yaml": "<an add or remove request>", "hf_token": "<optional>"}`. The token
    /// reaches the sync through its environment only (never its arguments, a file or the log).
    ///
    /// Exit codes: 0 started; 2 the input or the request is invalid, or the job could not start.
    Start {
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON line (`started`, or `failed` with the reason).
        #[arg(long)]
        json: bool,
    },
    /// Every job, newest first, with its state (running, complete, failed, cancelled, lost),
    /// progress and error; and the downloads no job owns (CI), as `ci-<storage-name>`.
    List {
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a job's log: the JSON event lines of its sync (`planned`, `progress`, `note`,
    /// then `complete`, `skipped`, `removed`, `failed` or `cancelled`).
    Log {
        /// The job's id, as `hugflow jobs list` shows it.
        id: String,
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Keep printing new lines until the job has ended and all of its log is printed.
        #[arg(long)]
        follow: bool,
    },
    /// Stop a running job (SIGTERM to its process group) and wait up to 10 s for it to end.
    /// The bytes downloaded so far are kept: starting the request again resumes them.
    ///
    /// Exit codes: 0 stopped, or not running; 2 unknown id, or still running after 10 s.
    Cancel {
        /// The job's id, as `hugflow jobs list` shows it.
        id: String,
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The detached process itself: applies the job's request as `local-sync --json` would,
    /// then writes exit.json. `jobs start` runs it.
    #[command(hide = true)]
    Run {
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RequestAction {
    /// Open a PR adding requests/add/<storage-name>.yaml on branch hugflow/add-<storage-name>.
    Add {
        /// The dataset's id on the Hub, e.g. mozilla-foundation/common_voice_11_0.
        hf_id: String,
        /// Why the team needs it (required).
        #[arg(long)]
        description: String,
        /// A branch, tag or commit (default: main).
        #[arg(long)]
        revision: Option<String>,
        /// One config only (default: the whole repository).
        #[arg(long)]
        subset: Option<String>,
        /// The split of the subset (default: train).
        #[arg(long)]
        split: Option<String>,
        /// The audio column (default: audio).
        #[arg(long)]
        audio_column: Option<String>,
        /// The text column (default: text).
        #[arg(long)]
        text_column: Option<String>,
        #[command(flatten)]
        common: RequestArgs,
    },
    /// Open a PR adding requests/remove/<storage-name>.yaml.
    Remove {
        /// The dataset's id on the Hub.
        hf_id: String,
        /// Why it can go (required).
        #[arg(long)]
        reason: String,
        /// The download to remove, as `hugflow status` lists it (default: the full download
        /// at main).
        #[arg(long)]
        storage_name: Option<String>,
        #[command(flatten)]
        common: RequestArgs,
    },
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    #[command(flatten)]
    pub gitops: GitopsArgs,
    /// Open the new PR in the browser (https URLs of the GitHub host only).
    #[arg(long)]
    pub open: bool,
    /// Show the YAML, path, branch and title, and create nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Where requests go. The token: the OS keyring, then GH_TOKEN/GITHUB_TOKEN, then
/// `gh auth token`.
#[derive(Debug, Args)]
pub struct GitopsArgs {
    /// The GitOps repository, owner/name (default: the GitHub `origin` of the current folder).
    #[arg(long, env = "HUGFLOW_GITOPS_REPO")]
    pub repo: Option<String>,
    /// The branch PRs target (default: the repository's default branch).
    #[arg(long, env = "HUGFLOW_BASE_BRANCH")]
    pub base: Option<String>,
    /// GitHub's API (https://HOST/api/v3 for GitHub Enterprise).
    #[arg(long, env = "GITHUB_API_URL", default_value = hugflow_github::DEFAULT_API_URL)]
    pub github_api: String,
}
