import { describe, expect, it } from "vitest";
import { cellOf, matrixNodes, percent, stageSpec, stagingRuns } from "./cluster";
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
});
