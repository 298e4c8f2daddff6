// Option A of sub-step 1.2, the pure part: checking a chosen file before it is sent, turning the
// extraction's logo (a data: URL) back into a file to accept, and the words the review shows for
// how sure each value is. The server reads the PDF (POST /api/brand/extract) and stores nothing
// until the user accepts (POST /api/brand/accept).

export const MAX_PDF_BYTES = 20 * 1024 * 1024;
export const MAX_PDF_PAGES = 40;

/** Why this file can't be sent, or null. The server sniffs the bytes too; this only saves a wait. */
export function pdfFileProblem(file) {
  if (!file) return "Choose a PDF file.";
  const name = (file.name || "").toLowerCase();
  const looksPdf = file.type === "application/pdf" || name.endsWith(".pdf");
  if (!looksPdf) return `${file.name || "This file"} is not a PDF. Export your brand guidelines as a PDF.`;
  if (file.size > MAX_PDF_BYTES) {
    return `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the limit is 20 MB. Export a smaller copy.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

/** "data:image/png;base64,…" → a Blob of its bytes (null for anything else). */
export function dataURLToBlob(dataURL) {
  const match = /^data:([\w/+.-]+);base64,([A-Za-z0-9+/=]*)$/.exec(dataURL || "");
  if (!match) return null;
  const binary = atob(match[2]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: match[1] });
}

/** How sure the extraction is, in words: codes written in the PDF are sure, swatches likely, the rest guesses. */
export function confidenceLabel(confidence) {
  if (typeof confidence !== "number") return "";
  if (confidence >= 0.9) return "written in your PDF";
  if (confidence >= 0.6) return "likely";
  return "a guess: check it";
}

/** What the review lists: a line per found field, and what was not found. */
export function extractionSummary(extraction) {
  const brand = (extraction && extraction.brand) || {};
  const found = [];
  const missing = [];
  if (brand.name) found.push("name"); else missing.push("name");
  if ((brand.palette || []).length) found.push("colours"); else missing.push("colours");
  if (brand.fonts && (brand.fonts.heading || brand.fonts.body)) found.push("fonts"); else missing.push("fonts");
  if (extraction && extraction.logo) found.push("logo"); else missing.push("logo");
  if (brand.voice) found.push("voice"); else missing.push("voice");
  if (brand.audience) found.push("audience"); else missing.push("audience");
  return { found, missing };
}

/** The multipart body that accepts an extraction: the brand as JSON, and the logo if kept. */
export function acceptForm(extraction, keepLogo) {
  const form = new FormData();
  const brand = { ...extraction.brand };
  delete brand.logo;
  const logo = keepLogo && extraction.logo ? dataURLToBlob(extraction.logo.dataURL) : null;
  if (logo) {
    // Where the logo came from travels with the record; the server stores the file and its size.
    const { width, height, page, confidence } = extraction.logo;
    brand.logo = { key: "", width, height, source: "pdf", page, confidence };
  }
  form.append("brand", JSON.stringify(brand));
  if (logo) form.append("logo", logo, "logo.png");
  return form;
}
