import { SetupSecret } from "./SetupSecret";

/** The optional Hugging Face token: what needs it, and Settings → Tokens' row for it. */
export function SetupHubStep() {
  return (
    <>
      <p>
        Public datasets need no token. A Hugging Face token lets Hugflow show private datasets and gated ones you have
        been granted, read their files and first rows, and raises the Hub&apos;s rate limits for the catalogue. A read
        token is enough (huggingface.co → Settings → Access Tokens).
      </p>
      <p className="muted small">
        <code>HF_TOKEN</code> in the environment is used when the keyring has none; the row below says which one is in
        effect.
      </p>
      <SetupSecret id="hf_token" />
    </>
  );
}
