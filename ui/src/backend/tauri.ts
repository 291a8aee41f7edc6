import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import type { Progress } from "../bindings/Progress";
import { type Commands, commands, events } from "./commands.gen";
import { asApiError } from "./errors";
import type { Backend } from "./index";

/** Invokes a Tauri command; a rejection is always an ApiError. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

async function subscribe(event: string, callback: () => void): Promise<() => void> {
  try {
    return await listen(event, () => callback());
  } catch (e) {
    throw asApiError(e);
  }
}

/** The generated commands whose `Backend` method differs from the IPC call; the class adapts them. */
type Adapted = "refreshCatalogue";

/*
 * Every other generated command is the Backend method as it is: the constructor copies them onto
 * the instance, and this interface (merged into the class) declares them, so a command added in
 * Rust needs no line here while `implements Backend` still checks each signature against Rust's.
 */
export interface TauriBackend extends Omit<Commands, Adapted> {}

/** The Backend inside the desktop app: the generated command client, plus what is no command. */
export class TauriBackend implements Backend {
  private readonly client: Commands = commands(call);

  constructor() {
    const { refreshCatalogue: _adapted, ...direct } = this.client;
    Object.assign(this, direct);
  }

  refreshCatalogue(full: boolean, onProgress: (progress: Progress) => void) {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return this.client.refreshCatalogue(full, channel);
  }

  onLocalStatusChanged(callback: () => void): Promise<() => void> {
    return subscribe(events.LOCAL_STATUS_CHANGED, callback);
  }

  onRequestsChanged(callback: () => void): Promise<() => void> {
    return subscribe(events.REQUESTS_CHANGED, callback);
  }

  onHostsChanged(callback: () => void): Promise<() => void> {
    return subscribe(events.HOSTS_CHANGED, callback);
  }

  async pickFolder(): Promise<string | null> {
    try {
      const picked = await open({ directory: true, multiple: false });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw asApiError(e);
    }
  }
}
