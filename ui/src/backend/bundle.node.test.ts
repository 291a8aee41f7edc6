/**
 * The production bundle holds no fake or demo backend: `create.ts` reaches them only when
 * `import.meta.env.DEV`, and this builds the app as `npm run build` does and looks for strings
 * only their code contains.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";

const UI = resolve(__dirname, "../..");
const BACKEND = resolve(__dirname);

/** Strings that only `fake*.ts` and `demo*.ts` contain (each is checked to be there still). */
const MARKERS = [
  "0.0.0-fake",
  "/tmp/hugflow-fake",
  "Revolab/repetitive_conversations",
  "CUDA out of memory: tried to allocate 20.00 GiB",
  "asrpipe.pipelines.PrepareCorpus",
  "acme-ml/retrain-department",
  "WARNING: learning rate clipped",
];

const fakeAndDemoSources = () =>
  readdirSync(BACKEND)
    .filter((f) => /^(fake|demo)\w*\.ts$/.test(f) && !f.includes(".test."))
    .map((f) => readFileSync(join(BACKEND, f), "utf8"))
    .join("\n");

const outDir = mkdtempSync(join(tmpdir(), "hugflow-bundle-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the production bundle", () => {
  it("has markers that the fake and demo sources contain", () => {
    const sources = fakeAndDemoSources();
    const gone = MARKERS.filter((m) => !sources.includes(m));
    expect(gone, "these markers are no longer in ui/src/backend/{fake,demo}*.ts: pick others in bundle.test.ts").toEqual([]);
  });

  it("contains none of the fake or demo backend's code", { timeout: 90_000 }, async () => {
    // Vitest runs with NODE_ENV=test, under which Vite would build with DEV true.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({
        root: UI,
        configFile: join(UI, "vite.config.ts"),
        mode: "production",
        logLevel: "error",
        build: { outDir, write: true, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const assets = join(outDir, "assets");
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(scripts.length, `vite wrote no JavaScript into ${assets}`).toBeGreaterThan(0);
    const bundle = scripts.map((f) => readFileSync(join(assets, f), "utf8")).join("\n");
    const shipped = MARKERS.filter((m) => bundle.includes(m));
    expect(shipped, "fake/demo code is in the production bundle: reach it from create.ts only behind import.meta.env.DEV").toEqual([]);
  });
});
