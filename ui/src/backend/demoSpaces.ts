import type { FakeSpacesData } from "./fakeSpaces";

/** The orchestrator's Spaces and a worker that pushes its iterations to a dataset. */
export function demoSpaces(): FakeSpacesData {
  return {
    spacesSettings: {
      prepare: "acme-ml/dataset-prepare",
      retrain: [
        { label: "department", space: "acme-ml/retrain-department" },
        { label: "intent", space: "acme-ml/retrain-intent" },
      ],
      workers: [
        { space: "acme-ml/asr-worker", results_dataset: "acme-ml/asr-worker-results" },
        { space: "acme-ml/eval-worker", results_dataset: null },
      ],
    },
    hubSpaces: {
      "acme-ml/dataset-prepare": { stage: "RUNNING", hardware: "cpu-upgrade", requested_hardware: "cpu-upgrade" },
      "acme-ml/retrain-department": { stage: "PAUSED", hardware: null, requested_hardware: "a10g-small" },
      "acme-ml/retrain-intent": { stage: "RUNTIME_ERROR", hardware: "t4-small", requested_hardware: "t4-small" },
      "acme-ml/asr-worker": { stage: "RUNNING", hardware: "a10g-large", requested_hardware: "a10g-large" },
    },
    iterations: { "acme-ml/asr-worker-results": 37 },
  };
}
