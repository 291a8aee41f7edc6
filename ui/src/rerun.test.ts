import { describe, expect, it } from "vitest";
import { demoRuns } from "./backend/demoRuns";
import { rerunRecord } from "./backend/runBuilders";
import { anyRerunRunning, commandLine, rerunStateHint, rerunStateText } from "./rerun";

describe("re-runs", () => {
  it("records, in the test data, what the scan planned and where it said the log goes", () => {
    // The command and the log are the scan's (planned in Rust); a record runs that command.
    const { runFolders } = demoRuns(new Date());
    const report = runFolders![0]!.report;
    const build = report.ductaflow[0]!;
    const train = build.flows[1]!;
    const record = rerunRecord(report.root, train);
    expect(record.command).toEqual(train.rerun_command);
    expect(record.log).toBe(`${report.root}/${train.rerun_log}`);
    expect(train.rerun_command?.[1]).toBe("flows/train.py");
    expect(build.rerun_command?.[1]).toBe("builds/pipeline.py");
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
