import { describe, expect, it } from "vitest";
import { decidingLines } from "../logTail";
import { demoRetrain } from "./demoRetrain";
import { FLOWS_ROOT, demoRuns } from "./demoRuns";
import { demoSpaces } from "./demoSpaces";
import { FakeRuns } from "./fakeRuns";
import { FakeSpaces } from "./fakeSpaces";
import { hostView } from "./hostBuilders";

const NOW = new Date("2026-11-22T12:00:00Z");
const hosts = [hostView("hgx-a", { checkout: "~/gitops" }), hostView("hgx-b")];
const runs = (checkout: string | null = null) => new FakeRuns({ ...demoRuns(NOW), ...demoRetrain(NOW) }, () => hosts, () => checkout);
const flows = { host: "hgx-a", path: FLOWS_ROOT };

describe("FakeRuns", () => {
  it("adds a folder once, refusing unknown hosts and relative paths as the app does", () => {
    const fake = new FakeRuns({}, () => hosts, () => null);
    expect(fake.add({ host: null, path: " /home/you/runs " })).toEqual([{ host: null, path: "/home/you/runs" }]);
    expect(fake.add({ host: "hgx-b", path: "~/flows" })).toHaveLength(2);
    expect(fake.add({ host: null, path: "/home/you/runs" })).toHaveLength(2);
    expect(() => fake.add({ host: "hgx-z", path: "/data" })).toThrow(expect.objectContaining({ code: "invalid_input", message: "no host hgx-z is added; add it on the Hosts page" }));
    expect(() => fake.add({ host: null, path: "~/runs" })).toThrow(expect.objectContaining({ code: "invalid_input" }));
    expect(() => fake.add({ host: null, path: "" })).toThrow(expect.objectContaining({ message: expect.stringContaining("The folder is empty") }));
    expect(fake.remove({ host: null, path: "/home/you/runs" })).toEqual([{ host: "hgx-b", path: "~/flows" }]);
  });

  it("scans a folder it knows, and an unknown one as empty", () => {
    const fake = runs();
    expect(fake.scan(flows).ductaflow.map((r) => r.name)).toEqual(["augmented", "diverged", "low_data", "baseline", "lr_sweep"]);
    expect(fake.scan({ host: null, path: "/tmp/none" })).toMatchObject({ root: "/tmp/none", ductaflow: [], huldra: [] });
    expect(fake.scans).toHaveLength(2);
  });

  it("tails a run's log, whose deciding lines are the ones its signals name", () => {
    const fake = runs();
    const train = fake.scan(flows).ductaflow.find((r) => r.name === "diverged")!.flows[1]!;
    expect(train).toMatchObject({ name: "train_instance", status: "error" });
    const whole = fake.tail(flows, train.log_path!, 200);
    expect(whole.at(-1)).toBe("RuntimeError: loss diverged (nan) at step 12");
    const deciding = decidingLines(whole, train.signals, train.log_path!, 200);
    expect([...deciding.keys()].map((i) => whole[i])).toEqual([expect.stringContaining("flow:train - ERROR - ❌ Execution failed:"), "RuntimeError: loss diverged (nan) at step 12"]);
    expect(fake.tail(flows, train.log_path!, 2)).toEqual(["", "RuntimeError: loss diverged (nan) at step 12"]);
    expect(() => fake.tail(flows, "runs/nope.txt", 5)).toThrow(expect.objectContaining({ code: "not_found" }));
  });

  it("re-runs a flow once at a time, records it for the next scan, and cancels it", () => {
    const fake = runs();
    const path = "runs/pipeline/diverged/runs/train_instance";
    const started = fake.rerun(flows, path);
    expect(started).toMatchObject({
      state: "running",
      command: ["python3", "flows/train.py", "--config", `${FLOWS_ROOT}/${path}/train_config.json`, "--output-dir", `${FLOWS_ROOT}/${path}`],
      cwd: FLOWS_ROOT,
      log: `${FLOWS_ROOT}/${path}/.hugflow/rerun.log`,
      ended_at: null,
    });
    const train = () => fake.scan(flows).ductaflow[1]!.flows[1]!;
    expect(train().rerun).toEqual(started);
    expect(fake.tail(flows, `${path}/.hugflow/rerun.log`, 10)).toEqual([expect.stringMatching(/^hugflow: python3 flows\/train\.py --config /)]);
    expect(() => fake.rerun(flows, path)).toThrow(expect.objectContaining({ code: "busy" }));

    expect(fake.cancelRerun(flows, path)).toBe("cancelled");
    expect(train().rerun).toMatchObject({ state: "cancelled", code: null, ended_at: expect.any(String) });
    expect(fake.cancelRerun(flows, path)).toBe("cancelled");
    fake.rerun(flows, path);
    fake.endRerun(flows, path, "failed", 1);
    expect(train().rerun).toMatchObject({ state: "failed", code: 1 });
    expect(fake.tail(flows, `${path}/.hugflow/rerun.log`, 1)).toEqual(["hugflow: the re-run ended: failed (exit code 1)"]);
    expect(fake.reruns).toEqual([[flows, path], [flows, path], [flows, path]]);
    expect(fake.cancels).toEqual([[flows, path], [flows, path]]);
  });

  it("refuses to re-run what its scan could not plan, is not a run, or was never re-run", () => {
    const fake = runs();
    const augmented = fake.folders[0]!.report.ductaflow[0]!;
    augmented.rerun_command = null;
    augmented.rerun_blocked = `${FLOWS_ROOT}/runs/pipeline/augmented has no saved config pipeline_config.json; a re-run passes the run's own config to --config`;
    // The scan's reason, word for word: the host says the same when asked.
    expect(() => fake.rerun(flows, "runs/pipeline/augmented")).toThrow(expect.objectContaining({ code: "invalid_input", message: augmented.rerun_blocked }));
    expect(() => fake.rerun(flows, "runs/nope")).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(() => fake.cancelRerun(flows, "runs/pipeline/baseline")).toThrow(expect.objectContaining({ code: "not_found", message: expect.stringContaining("was never re-run") }));
    expect(() => fake.rerun({ host: "hgx-z", path: FLOWS_ROOT }, "runs/pipeline/baseline")).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });

  it("reads retrain records of a host with a checkout, or of this computer", () => {
    expect(runs().history("hgx-a").runs.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(runs().history(null).runs).toHaveLength(4);
    expect(() => runs().history("hgx-b")).toThrow(expect.objectContaining({ code: "not_configured" }));
    const bare = (checkout: string | null) => new FakeRuns({}, () => hosts, () => checkout);
    expect(() => bare(null).history(null)).toThrow(expect.objectContaining({ code: "no_checkout" }));
    expect(bare("/srv/gitops").history(null)).toEqual({ schema: 1, runs: [] });
    expect(runs().datasetVersions("acme-ml/department-dataset").map((v) => v.version_tag)).toEqual(["v0", "v1", "v2"]);
    expect(() => runs().datasetVersions("acme-ml/nope")).toThrow(expect.objectContaining({ code: "not_found" }));
  });
});

describe("FakeSpaces", () => {
  it("reports each watched Space with its role, stage and a worker's iterations", () => {
    const { spaces } = new FakeSpaces(demoSpaces()).report();
    expect(spaces.map((s) => [s.id, s.role, s.stage, s.iterations])).toEqual([
      ["acme-ml/dataset-prepare", "prepare", "RUNNING", null],
      ["acme-ml/retrain-department", "retrain department", "PAUSED", null],
      ["acme-ml/retrain-intent", "retrain intent", "RUNTIME_ERROR", null],
      ["acme-ml/asr-worker", "worker", "RUNNING", 37],
      ["acme-ml/eval-worker", "worker", null, null],
    ]);
    expect(spaces[4]!.error).toContain("was not found on the Hub");
  });

  it("restarts and pauses, unless the token can only read", () => {
    const fake = new FakeSpaces(demoSpaces());
    fake.restart("acme-ml/retrain-department");
    expect(fake.report().spaces[1]).toMatchObject({ stage: "RUNNING", hardware: "a10g-small" });
    fake.pause("acme-ml/asr-worker");
    expect(fake.report().spaces[3]).toMatchObject({ stage: "PAUSED", hardware: null });
    expect(() => fake.pause("acme-ml/eval-worker")).toThrow(expect.objectContaining({ code: "not_found" }));
    fake.readOnly = true;
    expect(() => fake.restart("acme-ml/dataset-prepare")).toThrow(expect.objectContaining({ code: "unauthorized" }));
    expect(fake.restarted).toEqual(["acme-ml/retrain-department"]);
  });

  it("refuses settings with a bad id, a label without a name, or a label twice", () => {
    const fake = new FakeSpaces({});
    expect(() => fake.save({ prepare: "prepare", retrain: [], workers: [] })).toThrow(expect.objectContaining({ message: 'The prepare Space "prepare" is not a Hub id: use owner/name' }));
    expect(() => fake.save({ prepare: null, retrain: [{ label: "", space: "a/b" }], workers: [] })).toThrow(expect.objectContaining({ message: "Every retrain Space needs its label" }));
    const twice = [
      { label: "x", space: "a/b" },
      { label: "x", space: "a/c" },
    ];
    expect(() => fake.save({ prepare: null, retrain: twice, workers: [] })).toThrow(expect.objectContaining({ message: "The label x has two retrain Spaces; keep one" }));
    fake.save({ prepare: "a/b", retrain: [], workers: [{ space: "a/w", results_dataset: "a/r" }] });
    expect(fake.report().spaces.map((s) => s.role)).toEqual(["prepare", "worker"]);
  });
});
