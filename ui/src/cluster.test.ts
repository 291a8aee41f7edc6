import { describe, expect, it } from "vitest";
import { cellOf, matrixNodes, nodeHost, percent, shortHostName, stageSpec, stagingRuns } from "./cluster";
import { clusterStatus, nodeStage, stageRecord } from "./test/cluster";

describe("cluster", () => {
  it("reads each node's copy as the CLI prints it, a missing node as missing", () => {
    const record = stageRecord("acme__speech__rev_main", {
      n1: nodeStage("verified"),
      n2: nodeStage("copying", { bytes_done: 405, bytes_total: 1000 }),
      n3: nodeStage("failed", { reason: "disk full on /local/nvme" }),
    });
    expect(cellOf(record, "n1")).toEqual({ state: "verified", label: "verified", reason: null });
    expect(cellOf(record, "n2").label).toBe("copying 40 %");
    expect(cellOf(record, "n3")).toEqual({ state: "failed", label: "failed", reason: "disk full on /local/nvme" });
    expect(cellOf(record, "n4")).toEqual({ state: "missing", label: "missing", reason: null });
    expect(percent(nodeStage("copying"))).toBe(0);
  });

  it("lists Slurm's nodes first, then nodes only a record names, and knows when a stage runs", () => {
    const status = clusterStatus(["n1", "n2"], [stageRecord("a", { n9: nodeStage("verified"), n1: nodeStage("pending") })]);
    expect(matrixNodes(status)).toEqual(["n1", "n2", "n9"]);
    expect(stagingRuns(status)).toBe(true);
    expect(stagingRuns(clusterStatus(["n1"], [stageRecord("a", { n1: nodeStage("failed") })]))).toBe(false);
  });

  it("builds the spec the form means, leaving the checks to Rust", () => {
    expect(stageSpec("nodes", " n[1-3] ", "x", "4", "/local/nvme/datasets ")).toEqual({ nodes: "n[1-3]", partition: null, nodes_count: null, target: "/local/nvme/datasets" });
    expect(stageSpec("partition", "", "debug", "2", "/t")).toEqual({ nodes: null, partition: "debug", nodes_count: 2, target: "/t" });
    expect(stageSpec("partition", "", "debug", "", "/t").nodes_count).toBeNull();
  });

  it("reads the host part of an SSH target, lowercase and without its domain", () => {
    expect(shortHostName("hgx-a")).toBe("hgx-a");
    expect(shortHostName("ml@GPU-01.cluster.local:2222")).toBe("gpu-01");
    expect(shortHostName("a@b@n3.example.org")).toBe("n3");
    expect(shortHostName("ml@10.0.0.5:2222")).toBe("10.0.0.5");
    expect(shortHostName("ml@[fe80::1]:22")).toBe("fe80::1");
    expect(shortHostName(" N7 ")).toBe("n7");
  });

  it("finds the saved host a node is by its name or its SSH target's host, ignoring case and domain", () => {
    const hosts = [{ name: "login" }, { name: "GPU-01.cluster.local" }, { name: "ml@gpu-02:2222" }, { name: "root@10.0.0.5" }, { name: "gpu-03" }, { name: "ml@gpu-03" }];
    expect(nodeHost("gpu-01", hosts)?.name).toBe("GPU-01.cluster.local");
    expect(nodeHost("gpu-02.cluster.local", hosts)?.name).toBe("ml@gpu-02:2222");
    expect(nodeHost("GPU-02", hosts)?.name).toBe("ml@gpu-02:2222");
    expect(nodeHost("10.0.0.5", hosts)?.name).toBe("root@10.0.0.5");
    // The host's own name first, then an SSH target's host.
    expect(nodeHost("gpu-03", [...hosts].reverse())?.name).toBe("gpu-03");
    expect(nodeHost("gpu-04", hosts)).toBeNull();
    expect(nodeHost("gpu-0", hosts)).toBeNull();
    expect(nodeHost("10", hosts)).toBeNull();
    expect(nodeHost("", [{ name: "" }])).toBeNull();
  });
});
