import { describe, expect, it } from "vitest";
import { readableLog } from "./syncLog";

describe("readableLog", () => {
  it("puts each event in words and keeps only the last of a run of progress lines", () => {
    const lines = [
      '{"schema":1,"event":"started","id":"x","pid":42}',
      '{"schema":1,"event":"note","message":"waiting for another sync on this host to finish"}',
      '{"schema":1,"event":"progress","progress":{"task":"Downloading","done":1,"total":4}}',
      '{"schema":1,"event":"progress","progress":{"task":"Downloading","done":3072,"total":4096,"files":{"done":3,"total":4},"rate":null,"eta_seconds":90}}',
      "",
      '{"schema":1,"event":"complete","file_count":4,"size_bytes":4096,"took_seconds":65,"path":"/data/a__b__rev_main"}',
      '{"schema":1,"event":"skipped","reason":"already present","path":"/data/x"}',
      '{"schema":1,"event":"cancelled","message":"stopped by the user"}',
      "plain text from stderr",
    ];
    expect(readableLog(lines).map((e) => [e.event, e.text, e.hint])).toEqual([
      ["started", "Started (pid 42)", null],
      ["note", "waiting for another sync on this host to finish", null],
      ["progress", "Downloading 75% — 3.0 KB of 4.0 KB, 3 of 4 files, about 1 min 30 s left", null],
      ["complete", "Complete: 4 files, 4.0 KB in 1 min 5 s", "/data/a__b__rev_main"],
      ["skipped", "Skipped: already present", "/data/x"],
      ["cancelled", "Cancelled: stopped by the user", null],
      ["text", "plain text from stderr", null],
    ]);
  });

  it("keeps the suggestion of a failure", () => {
    const [entry] = readableLog(['{"event":"failed","kind":"gated","message":"a/b is gated","suggestion":"accept its terms"}']);
    expect(entry).toEqual({ event: "failed", text: "Failed (gated): a/b is gated", hint: "What to do: accept its terms" });
  });
});
