import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { BackendProvider } from "./backend";
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

createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={createBackend()}>
      <App />
    </BackendProvider>
  </StrictMode>,
);
