import { describe, expect, it } from "vitest";
import type { AddDraft } from "../bindings/AddDraft";
import { isRepoName, planDraft, storageName } from "./fakeRequests";

const add = (hf_id: string, description: string, rest: Partial<AddDraft> = {}) => ({
  kind: "add" as const,
  hf_id,
  description,
  revision: null,
  subset: null,
  split: null,
  audio_column: null,
  text_column: null,
  ...rest,
});

// The same cases as hugflow-gitops' draft tests: the fake must plan what the app plans.
describe("planDraft", () => {
  it("plans path, branch, title and YAML of a valid add", () => {
    const plan = planDraft(add(" mozilla/cv ", "Malay ASR", { subset: "ms", split: " " }));
    expect(plan.errors).toEqual([]);
    expect(plan.storage_name).toBe("mozilla__cv__subset_ms__split_train__rev_main");
    expect(plan.path).toBe(`requests/add/${plan.storage_name}.yaml`);
    expect(plan.branch).toBe(`hugflow/add-${plan.storage_name}`);
    expect(plan.title).toBe("Add dataset mozilla/cv");
    expect(plan.yaml).toBe('hf_id: "mozilla/cv"\ndescription: "Malay ASR"\nsubset: "ms"\n');
  });

  it("writes only the options that differ from the defaults", () => {
    const plan = planDraft(add("a/b", "x", { revision: "v2.0", audio_column: "audio", text_column: "sentence" }));
    expect(plan.yaml).toBe('hf_id: "a/b"\ndescription: "x"\nrevision: "v2.0"\ntext_column: "sentence"\n');
    expect(plan.storage_name).toBe("a__b__rev_v2.0");
  });

  it("carries the parser's errors, placed on their lines", () => {
    const plan = planDraft(add("bad--id", "  "));
    expect(plan.errors.map((e) => [e.field, e.line])).toEqual([
      ["hf_id", 1],
      ["description", 2],
    ]);
    expect(plan.errors[1]).toMatchObject({ message: "`description` is blank", hint: "give a value or remove the line" });
  });

  it("plans a removal, by default of the full download at main", () => {
    const plan = planDraft({ kind: "remove", hf_id: "a/b", reason: "", storage_name: null });
    expect(plan.errors.map((e) => e.field)).toEqual(["reason"]);
    expect(plan.branch).toBe("hugflow/remove-a__b__rev_main");
    expect(plan.title).toBe("Remove dataset a/b");
    expect(plan.yaml).toBe('hf_id: "a/b"\nreason: ""\n');
  });

  it("keeps hostile values inside the YAML string", () => {
    const plan = planDraft(add("a/b", 'x"\nrevision: evil\n# ; rm -rf ~'));
    expect(plan.errors).toEqual([]);
    expect(plan.yaml).not.toContain("\nrevision");
  });

  it("percent-encodes storage name components that are not plain", () => {
    expect(storageName("a/b", null, "train", "refs/convert/parquet")).toBe("a__b__rev_refs%2Fconvert%2Fparquet");
    expect(storageName("a/b", "x__y", "train", "main")).toBe("a__b__subset_x%5F%5Fy__split_train__rev_main");
  });
});

describe("isRepoName", () => {
  it("takes owner/name or a pasted repository URL", () => {
    expect(isRepoName("my-team/datasets-gitops")).toBe(true);
    expect(isRepoName(" https://github.com/my-team/datasets-gitops.git/ ")).toBe(true);
    for (const bad of ["my-team", "a/b/c", "a/..", "not a repo", "https://github.com/my-team"]) expect(isRepoName(bad)).toBe(false);
  });
});
