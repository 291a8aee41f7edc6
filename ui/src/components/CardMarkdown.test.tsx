import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiError } from "../backend/errors";
import { renderWith } from "../test/fixtures";
import { CardMarkdown } from "./CardMarkdown";

function renderCard(markdown: string) {
  return renderWith(<CardMarkdown markdown={markdown} />).container;
}

describe("CardMarkdown", () => {
  it("renders headings, lists, code blocks and GFM tables", () => {
    const container = renderCard(
      "# Speech corpus\n\n## Structure\n\n- train\n- test\n\n```python\nload_dataset('x')\n```\n\n| Split | Rows |\n| --- | ---: |\n| train | 1,000 |\n| test | 100 |\n",
    );
    expect(screen.getByRole("heading", { level: 1, name: "Speech corpus" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Structure" })).toBeInTheDocument();
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["train", "test"]);
    expect(container.querySelector("pre code")).toHaveTextContent("load_dataset('x')");
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Split", "Rows"]);
    expect(within(table).getAllByRole("cell").map((td) => td.textContent)).toEqual(["train", "1,000", "test", "100"]);
  });

  it("never renders raw HTML as elements", () => {
    const container = renderCard(
      'Intro <b>bold</b> text.\n\n<script>alert("x")</script>\n\nInline <img src=x onerror="alert(1)"> image and <iframe src="https://evil.example"></iframe>.\n\n<div onclick="alert(2)">block</div>\n',
    );
    for (const tag of ["script", "img", "iframe", "b", ".markdown div"]) expect(container.querySelector(tag), tag).toBeNull();
    expect(container.querySelector("[onerror], [onclick]")).toBeNull();
    expect(container).toHaveTextContent("Intro bold text.");
    expect(container.innerHTML).not.toContain("alert(1)");
  });

  it("keeps http(s) and mailto links, opening outside the app, and drops script links", () => {
    const container = renderCard(
      "[docs](https://huggingface.co/docs), [mail](mailto:team@example.com), [x](javascript:alert(1)), [y](data:text/html,hi) and [z](relative/path).",
    );
    const docs = screen.getByRole("link", { name: "docs" });
    expect(docs).toHaveAttribute("href", "https://huggingface.co/docs");
    expect(docs).not.toHaveAttribute("target");
    expect(screen.getByRole("link", { name: "mail" })).toHaveAttribute("href", "mailto:team@example.com");
    expect(screen.getAllByRole("link")).toHaveLength(2);
    expect(container.querySelector("a:not([href])")).toBeNull();
    expect(container).toHaveTextContent("x, y and z.");
    expect(container.innerHTML).not.toContain("javascript:");
  });

  it("opens a link through the backend and shows its refusal as written", async () => {
    const user = userEvent.setup();
    const { backend } = renderWith(<CardMarkdown markdown="[docs](https://huggingface.co/docs) and [elsewhere](https://evil.example/)" />);
    await user.click(screen.getByRole("link", { name: "docs" }));
    await waitFor(() => expect(backend.openedUrls).toEqual(["https://huggingface.co/docs"]));
    const refusal = "not opening \"https://evil.example/\": it is on another site; the app opens only pages of the Hub (https://huggingface.co)";
    backend.failNext("openUrl", apiError("not_allowed", refusal));
    await user.click(screen.getByRole("link", { name: "elsewhere" }));
    expect(await screen.findByTestId("link-error")).toHaveTextContent(refusal);
    expect(screen.getByTestId("link-error")).toHaveAttribute("data-code", "not_allowed");
    expect(backend.openedUrls).toEqual(["https://huggingface.co/docs"]);
  });

  it("shows https images, and only the alt text of others", () => {
    const container = renderCard(
      "![logo](https://huggingface.co/logo.png) ![local](http://127.0.0.1:8080/a.png) ![plain](http://example.com/a.png) ![inline](data:image/png;base64,AAAA) ![](javascript:alert(1))",
    );
    const images = [...container.querySelectorAll("img")];
    expect(images.map((img) => img.getAttribute("src"))).toEqual(["https://huggingface.co/logo.png"]);
    expect(images[0]).toHaveAttribute("referrerpolicy", "no-referrer");
    expect(container).toHaveTextContent("[local] [plain] [inline]");

    fireEvent.error(images[0]!);
    expect(container.querySelectorAll("img")).toHaveLength(0);
    expect(container).toHaveTextContent("[logo]");
  });
});
