import { useMemo, useState } from "react";
import type { TreeEntry } from "../bindings/TreeEntry";
import { baseName, buildTree, type Folder } from "../fileTree";
import { formatBytes, formatCount } from "../format";
import { Section } from "./Section";

/** Files shown per folder before "… and N more". */
const MAX_FILES_SHOWN = 200;

const filesText = (n: number) => `${formatCount(n)} file${n === 1 ? "" : "s"}`;

/** The repository's files grouped by folder; folders start collapsed. */
export function FileTree({ files }: { files: readonly TreeEntry[] }) {
  const root = useMemo(() => buildTree(files), [files]);
  return (
    <Section
      id="files"
      title="Files"
      testId="dataset-files"
      aside={
        <span className="muted" data-testid="dataset-total-size">
          {filesText(root.count)}, {formatBytes(root.size)}
        </span>
      }
    >
      {root.count === 0 ? (
        <p className="muted">No files.</p>
      ) : (
        <ul className="card file-tree" role="tree" aria-labelledby="files-title">
          <FolderContents folder={root} />
        </ul>
      )}
    </Section>
  );
}

function FolderContents({ folder }: { folder: Folder }) {
  const shown = folder.files.slice(0, MAX_FILES_SHOWN);
  const hidden = folder.files.length - shown.length;
  return (
    <>
      {folder.folders.map((child) => (
        <FolderNode key={child.path} folder={child} />
      ))}
      {shown.map((file) => (
        <li key={file.path} role="treeitem" className="file-entry" data-testid="file-entry" data-path={file.path}>
          <span className="mono truncate" title={file.path}>
            {baseName(file.path)}
          </span>
          {file.lfs ? (
            <span className="badge" title="Stored with Git LFS">
              LFS
            </span>
          ) : null}
          <span className="spacer" />
          <span className="muted nowrap num" title={`${formatCount(file.size)} bytes`}>
            {formatBytes(file.size)}
          </span>
        </li>
      ))}
      {hidden > 0 ? <li className="file-entry muted">… and {filesText(hidden)} more</li> : null}
    </>
  );
}

function FolderNode({ folder }: { folder: Folder }) {
  const [open, setOpen] = useState(false);
  return (
    <li role="treeitem" aria-expanded={open} className="folder" data-testid="file-folder" data-path={folder.path}>
      <button type="button" className="folder-toggle" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="folder-caret">
          {open ? "▾" : "▸"}
        </span>
        <span className="mono">{folder.name}/</span>
        <span className="spacer" />
        <span className="muted nowrap">
          {filesText(folder.count)}, {formatBytes(folder.size)}
        </span>
      </button>
      {open ? (
        <ul role="group" className="folder-children">
          <FolderContents folder={folder} />
        </ul>
      ) : null}
    </li>
  );
}
