import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { type Backend, BackendProvider } from "./backend";
import { createBackend } from "./backend/create";
import "./styles.css";
import "./catalogue.css";
import "./dataset.css";
import "./requests.css";
import "./hosts.css";
import "./runs.css";
import "./retrain.css";
import "./spaces.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

const backend = createBackend();
let painted = false;

/**
 * Tells the app, once, that the first page is on screen: its effect runs after React's first
 * commit, the first animation frame comes before the browser paints that commit and the second
 * after it. The app logs the time (`make bench` reads it to time start-up).
 */
function FirstPaintMark() {
  useEffect(() => {
    if (painted) return;
    painted = true;
    requestAnimationFrame(() => requestAnimationFrame(() => void markPainted(backend)));
  }, []);
  return null;
}

async function markPainted(backend: Backend) {
  try {
    await backend.uiPainted(Math.round(performance.now()));
  } catch {
    // Only a measurement: a failure changes nothing for the user.
  }
}

createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={backend}>
      <App />
      <FirstPaintMark />
    </BackendProvider>
  </StrictMode>,
);
