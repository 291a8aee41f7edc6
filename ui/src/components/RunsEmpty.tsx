/** No run folder is saved yet: what a run folder is, and where to add one. */
export function RunsNoSource() {
  return (
    <section className="card empty-state" data-testid="runs-no-source">
      <p className="strong">No run folder yet.</p>
      <p>
        Add the folder your flows write their runs to — a ductaflow project (or its <code>runs/</code> folder), or a huldra data folder
        (<code>data-huldra/</code>) — on this computer or on a host. Hugflow reads the runs there and shows their status, logs and configs.
      </p>
    </section>
  );
}

/** The folder holds nothing Hugflow recognises: say what it looks for. */
export function RunsNothingFound({ path }: { path: string }) {
  return (
    <section className="card empty-state" data-testid="runs-nothing-found">
      <p className="strong">No run found under {path}.</p>
      <p>
        Hugflow recognises ductaflow runs — folders holding a <code>&lt;notebook&gt;_execution_output.txt</code> log, as{" "}
        <code>runs/&lt;build&gt;/&lt;instance&gt;/</code> with their flows under <code>runs/</code> — and huldra artifacts — folders holding{" "}
        <code>.huldra/state.json</code>, under <code>data-huldra/data/</code>. Pick the project&apos;s folder or one of those.
      </p>
    </section>
  );
}
