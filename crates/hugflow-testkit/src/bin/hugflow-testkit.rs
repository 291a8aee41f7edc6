//! `hugflow-testkit`: runs the test services by hand or for `make demo`.
//!
//! `hugflow-testkit serve --hub-port 0 [--datasets N] [--seed S] [--latency-ms L] [--token T]`
//! starts the fake Hugging Face Hub on 127.0.0.1, prints `hub: http://127.0.0.1:PORT` and
//! `cdn: http://127.0.0.1:PORT`, and runs until Ctrl-C or SIGTERM.
//!
//! `--github-port 0 [--github-repo OWNER/NAME]` (alone or with the Hub) also starts the fake
//! GitHub and prints `github: http://127.0.0.1:PORT`, the GitOps repository, its bare git
//! directory, and the users' tokens.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use hugflow_testkit::github::{FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, DEFAULT_TOKEN, FakeHub, HubOptions};

#[derive(Parser)]
#[command(
    name = "hugflow-testkit",
    about = "Fake services for Hugflow's tests and demos"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve fake services on 127.0.0.1 until Ctrl-C or SIGTERM.
    Serve(Serve),
}

#[derive(Args)]
struct Serve {
    /// Serve the fake Hugging Face Hub on this port (0 picks a free one).
    #[arg(long)]
    hub_port: Option<u16>,
    /// Port of the Hub's CDN, where LFS downloads are redirected (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    cdn_port: u16,
    /// How many datasets to generate.
    #[arg(long, default_value_t = 2_000)]
    datasets: usize,
    /// Seed of the generated datasets (the same seed gives the same corpus).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Latency added to every response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// A valid token (repeatable).
    #[arg(long = "token", default_values_t = [DEFAULT_TOKEN.to_string()])]
    tokens: Vec<String>,
    /// Serve the fake GitHub API on this port (0 picks a free one).
    #[arg(long)]
    github_port: Option<u16>,
    /// The GitOps repository the fake GitHub holds.
    #[arg(long, default_value = "hugflow-team/datasets-gitops")]
    github_repo: String,
}

fn main() -> ExitCode {
    let Command::Serve(serve) = Cli::parse().command;
    if serve.hub_port.is_none() && serve.github_port.is_none() {
        eprintln!(
            "hugflow-testkit serve: nothing to serve; pass --hub-port PORT and/or --github-port PORT (0 for any)"
        );
        return ExitCode::from(2);
    }
    let mut hub = match serve
        .hub_port
        .map(|port| start_hub(&serve, port))
        .transpose()
    {
        Ok(hub) => hub,
        Err(code) => return code,
    };
    let mut github = match serve
        .github_port
        .map(|port| start_github(&serve, port))
        .transpose()
    {
        Ok(github) => github,
        Err(code) => return code,
    };
    let _ = std::io::stdout().flush();
    wait_for_signal();
    if let Some(hub) = &mut hub {
        hub.stop();
    }
    if let Some(github) = &mut github {
        github.stop();
    }
    ExitCode::SUCCESS
}

fn start_hub(serve: &Serve, port: u16) -> Result<FakeHub, ExitCode> {
    let options = HubOptions {
        port,
        cdn_port: serve.cdn_port,
        tokens: serve.tokens.clone(),
        latency: Duration::from_millis(serve.latency_ms),
        ..HubOptions::default()
    };
    let corpus = Corpus::generate(serve.datasets, serve.seed);
    let hub = FakeHub::try_start(corpus, options).map_err(|e| {
        eprintln!("hugflow-testkit: cannot start the fake Hub on 127.0.0.1:{port}: {e}");
        ExitCode::from(1)
    })?;
    println!("hub: {}", hub.url());
    println!("cdn: {}", hub.cdn_url());
    Ok(hub)
}

fn start_github(serve: &Serve, port: u16) -> Result<FakeGithub, ExitCode> {
    let options = GithubOptions {
        port,
        repo: serve.github_repo.clone(),
        ..GithubOptions::default()
    };
    let users = options.users.clone();
    let github = FakeGithub::try_start(options).map_err(|e| {
        eprintln!("hugflow-testkit: cannot start the fake GitHub on 127.0.0.1:{port}: {e}");
        ExitCode::from(1)
    })?;
    println!("github: {}", github.url());
    println!("github repo: {}", github.repo());
    println!("github git: {}", github.clone_url(github.repo()));
    for user in users {
        println!("github token {}: {}", user.login, user.token);
    }
    Ok(github)
}

/// Blocks until SIGINT or SIGTERM.
fn wait_for_signal() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a signal runtime");
    runtime.block_on(async {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("listen for SIGTERM");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    });
}
