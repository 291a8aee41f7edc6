import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { hostRejection, requestSettingsAnswer } from "../backend/fakeRules";
import { App } from "../App";
import { LIBRI, VOICE } from "../test/catalogue";
import { renderWith, secrets } from "../test/fixtures";
import { SetupPage } from "./SetupPage";
import { preloadPages } from "../lazyPages";

// Every page loaded up front, as the app does once it is up: pages then render at once.
beforeAll(() => preloadPages());

const HOSTILE = "-oProxyCommand=x";

/** A fresh profile: setup not done, gh logged in, two Host entries of which one is hostile. */
const FRESH = { setupDone: false, secrets: secrets(), sshConfigHosts: ["hgx-a", HOSTILE], hub: [LIBRI, VOICE] };

describe("SetupPage", () => {
  it("shows on a fresh profile instead of the catalogue, and Skip setup records it", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<App />, FRESH);
    expect(await screen.findByTestId("setup-page")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
    expect(screen.getByTestId("setup-step-welcome")).toHaveTextContent("monitors your HGX hosts");

    await user.click(screen.getByTestId("setup-skip-all"));
    expect(await screen.findByTestId("nav-catalogue")).toHaveAttribute("aria-current", "page");
    expect(screen.queryByTestId("setup-page")).not.toBeInTheDocument();
    expect(backend.callCount("finishSetup")).toBe(1);
    expect(backend.fakeSetup.done).toBe(true);
  });

  it("does not show for a profile already set up, and Settings runs it again", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<App />, { secrets: secrets() });
    await waitFor(() => expect(backend.callCount("setupDone")).toBe(1));
    expect(screen.queryByTestId("setup-page")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("settings-run-setup"));
    expect(await screen.findByTestId("setup-step-welcome")).toBeInTheDocument();
  });

  it("names the gh account and checks and saves the GitOps repository", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SetupPage onDone={() => {}} onCrawl={() => {}} />, { ...FRESH, login: "octo" });
    await user.click(screen.getByTestId("setup-next"));
    await waitFor(() => expect(screen.getByTestId("setup-github-account")).toHaveTextContent("gh is logged in as @octo"));
    expect(screen.getByTestId("setup-github-account")).not.toHaveTextContent("ghp_");

    await user.type(screen.getByTestId("setup-gitops-repo"), "not a repo");
    await user.click(screen.getByTestId("setup-gitops-save"));
    const refused = requestSettingsAnswer("not a repo", "https://api.github.com");
    if (!("rejected" in refused)) throw new Error("the rules accept 'not a repo'");
    expect(await screen.findByTestId("setup-gitops-error")).toHaveTextContent(refused.rejected.message.slice(1));
    expect(backend.requestConfig.repo).toBe("");

    await user.clear(screen.getByTestId("setup-gitops-repo"));
    await user.type(screen.getByTestId("setup-gitops-repo"), " my-team/datasets-gitops ");
    await user.click(screen.getByTestId("setup-gitops-save"));
    expect(await screen.findByTestId("setup-gitops-found")).toHaveTextContent(
      "Found my-team/datasets-gitops (public), default branch main.",
    );
    expect(backend.requestConfig.repo).toBe("my-team/datasets-gitops");
  });

  it("says what GitHub refused and where the token came from", async () => {
    const user = userEvent.setup();
    const githubAccountError = { code: "unauthorized" as const, message: "GitHub refused the token: run `gh auth login` again, or save a token here", detail: null };
    renderWith(<SetupPage onDone={() => {}} onCrawl={() => {}} />, { ...FRESH, githubAccountError });
    await user.click(screen.getByTestId("setup-next"));
    await waitFor(() =>
      expect(screen.getByTestId("setup-github-account")).toHaveTextContent(
        "GitHub refused the token: run `gh auth login` again, or save a token here.",
      ),
    );
  });

  it("moves on when a step is skipped, adds a host in one click and refuses a hostile one", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<SetupPage onDone={() => {}} onCrawl={() => {}} />, FRESH);
    await user.click(screen.getByTestId("setup-next"));
    await user.click(screen.getByTestId("setup-skip"));
    expect(screen.getByTestId("setup-step-hub")).toHaveTextContent("private datasets");
    expect(await screen.findByTestId("secret-status-hf_token")).toHaveTextContent("set (environment: HF_TOKEN)");
    await user.click(screen.getByTestId("setup-skip"));

    const step = screen.getByTestId("setup-step-host");
    const hostile = await within(step).findByText(HOSTILE);
    expect(hostile.closest("li")).toHaveTextContent(hostRejection({ name: HOSTILE, storage_root: null, checkout: null }));
    expect(within(hostile.closest("li") as HTMLElement).queryByRole("button")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("setup-host-add"));
    expect(await screen.findByTestId("setup-host-added")).toHaveTextContent("Added hgx-a");
    expect(backend.fakeHosts.hosts.map((h) => h.name)).toEqual(["hgx-a"]);
    expect(backend.callCount("addHost")).toBe(1);
  });

  it("starts the crawl, and Finish records the setup and closes it", async () => {
    const user = userEvent.setup();
    const crawls: Array<Promise<unknown>> = [];
    let done = 0;
    const { backend } = renderWith(<SetupPage onDone={() => (done += 1)} onCrawl={(c) => crawls.push(c)} />, FRESH);
    await user.click(screen.getByTestId("setup-next"));
    for (let i = 0; i < 3; i++) await user.click(screen.getByTestId("setup-skip"));
    expect(screen.getByTestId("setup-step-catalogue")).toBeInTheDocument();
    await user.click(screen.getByTestId("setup-crawl"));
    expect(await screen.findByTestId("setup-crawl-done")).toHaveTextContent("Done: 2 datasets in the catalogue.");
    expect(crawls).toHaveLength(1);
    expect(backend.catalogue.map((c) => c.id).sort()).toEqual([LIBRI.id, VOICE.id].sort());
    expect(backend.callCount("finishSetup")).toBe(0);
    await user.click(screen.getByTestId("setup-finish"));
    await waitFor(() => expect(done).toBe(1));
    expect(backend.callCount("finishSetup")).toBe(1);
  });

  it("keeps the setup open and says what to do when it cannot be recorded", async () => {
    const user = userEvent.setup();
    let done = 0;
    renderWith(<SetupPage onDone={() => (done += 1)} onCrawl={() => {}} />, FRESH, (backend) =>
      backend.failNext("finishSetup", { code: "database", message: "database is locked", detail: null }),
    );
    await user.click(screen.getByTestId("setup-skip-all"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("The setup could not be recorded: database is locked");
    expect(screen.getByTestId("error-banner")).toHaveTextContent("Try again");
    expect(done).toBe(0);
  });
});
