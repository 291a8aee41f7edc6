//! The cluster's `slurm.conf`: the recipe's (`recipes/slurm-cluster/slurm.conf`), with this
//! cluster's paths, subnet, port and nodes.

use std::fmt::Write;
use std::path::Path;

pub(super) struct ConfFacts<'a> {
    pub dir: &'a Path,
    pub k: u8,
    pub port: u16,
    pub nodes: &'a [String],
    pub cpus_per_node: u32,
    pub slurmd_timeout: u32,
}

pub(super) fn slurm_conf(facts: &ConfFacts) -> String {
    let dir = facts.dir.display();
    let k = facts.k;
    // `batch_sched_delay=0` starts a batch job within the 1 s scheduler tick (3 s by default).
    // `kill_invalid_depend` cancels a job whose dependency failed instead of leaving it PENDING
    // forever; since Slurm 20.02 it is a DependencyParameters option (in SchedulerParameters,
    // 22.05 ignores it without a word). ReturnToService=2: a node that was down is idle again once its slurmd
    // answers. No cgroups anywhere (proctrack/linuxproc, task/none), no slurmdbd; finished jobs
    // are kept MinJobAge seconds in scontrol and for good in the jobcomp file.
    let mut conf = format!(
        "ClusterName=hugflow
SlurmctldHost=ctl(10.77.{k}.1)
SlurmctldPort={port}
SlurmdPort=6818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={dir}/munge/munge.sock
StateSaveLocation={dir}/ctld/state
SlurmctldPidFile={dir}/ctld/slurmctld.pid
SlurmctldLogFile={dir}/ctld/slurmctld.log
SlurmdSpoolDir={dir}/nodes/%n/spool
SlurmdPidFile={dir}/nodes/%n/slurmd.pid
SlurmdLogFile={dir}/nodes/%n/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc={dir}/ctld/jobcomp.log
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
MailProg=/bin/true
KillWait=2
InactiveLimit=0
SlurmdTimeout={timeout}
MaxArraySize=1001
",
        port = facts.port,
        timeout = facts.slurmd_timeout,
    );
    for (i, node) in facts.nodes.iter().enumerate() {
        let _ = writeln!(
            conf,
            "NodeName={node} NodeAddr={} NodeHostname={node} CPUs={} RealMemory=1000 State=UNKNOWN",
            node_address(k, i),
            facts.cpus_per_node
        );
    }
    let _ = writeln!(
        conf,
        "PartitionName=main Nodes={} Default=YES MaxTime=INFINITE State=UP",
        facts.nodes.join(",")
    );
    conf
}

/// Node `i` (from 0) is `10.77.k.<11 + i>`; the bridge and slurmctld are `10.77.k.1`.
pub(super) fn node_address(k: u8, i: usize) -> String {
    format!("10.77.{k}.{}", 11 + i)
}
