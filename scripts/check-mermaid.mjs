// Parses every ```mermaid block of the Markdown files named on the command line with the
// `mermaid` package's own parser (mermaid.parse), under jsdom. Prints each chart that
// fails with its file and line, and exits 1 if any does; 0 with a count otherwise.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const name of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement", "DOMParser"]) {
  if (!(name in globalThis)) {
    Object.defineProperty(globalThis, name, { value: name === "window" ? dom.window : dom.window[name], configurable: true });
  }
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let charts = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```mermaid") continue;
    const start = i + 1;
    const body = [];
    for (i = start; i < lines.length && lines[i].trim() !== "```"; i++) body.push(lines[i]);
    charts++;
    try {
      await mermaid.parse(body.join("\n"));
    } catch (e) {
      failed++;
      console.error(`${file}:${start}: ${String(e.message || e).split("\n").slice(0, 4).join(" ")}`);
    }
  }
}
console.log(`mermaid: ${charts - failed} of ${charts} charts parse`);
process.exit(failed || charts === 0 ? 1 : 0);
