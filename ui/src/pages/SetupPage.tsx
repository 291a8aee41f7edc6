import { useState } from "react";
import type { RefreshReport } from "../bindings/RefreshReport";
import { useBackend } from "../backend";
import { ErrorBanner } from "../components/ErrorBanner";
import { SetupCatalogueStep } from "../components/SetupCatalogueStep";
import { SetupGithubStep } from "../components/SetupGithubStep";
import { SetupHostStep } from "../components/SetupHostStep";
import { SetupHubStep } from "../components/SetupHubStep";
import { useAction } from "../hooks/useAction";
import "../setup.css";

const STEPS = ["welcome", "github", "hub", "host", "catalogue"] as const;
type Step = (typeof STEPS)[number];

const TITLES: Record<Step, string> = {
  welcome: "Welcome",
  github: "GitHub",
  hub: "Hugging Face",
  host: "A first host",
  catalogue: "The catalogue",
};

const SKIP: Partial<Record<Step, string>> = {
  github: "Skip: do this later in Settings",
  hub: "Skip: do this later in Settings",
  host: "Skip: add hosts later on the Hosts page",
};

interface Props {
  /** The setup was finished or skipped, and recorded. */
  onDone: () => void;
  /** The first catalogue crawl started; it outlives the setup. */
  onCrawl: (crawl: Promise<RefreshReport>) => void;
}

/** The first-run setup: a few steps, each skippable; finishing or skipping it is recorded by the backend. */
export function SetupPage({ onDone, onCrawl }: Props) {
  const backend = useBackend();
  const [index, setIndex] = useState(0);
  const { busy, error, run } = useAction();
  const step: Step = STEPS[index] ?? "welcome";
  const last = index === STEPS.length - 1;
  const next = () => setIndex((i) => Math.min(i + 1, STEPS.length - 1));

  async function finish() {
    const recorded = await run(async () => {
      await backend.finishSetup();
      return true;
    });
    if (recorded) onDone();
  }

  const skip = SKIP[step];
  return (
    <div className="page setup-page" data-testid="setup-page">
      <header className="setup-header">
        <h1>Set up Hugflow</h1>
        <span className="spacer" />
        <button type="button" className="button-ghost" data-testid="setup-skip-all" disabled={busy} onClick={() => void finish()}>
          Skip setup
        </button>
      </header>
      <ol className="setup-steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === index ? "step" : undefined}>
            {TITLES[s]}
          </li>
        ))}
      </ol>
      <section className="card setup-card" data-testid={`setup-step-${step}`} aria-labelledby="setup-step-title">
        <h2 id="setup-step-title">{TITLES[step]}</h2>
        {step === "welcome" ? <Welcome /> : null}
        {step === "github" ? <SetupGithubStep /> : null}
        {step === "hub" ? <SetupHubStep /> : null}
        {step === "host" ? <SetupHostStep /> : null}
        {step === "catalogue" ? <SetupCatalogueStep onCrawl={onCrawl} /> : null}
      </section>
      {error ? (
        <ErrorBanner
          message={`The setup could not be recorded: ${error.message}`}
          detail={error.detail}
          hint="Try again; if it keeps failing, the app's log (Settings → About) says why. Everything saved so far is kept."
        />
      ) : null}
      <div className="actions setup-actions">
        {index > 0 ? (
          <button type="button" data-testid="setup-back" onClick={() => setIndex((i) => Math.max(i - 1, 0))}>
            Back
          </button>
        ) : null}
        <span className="spacer" />
        {skip ? (
          <button type="button" className="button-ghost" data-testid="setup-skip" onClick={next}>
            {skip}
          </button>
        ) : null}
        {last ? (
          <button type="button" className="primary" data-testid="setup-finish" disabled={busy} onClick={() => void finish()}>
            {busy ? "Finishing…" : "Finish"}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="setup-next" onClick={next}>
            {index === 0 ? "Start" : "Continue"}
          </button>
        )}
      </div>
    </div>
  );
}

function Welcome() {
  return (
    <>
      <p>
        Hugflow lets you browse and search the Hugging Face Hub&apos;s datasets, and request one in a click: it opens a pull
        request on your team&apos;s GitOps repository, which the HGX runner syncs, and follows it until the data is ready.
        It also monitors your HGX hosts (GPUs, disks, running syncs) over SSH.
      </p>
      <p className="muted">
        The next steps connect GitHub, Hugging Face and a first host, then read the catalogue. Each can be skipped and done
        later in Settings.
      </p>
    </>
  );
}
