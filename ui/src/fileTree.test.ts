import { describe, expect, it } from "vitest";
import type { TreeEntry } from "./bindings/TreeEntry";
import { buildTree } from "./fileTree";

const f = (path: string, size: number): TreeEntry => ({ type: "file", oid: path, size, path, lfs: null });

describe("buildTree", () => {
  it("groups files by folder with sizes and counts", () => {
    const root = buildTree([f("README.md", 10), f("data/ms/b.parquet", 200), f("data/ms/a.parquet", 100), f("data/en/a.parquet", 5)]);
    expect(root.count).toBe(4);
    expect(root.size).toBe(315);
    expect(root.files.map((x) => x.path)).toEqual(["README.md"]);
    const data = root.folders[0]!;
    expect([data.name, data.count, data.size]).toEqual(["data", 3, 305]);
    expect(data.folders.map((x) => [x.path, x.count, x.size])).toEqual([
      ["data/en", 1, 5],
      ["data/ms", 2, 300],
    ]);
    expect(data.folders[1]!.files.map((x) => x.path)).toEqual(["data/ms/a.parquet", "data/ms/b.parquet"]);
  });
});
