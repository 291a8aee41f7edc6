import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { Plan } from "../bindings/Plan";
import { useColumns } from "../hooks/useColumns";
import { DEFAULT_SPLIT, errorsFor, type RequestForm } from "../requests";
import { ChoiceInput, type ChoiceGroup } from "./ChoiceInput";
import { RequestField } from "./RequestField";

interface Props {
  form: RequestForm;
  plan: Plan | null;
  /** What the Hub says of the dataset; null: every option is typed. */
  details: DatasetDetails | null;
  onChange: (change: Partial<RequestForm>) => void;
}

const names = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

/** Description and download options of an add request; the options offer what the dataset has. */
export function AddRequestFields({ form, plan, details, onChange }: Props) {
  const splits = details?.splits ?? [];
  const configs = [...new Set(splits.map((s) => s.config))];
  const subset = form.subset.trim();
  const splitsOf = (config: string) => splits.filter((s) => s.config === config).map((s) => s.split);
  // A config's splits share their columns; without a subset the first split stands for the dataset.
  const sample = subset !== "" ? { config: subset, split: form.split } : (splits[0] ?? null);
  const columns = useColumns(details?.info.id ?? "", details && sample ? sample.config : null, details && sample ? sample.split : null);
  const columnGroups: ChoiceGroup[] | null = columns ? [{ label: null, choices: names(columns) }] : null;
  const notAColumn = (value: string) => `${value} (not a column of ${sample?.config ?? ""} / ${sample?.split ?? ""})`;

  const refs = details?.refs;
  const revisionGroups: ChoiceGroup[] | null = refs
    ? [
        { label: "Branches", choices: names(refs.branches.map((r) => r.name)) },
        { label: "Tags", choices: names(refs.tags.map((r) => r.name)) },
      ]
    : null;
  const subsetGroups: ChoiceGroup[] | null =
    configs.length > 0 ? [{ label: null, choices: [{ value: "", label: "Whole dataset" }, ...names(configs)] }] : null;
  const splitChoices = splitsOf(subset);

  function chooseSubset(value: string) {
    const offered = splitsOf(value);
    // A split the new config lacks would only fail on the server.
    const split = offered.length === 0 || offered.includes(form.split) ? form.split : offered.includes(DEFAULT_SPLIT) ? DEFAULT_SPLIT : offered[0]!;
    onChange({ subset: value, split });
  }

  return (
    <>
      <RequestField field="description" label="Description" errors={errorsFor(plan, "description")} note="Why the team needs this dataset; it goes into the PR.">
        {(control) => (
          <textarea
            {...control}
            className="input request-textarea"
            rows={3}
            value={form.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        )}
      </RequestField>
      <RequestField field="revision" label="Revision" errors={errorsFor(plan, "revision")}>
        {(control) => <ChoiceInput control={control} value={form.revision} groups={revisionGroups} placeholder="main" onChange={(revision) => onChange({ revision })} />}
      </RequestField>
      <RequestField field="subset" label="Subset" errors={errorsFor(plan, "subset")} note={
          subset === "" && details?.splits_note
            ? `No subsets offered: ${details.splits_note}`
            : subset === ""
              ? "The whole repository is downloaded."
              : null
        }
      >
        {(control) => <ChoiceInput control={control} value={form.subset} groups={subsetGroups} placeholder="whole dataset" onChange={chooseSubset} />}
      </RequestField>
      {subset !== "" ? (
        <RequestField field="split" label="Split" errors={errorsFor(plan, "split")}>
          {(control) => (
            <ChoiceInput
              control={control}
              value={form.split}
              groups={splitChoices.length > 0 ? [{ label: null, choices: names(splitChoices) }] : null}
              placeholder={DEFAULT_SPLIT}
              onChange={(split) => onChange({ split })}
            />
          )}
        </RequestField>
      ) : null}
      <RequestField field="audio_column" label="Audio column" errors={errorsFor(plan, "audio_column")}>
        {(control) => (
          <ChoiceInput control={control} value={form.audioColumn} groups={columnGroups} placeholder="audio" unknownLabel={notAColumn} onChange={(audioColumn) => onChange({ audioColumn })} />
        )}
      </RequestField>
      <RequestField field="text_column" label="Text column" errors={errorsFor(plan, "text_column")}>
        {(control) => (
          <ChoiceInput control={control} value={form.textColumn} groups={columnGroups} placeholder="text" unknownLabel={notAColumn} onChange={(textColumn) => onChange({ textColumn })} />
        )}
      </RequestField>
    </>
  );
}
