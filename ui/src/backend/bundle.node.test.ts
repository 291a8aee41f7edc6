/**
 * The production bundle holds no fake or demo backend: `create.ts` reaches them only when
 * `import.meta.env.DEV`, and this builds the app as `npm run build` does (in memory) and looks
 * for strings only their code contains.
 */
import { build, type Rollup } from "vite";
import { describe, expect, it } from "vitest";

const UI = new URL("../..", import.meta.url).pathname;

/**
 * Strings that only `fake*.ts`, `demo*.ts` and the rule fixtures the fake reads contain (each is
 * checked to be there still).
 */
const MARKERS = [
  "0.0.0-fake",
  "/tmp/hugflow-fake",
  "Revolab/repetitive_conversations",
  "CUDA out of memory: tried to allocate 20.00 GiB",
  "asrpipe.pipelines.PrepareCorpus",
  "acme-ml/retrain-department",
  "WARNING: learning rate clipped",
  "the real Rust functions' answers for its tables of inputs",
];

const SOURCES = import.meta.glob<string>(["./fake*.ts", "./demo*.ts", "!./*.test.ts", "../generated/rules*.json"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Node's environment; typed here because the UI's tsconfig has no Node types. */
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;

describe("the production bundle", () => {
  it("has markers that the fake and demo sources contain", () => {
    const sources = Object.values(SOURCES).join("\n");
    expect(Object.keys(SOURCES).length).toBeGreaterThan(5);
    const gone = MARKERS.filter((m) => !sources.includes(m));
    expect(gone, "these markers are no longer in ui/src/backend/{fake,demo}*.ts or ui/src/generated/rules*.json: pick others in bundle.node.test.ts").toEqual([]);
  });

  it("contains none of the fake or demo backend's code", { timeout: 90_000 }, async () => {
    // Vitest runs with NODE_ENV=test, under which Vite would build with DEV true.
    const nodeEnv = env.NODE_ENV;
    env.NODE_ENV = "production";
    let result: Awaited<ReturnType<typeof build>>;
    try {
      result = await build({
        root: UI,
        configFile: `${UI}vite.config.ts`,
        mode: "production",
        logLevel: "error",
        build: { write: false },
      });
    } finally {
      env.NODE_ENV = nodeEnv;
    }
    const outputs = [result].flat() as Rollup.RollupOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((c): c is Rollup.OutputChunk => c.type === "chunk");
    expect(chunks.length, "vite built no JavaScript").toBeGreaterThan(0);
    const bundle = chunks.map((c) => c.code).join("\n");
    const shipped = MARKERS.filter((m) => bundle.includes(m));
    expect(shipped, "fake/demo code is in the production bundle: reach it from create.ts only behind import.meta.env.DEV").toEqual([]);
  });
});
