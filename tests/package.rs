//! The packages, as a user gets them. `make test` runs `make package-check` first (the steps of
//! `make package` on the dev profile); `HUGFLOW_PACKAGE_DIR=target/package/release` checks
//! the release ones.
//!
//! - the desktop `.deb`, unpacked, starts its own binary under Xvfb, shows the catalogue, and
//!   installs its bundled agent on a real sshd host whose PATH has no `hugflow`;
//! - that agent installed from the bundled resource answers `status --json` over SSH;
//! - the agent needs no glibc above the baseline (`scripts/glibc-baseline`) and no library a
//!   bare server may lack, and is the same file in all three packages;
//! - the CLI tarball and the server `.deb` carry completions and man pages.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use hugflow_e2e::{AppHome, Desktop};
use hugflow_remote::agent::{self, builds::AgentBuilds};
use hugflow_remote::{Ssh, SshSettings, Target};
use hugflow_testkit::sshd::Sshd;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn package_dir() -> PathBuf {
    let dir = std::env::var_os("HUGFLOW_PACKAGE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(WORKSPACE).join("target/package/debug"));
    assert!(
        dir.join(format!("Hugflow_{VERSION}_amd64.deb")).is_file(),
        "no packages in {}: run `make package-check` first (or `make package` and \
         HUGFLOW_PACKAGE_DIR=target/package/release)",
        dir.display()
    );
    dir
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("start the command");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A `.deb` unpacked as dpkg would install it, below a temp dir.
fn unpack_deb(deb: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(dir.path()));
    dir
}

fn desktop_deb() -> tempfile::TempDir {
    unpack_deb(&package_dir().join(format!("Hugflow_{VERSION}_amd64.deb")))
}

/// Where the unpacked desktop package keeps its agent: `/usr/lib/<productName>/agent/…`.
fn bundled_agent(root: &Path) -> PathBuf {
    root.join("usr/lib/Hugflow/agent/linux-x86_64/hugflow")
}

/// `major.minor` as numbers, for comparing glibc versions.
fn glibc_version(text: &str) -> (u32, u32) {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u32>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap_or(0))
}

/// The `GLIBC_x.y` versions a binary's dynamic symbols need, as objdump lists them.
fn glibc_needs(binary: &Path) -> Vec<(u32, u32)> {
    let table = run(Command::new("objdump").arg("-T").arg(binary));
    let mut versions: Vec<(u32, u32)> = table
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|word| word.strip_prefix("GLIBC_"))
        .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(glibc_version)
        .collect();
    versions.sort();
    versions.dedup();
    versions
}

/// The shared libraries a binary names (`NEEDED`).
fn needed_libraries(binary: &Path) -> Vec<String> {
    run(Command::new("objdump").arg("-p").arg(binary))
        .lines()
        .filter_map(|line| line.trim().strip_prefix("NEEDED"))
        .map(|name| name.trim().to_string())
        .collect()
}

#[test]
fn the_agent_needs_no_glibc_above_the_baseline_and_only_libc() {
    let baseline = glibc_version(
        &std::fs::read_to_string(Path::new(WORKSPACE).join("scripts/glibc-baseline")).unwrap(),
    );
    let desktop = desktop_deb();
    let agent = bundled_agent(desktop.path());
    let needs = glibc_needs(&agent);
    // An empty list would pass vacuously: a dynamic Linux binary always needs some.
    assert!(
        !needs.is_empty(),
        "objdump found no GLIBC_ versions in {}",
        agent.display()
    );
    let newest = *needs.last().unwrap();
    assert!(
        newest <= baseline,
        "the packaged agent needs GLIBC_{}.{}, above the baseline {}.{}: build it with \
         cargo zigbuild --target x86_64-unknown-linux-gnu.{}.{} (scripts/package.sh)",
        newest.0,
        newest.1,
        baseline.0,
        baseline.1,
        baseline.0,
        baseline.1
    );
    // libssl and libdbus differ between (or are missing on) the HGX OSes: only glibc's own.
    let allowed = [
        "libc.so.6",
        "libm.so.6",
        "libpthread.so.0",
        "libdl.so.2",
        "librt.so.1",
        "libgcc_s.so.1",
        "ld-linux-x86-64.so.2",
    ];
    let needed = needed_libraries(&agent);
    assert!(needed.iter().any(|l| l == "libc.so.6"), "{needed:?}");
    let extra: Vec<&String> = needed
        .iter()
        .filter(|l| !allowed.contains(&l.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "the agent needs {extra:?}, which a bare server may lack"
    );

    // The same portable build in every package.
    let bytes = std::fs::read(&agent).unwrap();
    let server = unpack_deb(&package_dir().join(format!("hugflow-server_{VERSION}_amd64.deb")));
    assert!(std::fs::read(server.path().join("usr/bin/hugflow")).unwrap() == bytes);
    let tarball = tempfile::tempdir().unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(package_dir().join(format!("hugflow-{VERSION}-x86_64-linux.tar.gz")))
        .arg("-C")
        .arg(tarball.path()));
    let unpacked = tarball
        .path()
        .join(format!("hugflow-{VERSION}-x86_64-linux"));
    assert!(std::fs::read(unpacked.join("hugflow")).unwrap() == bytes);
}

#[test]
fn the_cli_tarball_and_the_server_deb_carry_completions_and_man_pages() {
    let dir = package_dir();
    let listing = run(Command::new("tar")
        .arg("-tzf")
        .arg(dir.join(format!("hugflow-{VERSION}-x86_64-linux.tar.gz"))));
    let top = format!("hugflow-{VERSION}-x86_64-linux");
    for file in [
        "hugflow",
        "README.md",
        "completions/hugflow.bash",
        "completions/_hugflow",
        "completions/hugflow.fish",
        "man/hugflow.1",
        "man/hugflow-local-sync.1",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{top}/{file}")),
            "{file} missing from the tarball:\n{listing}"
        );
    }

    let server = unpack_deb(&dir.join(format!("hugflow-server_{VERSION}_amd64.deb")));
    let root = server.path();
    let version = run(Command::new(root.join("usr/bin/hugflow")).arg("--version"));
    assert!(
        version.starts_with(&format!("hugflow {VERSION} (")),
        "{version}"
    );
    let bash = std::fs::read_to_string(root.join("usr/share/bash-completion/completions/hugflow"))
        .unwrap();
    assert!(
        bash.contains("local-sync"),
        "bash completion without subcommands"
    );
    assert!(
        root.join("usr/share/zsh/vendor-completions/_hugflow")
            .is_file()
    );
    assert!(
        root.join("usr/share/fish/vendor_completions.d/hugflow.fish")
            .is_file()
    );
    let man = root.join("usr/share/man/man1/hugflow.1.gz");
    let page = run(Command::new("gzip").arg("-dc").arg(&man));
    assert!(
        page.contains(".TH hugflow"),
        "not a man page: {}",
        man.display()
    );
    let control = run(Command::new("dpkg-deb")
        .args(["-f"])
        .arg(dir.join(format!("hugflow-server_{VERSION}_amd64.deb"))));
    assert!(control.contains("Package: hugflow\n"), "{control}");
    assert!(control.contains("Depends: libc6 (>= 2.28)"), "{control}");
}

/// An SSH client of this test's own, trusting `sshd`.
fn client_of(sshd: &Sshd, dir: &Path) -> (Ssh, Target) {
    let config = dir.join("ssh_config");
    sshd.write_client_config(&config, false);
    let mut settings = SshSettings::in_dir(PathBuf::from("/usr/bin/ssh"), dir);
    settings.config_file = Some(config);
    settings.connect_timeout = Duration::from_secs(5);
    std::fs::write(&settings.known_hosts, sshd.known_hosts_line() + "\n").unwrap();
    (Ssh::new(settings), Target::parse(sshd.alias()).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bundled_agent_installs_on_a_host_without_hugflow_and_answers_status() {
    let desktop = desktop_deb();
    let resources = desktop.path().join("usr/lib/Hugflow");
    let sshd = Sshd::start("hgx-bare", &[]);
    let laptop = tempfile::tempdir().unwrap();
    let (ssh, target) = client_of(&sshd, laptop.path());

    assert_eq!(
        agent::detect(&ssh, &target).await.unwrap(),
        None,
        "hugflow already on the host"
    );
    // The app's own discovery, with no HUGFLOW_AGENT_BINARY: only the bundled build.
    let builds = AgentBuilds::discover(None, Some(&resources));
    assert_eq!(builds.all().len(), 1, "{builds:?}");
    let info = agent::install(&ssh, &target, &builds).await.unwrap();
    assert_eq!(info.version, VERSION);
    let installed = sshd.home().join(".local/bin/hugflow");
    assert!(
        std::fs::read(&installed).unwrap() == std::fs::read(bundled_agent(desktop.path())).unwrap()
    );

    // A checkout on the host, made by the installed agent itself, read back over SSH.
    let checkout = sshd.home().join("gitops");
    std::fs::create_dir_all(&checkout).unwrap();
    run(Command::new(&installed).arg("init").current_dir(&checkout));
    let report = agent::status(&ssh, &target, &info, checkout.to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(
        report.storage_root,
        checkout.join("datasets").display().to_string()
    );
    assert!(report.datasets.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_packaged_app_starts_shows_the_catalogue_and_installs_its_own_agent() {
    let unpacked = desktop_deb();
    let binary = unpacked.path().join("usr/bin/hugflow-desktop");
    let resource = bundled_agent(unpacked.path());
    let version = run(Command::new(&resource).arg("--version"));
    assert!(
        version.starts_with(&format!("hugflow {VERSION} (")),
        "{version}"
    );

    let sshd = Sshd::start("hgx-packaged", &[]);
    let home = AppHome::new();
    let ssh_config = home.dir.path().join("ssh_config");
    sshd.write_client_config(&ssh_config, false);
    let storage_root = home.dir.path().display().to_string();
    let env = [
        ("HUGFLOW_SSH_CONFIG", ssh_config.to_str().unwrap()),
        ("HUGFLOW_MONITOR_INTERVAL_MS", "500"),
        ("HUGFLOW_HOST_POLL_MS", "500"),
    ];
    let desktop = Desktop::launch_with(&home, binary.to_str().unwrap(), &env).await;
    // The catalogue is the first page: its search box and its empty state's next step.
    desktop.find("catalogue-search").await;
    desktop.find("catalogue-refresh").await;
    desktop.screenshot("packaged-catalogue").await;

    desktop.click("nav-hosts").await;
    desktop.type_into("add-host-name", sshd.alias()).await;
    desktop
        .type_into("add-host-storage-root", &storage_root)
        .await;
    desktop.add_host_trusting(&sshd.fingerprint()).await;
    desktop.click("host-open").await;
    desktop
        .wait_text_containing("agent-state", "not installed")
        .await;
    desktop.click("agent-install").await;
    desktop.wait_text_containing("agent-state", VERSION).await;
    desktop.screenshot("packaged-agent-installed").await;
    let installed = std::fs::read(sshd.home().join(".local/bin/hugflow")).unwrap();
    assert!(
        installed == std::fs::read(&resource).unwrap(),
        "not the bundled agent"
    );
    desktop.quit().await;
}
