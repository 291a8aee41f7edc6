//! Reaching into one node: run a program as if on it, or crash it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{SlurmCluster, net, procs, tools::program};

impl SlurmCluster {
    /// `program` run on `node`: in its network, UTS (hostname) and mount (`/local/nvme`)
    /// namespaces, entered through its slurmd, with this cluster's environment.
    pub fn on_node(&self, node: &str, program_path: impl AsRef<std::ffi::OsStr>) -> Command {
        let i = self.index(node);
        let pid = self.slurmd[i]
            .as_ref()
            .unwrap_or_else(|| panic!("{node}'s slurmd is not running (crashed or killed)"))
            .id();
        let mut command = self.command(program("nsenter"));
        command
            .args(["-t", &pid.to_string(), "-n", "-u", "-m", "--"])
            .arg(program_path);
        command
    }

    /// Crashes `node` as a power loss would: every process on it (slurmd, slurmstepd, the job
    /// tasks) is SIGKILLed and its link goes down. Its files stay, on the host side
    /// ([`SlurmCluster::nvme_dir`]).
    pub fn crash_node(&mut self, node: &str) {
        let i = self.index(node);
        let ns = Path::new("/run/netns").join(net::netns(self.k(), node));
        if let Some(id) = procs::ns_id(&ns) {
            procs::kill_all_in("net", &[id], Duration::from_secs(5));
        }
        if let Some(mut child) = self.slurmd[i].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.link_down(node);
    }
}
