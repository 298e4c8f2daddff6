// Option A's pure part (Public/js/brand-pdf.js): the file check before upload, the logo's data URL
// back to bytes, and the accept form that carries the reviewed brand.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_PDF_BYTES, acceptForm, confidenceLabel, dataURLToBlob, extractionSummary, pdfFileProblem,
} from "../../Public/js/brand-pdf.js";

test("a file that is not a PDF, empty or past 20 MB is refused with its name", () => {
  assert.equal(pdfFileProblem({ name: "guide.pdf", type: "application/pdf", size: 1000 }), null);
  assert.equal(pdfFileProblem({ name: "GUIDE.PDF", type: "", size: 1000 }), null);
  assert.match(pdfFileProblem({ name: "logo.png", type: "image/png", size: 10 }), /logo\.png is not a PDF/);
  assert.match(pdfFileProblem({ name: "big.pdf", type: "application/pdf", size: MAX_PDF_BYTES + 1 }), /limit is 20 MB/);
  assert.match(pdfFileProblem({ name: "e.pdf", type: "application/pdf", size: 0 }), /empty/);
  assert.equal(pdfFileProblem(null), "Choose a PDF file.");
});

test("the logo's data URL becomes its bytes again", async () => {
  const blob = dataURLToBlob("data:image/png;base64,iVBORw0KGgo=");
  assert.equal(blob.type, "image/png");
  assert.deepEqual([...new Uint8Array(await blob.arrayBuffer())], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(dataURLToBlob("javascript:alert(1)"), null);
  assert.equal(dataURLToBlob(""), null);
});

test("confidence in words, and what was and was not found", () => {
  assert.equal(confidenceLabel(0.95), "written in your PDF");
  assert.equal(confidenceLabel(0.7), "likely");
  assert.equal(confidenceLabel(0.4), "a guess: check it");
  assert.equal(confidenceLabel(undefined), "");
  const summary = extractionSummary({ brand: { name: { value: "A" }, palette: [{ hex: "#000000" }], fonts: {} }, logo: null });
  assert.deepEqual(summary.found, ["name", "colours"]);
  assert.deepEqual(summary.missing, ["fonts", "logo", "voice", "audience"]);
});

test("accepting sends the brand as JSON and the logo only when kept", async () => {
  const extraction = {
    brand: { name: { value: "Harbor & Pine", source: "pdf" }, palette: [], fonts: {}, logo: { key: "x" } },
    logo: { dataURL: "data:image/png;base64,iVBORw0KGgo=", width: 120, height: 120, page: 1, confidence: 0.6 },
  };
  const kept = acceptForm(extraction, true);
  assert.deepEqual(JSON.parse(kept.get("brand")), {
    name: { value: "Harbor & Pine", source: "pdf" }, palette: [], fonts: {},
    logo: { key: "", width: 120, height: 120, source: "pdf", page: 1, confidence: 0.6 },
  });
  assert.equal(JSON.parse(acceptForm(extraction, false).get("brand")).logo, undefined);
  assert.equal((await kept.get("logo").arrayBuffer()).byteLength, 8);
  assert.equal(acceptForm(extraction, false).get("logo"), null);
});
