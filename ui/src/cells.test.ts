import { describe, expect, it } from "vitest";
import { MAX_CELL_CHARS, cellOf, typeLabel } from "./cells";

describe("cellOf", () => {
  it("plays audio from the first http(s) source only", () => {
    const audio = { _type: "Audio", sampling_rate: 16000 };
    expect(cellOf(audio, [{ src: "https://datasets-server.huggingface.co/a.wav", type: "audio/wav" }])).toEqual({
      kind: "audio",
      src: "https://datasets-server.huggingface.co/a.wav",
      type: "audio/wav",
    });
    expect(cellOf(audio, [{ src: "javascript:alert(1)", type: "audio/wav" }])).toEqual({ kind: "empty", text: "no audio" });
  });

  it("shows images, refusing odd schemes", () => {
    const image = { _type: "Image" };
    expect(cellOf(image, { src: "https://x.hf.co/i.jpg", height: 28, width: 28 })).toMatchObject({ kind: "image", width: 28 });
    expect(cellOf(image, { src: "file:///etc/passwd", height: 1, width: 1 })).toMatchObject({ kind: "empty" });
  });

  it("truncates long strings, keeping the full text", () => {
    const long = "x".repeat(500);
    const cell = cellOf({ _type: "Value", dtype: "string" }, long);
    expect(cell).toMatchObject({ kind: "text", full: long });
    expect(cell.kind === "text" && cell.text.length).toBe(MAX_CELL_CHARS);
  });

  it("names class labels and shows objects as compact JSON", () => {
    expect(cellOf({ _type: "ClassLabel", names: ["neg", "pos"] }, 1)).toMatchObject({ text: "pos (1)" });
    expect(cellOf({ text: { _type: "Sequence" } }, { text: ["a"], start: [3] })).toMatchObject({ text: '{"text":["a"],"start":[3]}' });
    expect(cellOf({ _type: "Value", dtype: "int64" }, 42)).toEqual({ kind: "number", text: "42" });
    expect(cellOf({ _type: "Value", dtype: "string" }, null)).toEqual({ kind: "empty", text: "null" });
  });
});

describe("typeLabel", () => {
  it("gives the dtype of a Value, else the type name", () => {
    expect(typeLabel({ _type: "Value", dtype: "float32" })).toBe("float32");
    expect(typeLabel({ _type: "Audio" })).toBe("Audio");
    expect(typeLabel({ a: 1 })).toBe("struct");
  });
});
