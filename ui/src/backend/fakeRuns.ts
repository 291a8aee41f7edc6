import type { DatasetVersion } from "../bindings/DatasetVersion";
import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { HostView } from "../bindings/HostView";
import type { JobState } from "../bindings/JobState";
import type { Rerun } from "../bindings/Rerun";
import type { RetrainHistory } from "../bindings/RetrainHistory";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import { findInstance } from "../runs";
import { sameSource } from "../runSource";
import { apiError } from "./errors";
import { rerunRecord, rfc3339 } from "./runBuilders";

/** A folder `scanRuns` can read: what the scan answers and the files a tail can read. */
export interface RunFolder {
  source: RunSource;
  report: RunsReport;
  /** Lines of each file, by path relative to the source's folder (as the report names them). */
  files: Record<string, string[]>;
}

export interface FakeRunsData {
  /** The saved run folders, in the order added. */
  runSources?: RunSource[];
  /** The folders that hold runs; any other folder scans as empty. */
  runFolders?: RunFolder[];
  /** What `retrainHistory` answers, by host (`null`: the local checkout). */
  retrainHistories?: Array<{ host: string | null; history: RetrainHistory }>;
  /** What `datasetVersions` answers, by metadata repo; any other repo is not found. */
  datasetVersions?: Record<string, DatasetVersion[]>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The FakeBackend's run folders and retrain records: what the desktop would read locally or over SSH. */
export class FakeRuns {
  sources: RunSource[];
  folders: RunFolder[];
  histories: Array<{ host: string | null; history: RetrainHistory }>;
  versions: Map<string, DatasetVersion[]>;
  /** Every folder `scanRuns` read, in order. */
  readonly scans: RunSource[] = [];
  /** `[file, lines]` of every `runFileTail` call. */
  readonly tails: Array<[string, number]> = [];
  /** `[source, flow]` of every `rerunFlow` call, refused ones too. */
  readonly reruns: Array<[RunSource, string]> = [];
  /** `[source, flow]` of every `cancelRerun` call. */
  readonly cancels: Array<[RunSource, string]> = [];

  /**
   * `hosts` are the added hosts (a host source must name one); `checkout` the open local
   * checkout, which the local retrain history needs.
   */
  constructor(
    data: FakeRunsData,
    private readonly hosts: () => HostView[],
    private readonly checkout: () => string | null,
  ) {
    this.sources = clone(data.runSources ?? []);
    this.folders = clone(data.runFolders ?? []);
    this.histories = clone(data.retrainHistories ?? []);
    this.versions = new Map(Object.entries(clone(data.datasetVersions ?? {})));
  }

  list(): RunSource[] {
    return clone(this.sources);
  }

  add(source: RunSource): RunSource[] {
    const path = source.path.trim();
    const host = source.host === null ? null : this.host(source.host).name;
    if (path === "") throw apiError("invalid_input", "The folder is empty: enter the folder that holds the runs.");
    const absolute = path.startsWith("/") || (host !== null && (path === "~" || path.startsWith("~/")));
    if (!absolute) {
      throw apiError(
        "invalid_input",
        `The folder ${JSON.stringify(path)} is not absolute: ${host === null ? "use a full path such as /home/you/project/runs" : `use /data/... or ~/... on ${host}`}`,
      );
    }
    const added = { host, path };
    if (!this.sources.some((s) => sameSource(s, added))) this.sources.push(added);
    return this.list();
  }

  remove(source: RunSource): RunSource[] {
    this.sources = this.sources.filter((s) => !sameSource(s, source));
    return this.list();
  }

  scan(source: RunSource): RunsReport {
    this.scans.push(clone(source));
    if (source.host !== null) this.host(source.host);
    const folder = this.folder(source);
    if (folder) return clone({ ...folder.report, scanned_at: new Date().toISOString() });
    return { schema: 1, root: source.path, scanned_at: new Date().toISOString(), ductaflow: [], huldra: [] };
  }

  tail(source: RunSource, file: string, lines: number): string[] {
    this.tails.push([file, lines]);
    const content = this.folder(source)?.files[file];
    if (content === undefined) throw apiError("not_found", `${source.path}/${file} does not exist (any more)`);
    return clone(content.slice(Math.max(0, content.length - lines)));
  }

  /**
   * Starts a re-run of the flow at `flow` as `hugflow rerun start` would: its record says
   * running (a later scan shows it) and its log holds the runner's first line. It runs until
   * `endRerun` or a cancel.
   */
  rerun(source: RunSource, flow: string): Rerun {
    this.reruns.push([clone(source), flow]);
    const { folder, run } = this.instance(source, flow);
    const where = `${source.path}/${flow}`;
    // The host refuses what its scan could not plan, with the planning's reason.
    if (run.rerun_command === null) {
      throw apiError("invalid_input", run.rerun_blocked ?? `${where} cannot be re-run`);
    }
    if (run.rerun?.state === "running") {
      throw apiError("busy", `${where} is being re-run already (pid ${run.rerun.pid ?? "not yet known"}); stop it first`);
    }
    run.rerun = rerunRecord(source.path, run);
    folder.files[run.rerun_log] = [`hugflow: ${run.rerun.command.join(" ")} (in ${run.rerun.cwd})`];
    return clone(run.rerun);
  }

  /** Stops the flow's running re-run as `hugflow rerun cancel` would; answers the state it is in. */
  cancelRerun(source: RunSource, flow: string): JobState {
    this.cancels.push([clone(source), flow]);
    const { folder, run } = this.instance(source, flow);
    if (!run.rerun) throw apiError("not_found", `${source.path}/${flow} was never re-run`);
    if (run.rerun.state === "running") this.end(folder, run, "cancelled", null);
    return run.rerun.state;
  }

  /** Ends the flow's running re-run on its own (it completed, failed or was lost), for the next scan to see. */
  endRerun(source: RunSource, flow: string, state: Exclude<JobState, "running">, code: number | null = null): void {
    const { folder, run } = this.instance(source, flow);
    if (run.rerun?.state !== "running") throw new Error(`${flow} is not being re-run`);
    this.end(folder, run, state, code);
  }

  history(host: string | null): RetrainHistory {
    const found = this.histories.find((h) => h.host === host);
    if (host !== null) {
      const view = this.host(host);
      if (view.checkout === null) throw apiError("not_configured", `${host} has no GitOps checkout path; set it on the host's page`);
    } else if (!found && this.checkout() === null) {
      throw apiError("no_checkout", "No checkout folder is open.");
    }
    return clone(found?.history ?? { schema: 1, runs: [] });
  }

  datasetVersions(repo: string): DatasetVersion[] {
    const versions = this.versions.get(repo);
    if (!versions) throw apiError("not_found", `the dataset ${repo} was not found on the Hub (or the token cannot see it)`);
    return clone(versions);
  }

  private folder(source: RunSource): RunFolder | undefined {
    return this.folders.find((f) => sameSource(f.source, source));
  }

  /** The build or flow at `flow` in the source's folder, as the report holds it (changed in place). */
  private instance(source: RunSource, flow: string): { folder: RunFolder; run: FlowRun | DuctaflowRun } {
    if (source.host !== null) this.host(source.host);
    const folder = this.folder(source);
    const run = folder ? findInstance(folder.report.ductaflow, flow) : null;
    if (!folder || !run) {
      throw apiError("not_found", `${source.path}/${flow} is not a ductaflow run folder: it has no \`<flow>_execution_output.txt\``);
    }
    return { folder, run };
  }

  private end(folder: RunFolder, run: FlowRun | DuctaflowRun, state: JobState, code: number | null): void {
    if (!run.rerun) return;
    run.rerun = { ...run.rerun, state, code, ended_at: rfc3339(new Date()) };
    const how = code === null ? state : `${state} (exit code ${code})`;
    (folder.files[run.rerun_log] ??= []).push(`hugflow: the re-run ended: ${how}`);
  }

  private host(name: string): HostView {
    const host = this.hosts().find((h) => h.name === name);
    if (!host) throw apiError("invalid_input", `no host ${name} is added; add it on the Hosts page`);
    return host;
  }
}
