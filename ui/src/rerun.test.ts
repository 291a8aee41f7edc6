import { describe, expect, it } from "vitest";
import { demoRuns } from "./backend/demoRuns";
import { rerunRecord } from "./backend/runBuilders";
import { anyRerunRunning, commandLine, plannedCommand, rerunLogFile, rerunStateHint, rerunStateText } from "./rerun";

const flow = { path: "runs/pipeline/a/runs/train_instance", notebook: "train", config_path: "runs/pipeline/a/runs/train_instance/train_config.json" };

describe("re-runs", () => {
  it("plans ductaflow's CLI command from the run's notebook, saved config and folder", () => {
    expect(plannedCommand(flow)).toEqual(["python", "train.py", "--config", flow.config_path, "--output-dir", flow.path]);
    expect(plannedCommand({ ...flow, config_path: null })).toBeNull();
    expect(rerunLogFile(flow)).toBe("runs/pipeline/a/runs/train_instance/.hugflow/rerun.log");
  });

  it("writes a command as a shell would take it back", () => {
    expect(commandLine(["python", "flows/train.py", "--config", "/data/a b/c.json"])).toBe("python flows/train.py --config '/data/a b/c.json'");
    expect(commandLine(["echo", "it's"])).toBe(`echo 'it'\\''s'`);
  });

  it("tells when a build or a flow of a scan is being re-run", () => {
    const { runFolders } = demoRuns(new Date());
    const report = runFolders![0]!.report;
    expect(anyRerunRunning(report)).toBe(false);
    const train = report.ductaflow[1]!.flows[1]!;
    train.rerun = rerunRecord(report.root, train, { state: "complete", code: 0 });
    expect(anyRerunRunning(report)).toBe(false);
    train.rerun.state = "running";
    expect(anyRerunRunning(report)).toBe(true);
    train.rerun.state = "lost";
    report.ductaflow[0]!.rerun = rerunRecord(report.root, report.ductaflow[0]!);
    expect(anyRerunRunning(report)).toBe(true);
  });

  it("says how a re-run stands", () => {
    expect(rerunStateText("running", null)).toBe("Running…");
    expect(rerunStateText("failed", 2)).toBe("Failed (exit code 2)");
    expect(rerunStateText("failed", null)).toBe("Failed");
    expect(rerunStateHint("lost")).toContain("its process ended without saying how (host rebooted?)");
    expect(rerunStateHint("complete")).toBeNull();
  });
});
