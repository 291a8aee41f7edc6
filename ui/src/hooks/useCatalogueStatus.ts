import { useCallback, useEffect, useRef, useState } from "react";
import type { CatalogueStatus } from "../bindings/CatalogueStatus";
import { useBackend } from "../backend";

/** The catalogue's size and freshness; `reload` asks again (after a refresh, a Hub search). */
export function useCatalogueStatus(): { status: CatalogueStatus | null; reload: () => void } {
  const backend = useBackend();
  const [status, setStatus] = useState<CatalogueStatus | null>(null);
  const seq = useRef(0);

  const reload = useCallback(() => {
    const id = ++seq.current;
    backend.catalogueStatus().then(
      (value) => {
        if (id === seq.current) setStatus(value);
      },
      () => {
        // The count line simply stays as it was; searches report their own errors.
      },
    );
  }, [backend]);

  useEffect(() => {
    reload();
    return () => {
      seq.current++;
    };
  }, [reload]);

  return { status, reload };
}
