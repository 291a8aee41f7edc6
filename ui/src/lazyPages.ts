import { type ComponentProps, type ComponentType, createElement } from "react";

/**
 * The pages other than the catalogue, each loaded on first use: the first paint then waits only
 * for the catalogue's script (not, say, the Markdown renderer of dataset cards). Once the app is
 * up, `preloadPages` fetches the rest in the background, so a page opened later shows at once.
 *
 * Not `React.lazy`: a lazy component suspends on its first render even when its module is
 * already loaded; these render synchronously once preloaded.
 */
// Any component: its props are read back with ComponentProps.
type AnyComponent = ComponentType<any>;
type LazyPage<C extends AnyComponent> = ComponentType<ComponentProps<C>> & { preload: () => Promise<void> };

/** Every page made by `lazyPage`, for `preloadPages`. */
const all: { preload: () => Promise<void> }[] = [];

function lazyPage<C extends AnyComponent>(load: () => Promise<C>): LazyPage<C> {
  let loaded: C | null = null;
  let pending: Promise<void> | null = null;
  const preload = () => {
    pending ??= load().then((component) => {
      loaded = component;
    });
    return pending;
  };
  function Page(props: ComponentProps<C>) {
    if (loaded === null) throw preload(); // Suspense shows its fallback until it resolves
    return createElement(loaded, props);
  }
  const page = Object.assign(Page, { preload });
  all.push(page);
  return page;
}

export const DatasetPage = lazyPage(() => import("./pages/DatasetPage").then((m) => m.DatasetPage));
export const HostPage = lazyPage(() => import("./pages/HostPage").then((m) => m.HostPage));
export const HostsPage = lazyPage(() => import("./pages/HostsPage").then((m) => m.HostsPage));
export const LocalDatasetsPage = lazyPage(() => import("./pages/LocalDatasetsPage").then((m) => m.LocalDatasetsPage));
export const RequestPage = lazyPage(() => import("./pages/RequestPage").then((m) => m.RequestPage));
export const RequestsPage = lazyPage(() => import("./pages/RequestsPage").then((m) => m.RequestsPage));
export const RetrainPage = lazyPage(() => import("./pages/RetrainPage").then((m) => m.RetrainPage));
export const RunsPage = lazyPage(() => import("./pages/RunsPage").then((m) => m.RunsPage));
export const SettingsPage = lazyPage(() => import("./pages/SettingsPage").then((m) => m.SettingsPage));
export const SetupPage = lazyPage(() => import("./pages/SetupPage").then((m) => m.SetupPage));
export const SpacesPage = lazyPage(() => import("./pages/SpacesPage").then((m) => m.SpacesPage));

/** Loads every page's script; resolves when all are ready. */
export function preloadPages(): Promise<void> {
  return Promise.all(all.map((page) => page.preload())).then(() => undefined);
}
