import { beforeEach, describe, expect, it, vi } from "vitest";

// The Tauri runtime is absent under Vitest: record what the backend hands it instead.
const tauri = vi.hoisted(() => ({
  invoke: vi.fn(),
  listen: vi.fn(),
}));
vi.mock("@tauri-apps/api/core", () => ({
  invoke: tauri.invoke,
  Channel: class {
    onmessage: unknown = undefined;
  },
}));
vi.mock("@tauri-apps/api/event", () => ({ listen: tauri.listen }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn() }));

const { TauriBackend } = await import("./tauri");

describe("TauriBackend", () => {
  beforeEach(() => {
    tauri.invoke.mockReset();
    tauri.listen.mockReset();
  });

  it("invokes a generated command by its Rust name with camelCase argument keys", async () => {
    tauri.invoke.mockResolvedValue({ endpoint: "a", viewerEndpoint: "b" });
    await new TauriBackend().setHubSettings("a", "b");
    expect(tauri.invoke).toHaveBeenCalledWith("set_hub_settings", { endpoint: "a", viewerEndpoint: "b" });
  });

  it("sends a command without arguments as just its name", async () => {
    tauri.invoke.mockResolvedValue(undefined);
    await new TauriBackend().pauseSpace("org/space");
    await new TauriBackend().closeLocalCheckout();
    expect(tauri.invoke.mock.calls).toEqual([["pause_space", { id: "org/space" }], ["close_local_checkout", undefined]]);
  });

  it("maps every rejection to an ApiError", async () => {
    tauri.invoke.mockRejectedValue("the window closed");
    await expect(new TauriBackend().hosts()).rejects.toEqual({ code: "io", message: "the window closed", detail: null });
  });

  it("streams catalogue progress over a channel whose messages reach the callback", async () => {
    tauri.invoke.mockResolvedValue({});
    const onProgress = vi.fn();
    await new TauriBackend().refreshCatalogue(true, onProgress);
    const [command, args] = tauri.invoke.mock.calls[0] as [string, { full: boolean; onProgress: { onmessage: unknown } }];
    expect(command).toBe("refresh_catalogue");
    expect(args.full).toBe(true);
    expect(args.onProgress.onmessage).toBe(onProgress);
  });

  it("listens to the event names the Rust shell emits", async () => {
    tauri.listen.mockResolvedValue(() => {});
    const backend = new TauriBackend();
    await backend.onLocalStatusChanged(() => {});
    await backend.onRequestsChanged(() => {});
    await backend.onHostsChanged(() => {});
    expect(tauri.listen.mock.calls.map((call) => call[0])).toEqual([
      "local-status-changed",
      "requests-changed",
      "hosts-changed",
    ]);
  });
});
