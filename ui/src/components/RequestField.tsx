import type { ReactNode } from "react";
import type { FieldError } from "../bindings/FieldError";

/** What a field's control spreads onto itself. */
export interface Control {
  id: string;
  "data-testid": string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface Props {
  /** The request file's key, as `FieldError.field` names it. */
  field: string;
  label: string;
  errors: readonly FieldError[];
  note?: ReactNode;
  children: (control: Control) => ReactNode;
}

/** One field of the request form with the backend's errors for it, each with its hint. */
export function RequestField({ field, label, errors, note, children }: Props) {
  const id = `request-${field.replace(/_/g, "-")}`;
  const errorsId = `${id}-errors`;
  return (
    <div className="request-field" data-field={field}>
      <label htmlFor={id} className="strong">
        {label}
      </label>
      {children({ id, "data-testid": id, "aria-invalid": errors.length > 0, "aria-describedby": errors.length > 0 ? errorsId : undefined })}
      {note ? <p className="muted small">{note}</p> : null}
      {errors.length > 0 ? (
        <div id={errorsId} data-testid={`request-error-${field}`}>
          {errors.map((e) => (
            <p key={`${e.line}:${e.column}:${e.message}`} className="field-error">
              {e.message}
              {e.hint ? <span className="field-hint">{e.hint}</span> : null}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
