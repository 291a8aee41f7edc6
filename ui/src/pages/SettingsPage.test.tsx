import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { requestSettingsAnswer } from "../backend/fakeRules";
import { renderWith, secrets } from "../test/fixtures";
import { configured } from "../test/requests";
import { SettingsPage } from "./SettingsPage";

const KEYRING_HF = secrets().map((s) =>
  s.id === "hf_token" ? { ...s, source: "keyring" as const, env_var: null } : s,
);

describe("SettingsPage", () => {
  it("shows where each token comes from", async () => {
    renderWith(<SettingsPage />, { secrets: secrets() });
    expect(await screen.findByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(environment: HF_TOKEN\)$/);
    expect(screen.getByTestId("secret-status-github_token")).toHaveTextContent(/^set \(gh auth token\)$/);
    expect(screen.getByTestId("secret-status-slack_webhook")).toHaveTextContent(/^not set$/);
    expect(screen.getByTestId("secret-hf_token")).toHaveTextContent("Hugging Face token");
    expect(screen.getByText(/Tokens are stored in your OS keyring/)).toHaveTextContent(
      "Tokens are stored in your OS keyring, never in Hugflow's database or logs. Environment variables (HF_TOKEN, GITHUB_TOKEN/GH_TOKEN, SLACK_WEBHOOK_URL) and gh auth token are used when the keyring has none.",
    );
  });

  it("says the keyring is locked, not that a token is unset, and still shows an environment token", async () => {
    const locked = {
      state: "locked" as const,
      message: 'the Secret Service collection "Login" is locked',
      explanation: 'the OS keyring is locked: unlock your keyring (the Secret Service collection "Login" is locked)',
    };
    const list = secrets().map((s) => ({ ...s, keyring: locked }));
    renderWith(<SettingsPage />, { secrets: list });
    expect(await screen.findByTestId("secret-status-slack_webhook")).toHaveTextContent(/^keyring locked$/);
    expect(screen.getByTestId("secret-keyring-slack_webhook")).toHaveTextContent(
      'The OS keyring is locked: unlock your keyring (the Secret Service collection "Login" is locked).',
    );
    expect(screen.getByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(environment: HF_TOKEN\)$/);
    expect(screen.getByTestId("secret-keyring-hf_token")).toHaveTextContent(/^The OS keyring is locked/);
  });

  it("says a token is saved for another origin, not sent there, and offers to save it again", async () => {
    const user = userEvent.setup();
    const explanation =
      "the GitHub token in the keyring was saved for https://api.github.com, but the GitHub API URL is now " +
      "https://ghe.example/api/v3, so it is not sent there: save the token again for it";
    const list = secrets().map((s) =>
      s.id === "github_token"
        ? {
            ...s,
            set: false,
            source: null,
            saved_for: "https://api.github.com",
            other_origin: { saved_for: "https://api.github.com", requested: "https://ghe.example/api/v3", explanation },
          }
        : s,
    );
    renderWith(<SettingsPage />, { secrets: list, secretOrigins: { github_token: "https://ghe.example" } });
    const status = await screen.findByTestId("secret-status-github_token");
    expect(status).toHaveTextContent(/^saved for another origin$/);
    expect(status).toHaveClass("is-problem");
    expect(screen.getByTestId("secret-origin-github_token")).toHaveTextContent(
      "The GitHub token in the keyring was saved for https://api.github.com, but the GitHub API URL is now " +
        "https://ghe.example/api/v3, so it is not sent there: save the token again for it.",
    );
    // The unused entry can be replaced or cleared.
    expect(screen.getByTestId("secret-save-github_token")).toHaveTextContent("Replace");
    expect(screen.getByTestId("secret-clear-github_token")).toBeInTheDocument();
    expect(screen.queryByTestId("secret-origin-hf_token")).not.toBeInTheDocument();

    await user.type(screen.getByTestId("secret-input-github_token"), "ghp_again");
    await user.click(screen.getByTestId("secret-save-github_token"));
    await waitFor(() =>
      expect(screen.getByTestId("secret-status-github_token")).toHaveTextContent(/^set \(keyring\)$/),
    );
    expect(screen.getByTestId("secret-origin-github_token")).toHaveTextContent(/^Sent only to https:\/\/ghe\.example\.$/);
  });

  it("shows no keyring line when the keyring answered", async () => {
    renderWith(<SettingsPage />, { secrets: secrets() });
    await screen.findByTestId("secret-status-slack_webhook");
    expect(screen.queryByTestId("secret-keyring-slack_webhook")).not.toBeInTheDocument();
  });

  it("uses password inputs with labels", async () => {
    renderWith(<SettingsPage />, { secrets: secrets() });
    const input = await screen.findByLabelText("GitHub token");
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveAttribute("autocomplete", "off");
    expect(input).toHaveAttribute("data-testid", "secret-input-github_token");
  });

  it("offers Clear and Replace only for a keyring secret", async () => {
    renderWith(<SettingsPage />, { secrets: KEYRING_HF });
    expect(await screen.findByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(keyring\)$/);
    expect(screen.getByTestId("secret-clear-hf_token")).toBeInTheDocument();
    expect(screen.getByTestId("secret-save-hf_token")).toHaveTextContent("Replace");
    expect(screen.queryByTestId("secret-clear-github_token")).not.toBeInTheDocument();
    expect(screen.queryByTestId("secret-clear-slack_webhook")).not.toBeInTheDocument();
    expect(screen.getByTestId("secret-save-slack_webhook")).toHaveTextContent("Save");
  });

  it("saves a token to the keyring and forgets the typed value", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SettingsPage />, { secrets: secrets() });
    const input = await screen.findByTestId("secret-input-slack_webhook");
    const save = screen.getByTestId("secret-save-slack_webhook");
    expect(save).toBeDisabled();

    await user.type(input, "https://hooks.slack.com/services/T0/B0/Zq9VALUE");
    expect(save).toBeEnabled();
    await user.click(save);

    await waitFor(() =>
      expect(screen.getByTestId("secret-status-slack_webhook")).toHaveTextContent(/^set \(keyring\)$/),
    );
    expect(input).toHaveValue("");
    expect(screen.getByTestId("secret-save-slack_webhook")).toHaveTextContent("Replace");
    expect(screen.getByTestId("secret-clear-slack_webhook")).toBeInTheDocument();
    expect(backend.callCount("setSecret")).toBe(1);
    expect(document.body.innerHTML).not.toContain("Zq9VALUE");
  });

  it("saves on Enter", async () => {
    const user = userEvent.setup();
    renderWith(<SettingsPage />, { secrets: secrets() });
    const input = await screen.findByTestId("secret-input-hf_token");
    await user.type(input, "hf_abc{Enter}");
    await waitFor(() => expect(screen.getByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(keyring\)$/));
    expect(input).toHaveValue("");
  });

  it("shows a rejection inline under the row and keeps the input", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SettingsPage />, { secrets: secrets() });
    backend.failNext("setSecret", {
      code: "keyring_unavailable",
      message: "The OS keyring is locked or missing; unlock it and try again.",
      detail: null,
    });
    const input = await screen.findByTestId("secret-input-github_token");
    await user.type(input, "ghp_x");
    await user.click(screen.getByTestId("secret-save-github_token"));

    expect(await screen.findByTestId("secret-error-github_token")).toHaveTextContent(
      "The OS keyring is locked or missing; unlock it and try again.",
    );
    expect(screen.getByTestId("secret-status-github_token")).toHaveTextContent(/^set \(gh auth token\)$/);
    expect(input).toHaveValue("ghp_x");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("secret-error-hf_token")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("secret-save-github_token"));
    await waitFor(() => expect(screen.queryByTestId("secret-error-github_token")).not.toBeInTheDocument());
    expect(screen.getByTestId("secret-status-github_token")).toHaveTextContent(/^set \(keyring\)$/);
  });

  it("clears a keyring secret and falls back to the environment", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SettingsPage />, {
      secrets: KEYRING_HF,
      secretFallbacks: {
        hf_token: {
          id: "hf_token",
          label: "Hugging Face token",
          set: true,
          source: "environment",
          env_var: "HF_TOKEN",
          keyring: null,
          saved_for: null,
          other_origin: null,
        },
      },
    });
    await user.click(await screen.findByTestId("secret-clear-hf_token"));
    await waitFor(() =>
      expect(screen.getByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(environment: HF_TOKEN\)$/),
    );
    expect(screen.queryByTestId("secret-clear-hf_token")).not.toBeInTheDocument();
    expect(backend.callCount("clearSecret")).toBe(1);
  });

  it("shows a failed clear inline", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SettingsPage />, { secrets: KEYRING_HF });
    backend.failNext("clearSecret", { code: "keyring_unavailable", message: "No keyring.", detail: null });
    await user.click(await screen.findByTestId("secret-clear-hf_token"));
    expect(await screen.findByTestId("secret-error-hf_token")).toHaveTextContent("No keyring.");
    expect(screen.getByTestId("secret-status-hf_token")).toHaveTextContent(/^set \(keyring\)$/);
  });

  it("shows the app info", async () => {
    renderWith(<SettingsPage />, {
      secrets: secrets(),
      appInfo: { version: "1.2.3", commit: "1a2b3c4", data_dir: "/d", log_dir: "/d/logs", database: "/d/hugflow.sqlite3" },
    });
    expect(await screen.findByTestId("about-version")).toHaveTextContent("1.2.3");
    expect(screen.getByTestId("about-commit")).toHaveTextContent("1a2b3c4");
    expect(screen.getByText("/d/logs")).toBeInTheDocument();
    expect(screen.getByText("/d/hugflow.sqlite3")).toBeInTheDocument();
  });

  describe("requests", () => {
    it("saves the GitOps repository, base branch and API URL", async () => {
      const user = userEvent.setup();
      const { backend } = renderWith(<SettingsPage />, { secrets: secrets() });
      const repo = await screen.findByTestId("settings-gitops-repo");
      expect(repo).toHaveValue("");
      expect(screen.getByTestId("settings-base-branch")).toHaveAttribute("placeholder", "default branch");
      expect(screen.getByTestId("settings-api-url")).toHaveValue("https://api.github.com");
      const save = screen.getByTestId("settings-requests-save");
      expect(save).toBeDisabled();

      await user.type(repo, " my-team/datasets-gitops ");
      await user.type(screen.getByTestId("settings-base-branch"), "develop");
      await user.click(save);

      expect(await screen.findByTestId("settings-requests-saved")).toHaveTextContent("Saved");
      expect(repo).toHaveValue("my-team/datasets-gitops");
      expect(backend.requestConfig).toMatchObject({ repo: "my-team/datasets-gitops", base_branch: "develop", api_url: "https://api.github.com" });
      expect(save).toBeDisabled();
    });

    it("shows why a setting was refused and keeps what was typed", async () => {
      const user = userEvent.setup();
      const { backend } = renderWith(<SettingsPage />, { secrets: secrets(), requestSettings: configured() });
      const repo = await screen.findByTestId("settings-gitops-repo");
      await user.clear(repo);
      await user.type(repo, "not a repo");
      await user.click(screen.getByTestId("settings-requests-save"));
      const refusal = requestSettingsAnswer("not a repo", configured().api_url);
      if (!("rejected" in refusal)) throw new Error("rules.json saves `not a repo`: the test's premise changed");
      expect(await screen.findByTestId("settings-requests-error")).toHaveTextContent(refusal.rejected.message);
      expect(repo).toHaveValue("not a repo");
      expect(repo).toHaveAttribute("aria-invalid", "true");
      expect(backend.requestConfig.repo).toBe("team/gitops");
    });

    it("saves each notification choice as it changes", async () => {
      const user = userEvent.setup();
      const { backend } = renderWith(<SettingsPage />, { secrets: secrets() });
      const merged = await screen.findByTestId("notify-merged");
      expect(screen.getByLabelText("Download complete")).toBeChecked();
      expect(screen.getByLabelText("New comment on my PR")).toHaveAttribute("data-testid", "notify-comment");
      await user.click(merged);
      expect(merged).not.toBeChecked();
      await waitFor(() => expect(backend.requestConfig.notifications).toEqual({ complete: true, failed: true, merged: false, comment: true }));

      backend.failNext("setNotificationSettings", { code: "database", message: "The database is locked.", detail: null });
      await user.click(screen.getByTestId("notify-failed"));
      expect(await screen.findByTestId("notify-error")).toHaveTextContent("The database is locked.");
      expect(screen.getByTestId("notify-failed")).toBeChecked();
      expect(backend.requestConfig.notifications.failed).toBe(true);
    });
  });

  describe("Hugging Face Hub", () => {
    it("saves the Hub and viewer endpoints and shows what Test connection found", async () => {
      const user = userEvent.setup();
      const { backend } = renderWith(<SettingsPage />, {
        secrets: secrets(),
        connection: {
          hub_endpoint: "https://hub.internal/",
          viewer_endpoint: "https://viewer.internal/",
          hub: { ok: true, detail: "reachable" },
          account: { ok: true, detail: "the token belongs to alice" },
          viewer: { ok: false, detail: "cannot reach viewer.internal/healthcheck (connection refused); check the network or the viewer endpoint" },
        },
      });
      const hub = await screen.findByTestId("settings-hub-endpoint");
      const viewer = screen.getByTestId("settings-viewer-endpoint");
      await waitFor(() => expect(hub).toHaveValue("https://huggingface.co"));
      expect(viewer).toHaveValue("https://datasets-server.huggingface.co");
      expect(screen.getByTestId("settings-hub-save")).toBeDisabled();

      await user.clear(hub);
      await user.type(hub, "https://hub.internal");
      await user.clear(viewer);
      await user.type(viewer, "https://viewer.internal");
      expect(screen.getByTestId("settings-hub-test")).toBeDisabled();
      await user.click(screen.getByTestId("settings-hub-save"));
      expect(await screen.findByTestId("settings-hub-saved")).toHaveTextContent("Saved");
      expect(backend.hubConfig).toMatchObject({ endpoint: "https://hub.internal", viewer_endpoint: "https://viewer.internal" });
      expect(backend.calls).toContain("setHubSettings");

      await user.click(screen.getByTestId("settings-hub-test"));
      expect(await screen.findByTestId("connection-hub")).toHaveTextContent("Hub (https://hub.internal/): reachable");
      expect(screen.getByTestId("connection-account")).toHaveTextContent("Token: the token belongs to alice");
      const failed = screen.getByTestId("connection-viewer");
      expect(failed).toHaveTextContent("Dataset viewer (https://viewer.internal/): failed: cannot reach viewer.internal/healthcheck");
      expect(failed).toHaveClass("is-problem");
    });

    it("shows Rust's refusal of an endpoint and keeps what was typed", async () => {
      const user = userEvent.setup();
      const { backend } = renderWith(<SettingsPage />, { secrets: secrets() });
      const viewer = await screen.findByTestId("settings-viewer-endpoint");
      await waitFor(() => expect(viewer).toHaveValue("https://datasets-server.huggingface.co"));
      const refusal =
        "the dataset viewer endpoint `viewer.internal` holds a user name or password; remove them (the token goes in the token field); use an http(s) URL such as https://huggingface.co";
      backend.failNext("setHubSettings", { code: "invalid_input", message: refusal, detail: null });
      await user.clear(viewer);
      await user.type(viewer, "https://me:pw@viewer.internal");
      await user.click(screen.getByTestId("settings-hub-save"));
      expect(await screen.findByTestId("settings-hub-error")).toHaveTextContent(refusal);
      expect(viewer).toHaveValue("https://me:pw@viewer.internal");
      expect(viewer).toHaveAttribute("aria-invalid", "true");
      expect(backend.hubConfig.viewer_endpoint).toBe("https://datasets-server.huggingface.co");
    });
  });
});
