import { useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { NotificationSettings } from "../bindings/NotificationSettings";
import type { RequestSettings } from "../bindings/RequestSettings";
import { asApiError, useBackend } from "../backend";
import { Section } from "./Section";

interface Props {
  notifications: NotificationSettings;
  onSaved: (settings: RequestSettings) => void;
}

const CHOICES: ReadonlyArray<{ key: keyof NotificationSettings; label: string }> = [
  { key: "complete", label: "Download complete" },
  { key: "failed", label: "Download failed" },
  { key: "merged", label: "PR merged" },
  { key: "comment", label: "New comment on my PR" },
];

/** Which events of the user's own request PRs become desktop notifications; saved on each change. */
export function NotificationsSection({ notifications, onSaved }: Props) {
  const backend = useBackend();
  const [shown, setShown] = useState(notifications);
  const [error, setError] = useState<ApiError | null>(null);

  async function toggle(key: keyof NotificationSettings, on: boolean) {
    const previous = shown;
    const next = { ...shown, [key]: on };
    setShown(next);
    setError(null);
    try {
      const saved = await backend.setNotificationSettings(next);
      setShown(saved.notifications);
      onSaved(saved);
    } catch (e) {
      setShown(previous);
      setError(asApiError(e));
    }
  }

  return (
    <Section id="notifications" title="Notifications">
      <div className="card settings-form">
        {CHOICES.map(({ key, label }) => (
          <label key={key} className="inline-field checkbox">
            <input type="checkbox" data-testid={`notify-${key}`} checked={shown[key]} onChange={(e) => void toggle(key, e.target.checked)} />
            {label}
          </label>
        ))}
        {error ? (
          <p className="secret-error" role="alert" data-testid="notify-error">
            {error.message}
          </p>
        ) : null}
      </div>
      <p className="muted small section-note">About your own request PRs, while Hugflow Desktop runs.</p>
    </Section>
  );
}
