import type { TreeEntry } from "./bindings/TreeEntry";

export interface Folder {
  name: string;
  /** Empty for the root. */
  path: string;
  folders: Folder[];
  files: TreeEntry[];
  /** Bytes of every file below. */
  size: number;
  /** Files below, at any depth. */
  count: number;
}

/** Groups a flat list of files (`data/ms/train-0.parquet`) into folders, each sorted by name. */
export function buildTree(entries: readonly TreeEntry[]): Folder {
  const root: Folder = { name: "", path: "", folders: [], files: [], size: 0, count: 0 };
  const index = new Map<string, Folder>([["", root]]);
  for (const entry of entries) {
    if (entry.type !== "file") continue;
    const parts = entry.path.split("/");
    let folder = root;
    folder.size += entry.size;
    folder.count += 1;
    for (let depth = 0; depth < parts.length - 1; depth++) {
      const path = parts.slice(0, depth + 1).join("/");
      let child = index.get(path);
      if (!child) {
        child = { name: parts[depth] ?? "", path, folders: [], files: [], size: 0, count: 0 };
        index.set(path, child);
        folder.folders.push(child);
      }
      child.size += entry.size;
      child.count += 1;
      folder = child;
    }
    folder.files.push(entry);
  }
  for (const folder of index.values()) {
    folder.folders.sort((a, b) => a.name.localeCompare(b.name));
    folder.files.sort((a, b) => a.path.localeCompare(b.path));
  }
  return root;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
