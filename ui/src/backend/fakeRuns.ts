import type { DatasetVersion } from "../bindings/DatasetVersion";
import type { HostView } from "../bindings/HostView";
import type { RetrainHistory } from "../bindings/RetrainHistory";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import { sameSource } from "../runSource";
import { apiError } from "./errors";

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

  private host(name: string): HostView {
    const host = this.hosts().find((h) => h.name === name);
    if (!host) throw apiError("invalid_input", `no host ${name} is added; add it on the Hosts page`);
    return host;
  }
}
