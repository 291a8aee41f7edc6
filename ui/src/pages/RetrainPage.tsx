import { RetrainSourceSelect } from "../components/RetrainSourceSelect";
import { RetrainView } from "../components/RetrainView";
import { useRemembered } from "../hooks/useRemembered";

/** The retrain orchestrator's runs: per label what it counted and decided, and each step it took. */
export function RetrainPage() {
  const [host, setHost] = useRemembered("hugflow.retrain.host");
  const chosen = host ?? "";
  return (
    <div className="page page-retrain" data-testid="retrain-page">
      <header className="page-header">
        <h1>Retrain</h1>
        <span className="spacer" />
        <RetrainSourceSelect value={chosen} onChange={setHost} />
      </header>
      <RetrainView key={chosen} host={chosen === "" ? null : chosen} />
    </div>
  );
}
