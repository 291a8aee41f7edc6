import type { HostDataset } from "../bindings/HostDataset";
import type { Plan } from "../bindings/Plan";
import { errorsFor, type RequestForm } from "../requests";
import { ChoiceInput } from "./ChoiceInput";
import { RequestField } from "./RequestField";

interface Props {
  form: RequestForm;
  plan: Plan | null;
  /** The downloads hosts hold: the one to remove is chosen among them. */
  heldBy: readonly HostDataset[];
  onChange: (change: Partial<RequestForm>) => void;
}

export function RemoveRequestFields({ form, plan, heldBy, onChange }: Props) {
  const names = [...new Set(heldBy.map((h) => h.storage_name))];
  const choices = names.map((name) => {
    const hosts = heldBy.filter((h) => h.storage_name === name).map((h) => h.host);
    return { value: name, label: `${name} (on ${hosts.join(", ")})` };
  });
  return (
    <>
      <RequestField field="reason" label="Reason" errors={errorsFor(plan, "reason")} note="Why the dataset can go; it goes into the PR.">
        {(control) => (
          <textarea {...control} className="input request-textarea" rows={3} value={form.reason} onChange={(e) => onChange({ reason: e.target.value })} />
        )}
      </RequestField>
      <RequestField field="storage_name" label="Download to remove" errors={errorsFor(plan, "storage_name")}>
        {(control) => (
          <ChoiceInput
            control={control}
            value={form.storageName}
            groups={choices.length > 0 ? [{ label: null, choices }] : null}
            placeholder="the full download at main"
            onChange={(storageName) => onChange({ storageName })}
          />
        )}
      </RequestField>
    </>
  );
}
