//! The builds of `hugflow` this app can put on a host, and the one that fits a host.
//!
//! A packaged Hugflow Desktop carries its agents as resources, one per platform, at
//! `agent/<os>-<arch>/hugflow` (`make package`; the release workflow adds more platforms).
//! `HUGFLOW_AGENT_BINARY` names one more build, first in line. Which platform a build is for is
//! read from its ELF header, not from its folder's name, so a wrong file is refused before it
//! is copied rather than failing on the host.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A platform as `uname -sm` prints it on the host: `Linux x86_64`, `Linux aarch64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub arch: String,
}

impl Platform {
    /// What a host's `uname -sm` printed; `None` for anything else (a banner, an empty line).
    pub fn from_uname(text: &str) -> Option<Self> {
        let mut words = text.split_whitespace();
        let (os, arch) = (words.next()?, words.next()?);
        let plain = |w: &str| {
            !w.is_empty()
                && w.len() <= 32
                && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        };
        (words.next().is_none() && plain(os) && plain(arch)).then(|| Self {
            os: os.to_string(),
            arch: arch.to_string(),
        })
    }

    /// The platform a binary runs on, from its ELF header; `None` when it is no Linux
    /// executable we know (a macOS or Windows build, a script, a truncated file).
    pub fn of_binary(path: &Path) -> std::io::Result<Option<Self>> {
        let mut header = [0u8; 20];
        let mut file = std::fs::File::open(path)?;
        if file.read(&mut header)? < header.len() || &header[..4] != b"\x7fELF" {
            return Ok(None);
        }
        // Little-endian 64-bit executables only: every HGX CPU (x86_64, Grace's aarch64).
        let (class, data, os_abi) = (header[4], header[5], header[7]);
        const ELFCLASS64: u8 = 2;
        const LITTLE_ENDIAN: u8 = 1;
        const SYSV: u8 = 0;
        const GNU_LINUX: u8 = 3;
        if class != ELFCLASS64 || data != LITTLE_ENDIAN || !matches!(os_abi, SYSV | GNU_LINUX) {
            return Ok(None);
        }
        let arch = match u16::from_le_bytes([header[18], header[19]]) {
            62 => "x86_64",
            183 => "aarch64",
            _ => return Ok(None),
        };
        Ok(Some(Self {
            os: "Linux".into(),
            arch: arch.into(),
        }))
    }

    /// The folder name of this platform's build among the resources: `linux-x86_64`.
    pub fn folder(&self) -> String {
        format!("{}-{}", self.os.to_lowercase(), self.arch)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.os, self.arch)
    }
}

/// One build of `hugflow` and the platform it runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentBuild {
    pub platform: Platform,
    pub path: PathBuf,
}

/// Every build found, in the order they are preferred.
#[derive(Debug, Clone, Default)]
pub struct AgentBuilds {
    builds: Vec<AgentBuild>,
    /// Files that were named but cannot be installed, with why: said when no build fits.
    refused: Vec<String>,
}

/// Why no build can go to a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoBuild {
    /// What the host runs.
    pub wanted: String,
    /// The platforms this app has builds for.
    pub available: Vec<String>,
    /// Named builds that were refused, with why.
    pub refused: Vec<String>,
}

impl fmt::Display for NoBuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.available.is_empty() {
            write!(
                f,
                "this Hugflow Desktop carries no build of hugflow to install"
            )?;
        } else {
            write!(
                f,
                "this Hugflow Desktop carries hugflow for {} only",
                self.available.join(", ")
            )?;
        }
        for why in &self.refused {
            write!(f, " ({why})")?;
        }
        write!(
            f,
            "; put a {} build of hugflow at ~/.local/bin/hugflow on the host, or set \
             HUGFLOW_AGENT_BINARY to one and restart the app",
            self.wanted
        )
    }
}

impl AgentBuilds {
    /// `explicit` (`HUGFLOW_AGENT_BINARY`) first, then the builds under `resource_dir/agent/`.
    pub fn discover(explicit: Option<&Path>, resource_dir: Option<&Path>) -> Self {
        let mut found = Self::default();
        if let Some(path) = explicit {
            found.add(path, "HUGFLOW_AGENT_BINARY");
        }
        let bundled = resource_dir.map(|dir| dir.join("agent"));
        let mut folders: Vec<PathBuf> = bundled
            .iter()
            .flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten())
            .map(|entry| entry.path().join("hugflow"))
            .filter(|path| path.is_file())
            .collect();
        folders.sort();
        for path in folders {
            found.add(&path, "the app's bundled agent");
        }
        found
    }

    /// Just `path` (a test's build, or a developer's `target/debug/hugflow`).
    pub fn single(path: &Path) -> Self {
        Self::discover(Some(path), None)
    }

    fn add(&mut self, path: &Path, source: &str) {
        match Platform::of_binary(path) {
            Ok(Some(platform)) => self.builds.push(AgentBuild {
                platform,
                path: path.to_path_buf(),
            }),
            Ok(None) => self.refused.push(format!(
                "{source} {} is not a Linux x86_64 or aarch64 executable",
                path.display()
            )),
            Err(error) => self.refused.push(format!(
                "{source} {} cannot be read: {error}",
                path.display()
            )),
        }
    }

    pub fn all(&self) -> &[AgentBuild] {
        &self.builds
    }

    /// The first build for `platform`.
    pub fn for_platform(&self, platform: &Platform) -> Result<&AgentBuild, NoBuild> {
        self.builds
            .iter()
            .find(|b| &b.platform == platform)
            .ok_or_else(|| {
                let mut available: Vec<String> =
                    self.builds.iter().map(|b| b.platform.to_string()).collect();
                available.dedup();
                NoBuild {
                    wanted: platform.to_string(),
                    available,
                    refused: self.refused.clone(),
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elf(dir: &Path, name: &str, machine: u16, os_abi: u8) -> PathBuf {
        let mut bytes = vec![0u8; 64];
        bytes[..4].copy_from_slice(b"\x7fELF");
        bytes[4] = 2;
        bytes[5] = 1;
        bytes[7] = os_abi;
        bytes[18..20].copy_from_slice(&machine.to_le_bytes());
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn linux(arch: &str) -> Platform {
        Platform::from_uname(&format!("Linux {arch}\n")).unwrap()
    }

    #[test]
    fn uname_is_read_strictly() {
        assert_eq!(linux("x86_64").to_string(), "Linux x86_64");
        assert_eq!(linux("aarch64").folder(), "linux-aarch64");
        for hostile in [
            "",
            "Linux",
            "Linux x86_64 extra",
            "Linux x86-64;rm",
            "Welcome to\nLinux",
        ] {
            assert_eq!(Platform::from_uname(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn a_real_binary_is_read_as_this_machines_platform() {
        let own = std::env::current_exe().unwrap();
        let platform = Platform::of_binary(&own)
            .unwrap()
            .expect("an ELF test binary");
        assert_eq!(platform.arch, std::env::consts::ARCH);
        assert_eq!(platform.os, "Linux");
    }

    #[test]
    fn the_build_for_the_hosts_platform_is_picked_and_the_others_named_when_none_fits() {
        let dir = tempfile::tempdir().unwrap();
        elf(dir.path(), "agent/linux-x86_64/hugflow", 62, 0);
        // A folder's name does not decide: this one is an aarch64 build whatever it says.
        elf(dir.path(), "agent/linux-misnamed/hugflow", 183, 3);
        let builds = AgentBuilds::discover(None, Some(dir.path()));
        let x86 = builds.for_platform(&linux("x86_64")).unwrap();
        assert!(x86.path.ends_with("agent/linux-x86_64/hugflow"));
        let arm = builds.for_platform(&linux("aarch64")).unwrap();
        assert!(arm.path.ends_with("agent/linux-misnamed/hugflow"));

        let none = builds.for_platform(&linux("ppc64le")).unwrap_err();
        let message = none.to_string();
        assert!(
            message.contains("Linux aarch64, Linux x86_64 only"),
            "{message}"
        );
        assert!(message.contains("put a Linux ppc64le build"), "{message}");
    }

    #[test]
    fn the_explicit_build_comes_first_and_a_wrong_file_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let bundled = elf(dir.path(), "res/agent/linux-x86_64/hugflow", 62, 0);
        let explicit = elf(dir.path(), "mine/hugflow", 62, 0);
        let builds = AgentBuilds::discover(Some(&explicit), Some(&dir.path().join("res")));
        assert_eq!(
            builds.for_platform(&linux("x86_64")).unwrap().path,
            explicit
        );
        assert_eq!(builds.all().len(), 2);
        assert_eq!(builds.all()[1].path, bundled);

        let script = dir.path().join("hugflow.sh");
        std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
        let builds = AgentBuilds::single(&script);
        let message = builds
            .for_platform(&linux("x86_64"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("carries no build of hugflow"), "{message}");
        assert!(
            message.contains(&format!(
                "HUGFLOW_AGENT_BINARY {} is not a Linux",
                script.display()
            )),
            "{message}"
        );
        let missing = AgentBuilds::single(&dir.path().join("absent"));
        let message = missing
            .for_platform(&linux("x86_64"))
            .unwrap_err()
            .to_string();
        assert!(message.contains("cannot be read"), "{message}");
    }

    #[test]
    fn an_app_without_resources_has_no_builds() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            AgentBuilds::discover(None, Some(dir.path()))
                .all()
                .is_empty()
        );
        assert!(AgentBuilds::discover(None, None).all().is_empty());
    }
}
