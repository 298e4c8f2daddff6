// Option A of sub-step 1.2: the brand guidelines as a PDF. Choosing or dropping a file sends it to
// POST /api/brand/extract, which reads it and stores nothing; what it found is shown for review
// (colours with where they came from and how sure, fonts set in themselves, the logo on a checkered
// ground, voice, audience, guidelines, what was not found). The wizard accepts it (POST
// /api/brand/accept) with "Use this brand"; every field can be changed later in step 2.
//
//   const upload = createBrandPdfUpload({ onChange });  card.append(upload.el)
//   upload.extraction() → the extraction or null, upload.keepLogo() → bool, upload.showError(error)
import { Brand } from "../api.js";
import { h, icon, isTouchDevice, spinner, uniqueId } from "../dom.js";
import { ROLE_LABELS, fontStack, readableOn } from "../brand-form.js";
import { confidenceLabel, extractionSummary, pdfFileProblem } from "../brand-pdf.js";

export function createBrandPdfUpload({ onChange = () => {} } = {}) {
  let extraction = null;
  let fileName = "";
  let busy = false;
  const inputId = uniqueId("brand-pdf");
  // Labelled by name too: the drop zone (its visible label) is hidden while a PDF is read and reviewed.
  const input = h("input", { id: inputId, class: "visually-hidden", type: "file", accept: "application/pdf,.pdf",
    "aria-label": "Brand guidelines (PDF)", "aria-describedby": `${inputId}-hint` });
  const touch = isTouchDevice();
  const dropzone = h("label", { class: "dropzone dropzone--pdf", for: inputId },
    h("span", { class: "dropzone__icon", "aria-hidden": "true" }, icon("upload", { size: 26 })),
    // Nothing to drag on a phone (as the photo picker says).
    touch
      ? h("span", { class: "dropzone__title" }, h("span", { class: "link-like" }, "Choose your brand guidelines"), " (PDF)")
      : h("span", { class: "dropzone__title" }, "Drop your brand guidelines here"),
    touch ? null : h("span", { class: "dropzone__or" }, "or ", h("span", { class: "link-like" }, "choose a PDF"), " from your device"),
    h("span", { class: "dropzone__hint", id: `${inputId}-hint` },
      "One PDF, up to 20 MB and 40 pages. We read its colours, fonts, logo and voice; nothing is saved until you say so."));
  const status = h("div", { class: "brand-pdf__status", role: "status", "aria-live": "polite" });
  const error = h("div", { class: "form-error", role: "alert", hidden: true });
  const review = h("div", { class: "brand-pdf__review" });
  const el = h("div", { class: "brand-pdf" }, input, dropzone, status, error, review);
  const keepLogoInput = h("input", { type: "checkbox", checked: true, id: uniqueId("keep-logo") });

  input.addEventListener("change", () => { if (input.files && input.files[0]) read(input.files[0]); input.value = ""; });
  dropzone.addEventListener("dragover", (event) => { event.preventDefault(); dropzone.classList.add("is-dragging"); });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("is-dragging"));
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropzone.classList.remove("is-dragging");
    const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) read(file);
  });

  function showError(err) {
    error.replaceChildren(icon("alert"), h("span", {}, err.message || String(err)));
    error.hidden = false;
  }

  async function read(file) {
    if (busy) return;
    error.hidden = true;
    const problem = pdfFileProblem(file);
    if (problem) { showError({ message: problem }); return; }
    busy = true;
    extraction = null;
    review.replaceChildren();
    dropzone.hidden = true;
    status.replaceChildren(spinner(), h("span", {}, `Reading ${file.name}…`));
    onChange();
    try {
      const form = new FormData();
      form.append("pdf", file, file.name);
      extraction = (await Brand.extract(form)).extraction;
      fileName = file.name;
      status.replaceChildren();
      drawReview();
    } catch (err) {
      status.replaceChildren();
      dropzone.hidden = false;
      showError(err);
    } finally {
      busy = false;
      onChange();
    }
  }

  function field(label, value, detail) {
    if (!value) return null;
    return h("div", { class: "brand-pdf__field" }, h("dt", {}, label), h("dd", {}, value, detail ? h("span", { class: "muted" }, ` · ${detail}`) : null));
  }

  function where(item) {
    const parts = [];
    if (item && item.page) parts.push(`page ${item.page}`);
    const sure = item && confidenceLabel(item.confidence);
    if (sure) parts.push(sure);
    return parts.join(", ");
  }

  function drawReview() {
    const brand = extraction.brand;
    const { missing } = extractionSummary(extraction);
    const swatches = h("ul", { class: "swatches", "aria-label": "Colours found" }, (brand.palette || []).map((colour) =>
      h("li", { class: "swatch", style: `background:${colour.hex};color:${readableOn(colour.hex)}` },
        h("span", { class: "swatch__role" }, ROLE_LABELS[colour.role] || colour.role),
        colour.name ? h("span", {}, colour.name) : null,
        h("span", { class: "swatch__hex" }, colour.hex),
        h("span", { class: "swatch__where" }, where(colour)))));
    const fonts = brand.fonts || {};
    const fontLine = (font) => font
      ? h("span", { style: `font-family:${fontStack(font)}` }, font.family, font.weight ? ` ${font.weight}` : "") : null;
    const logo = extraction.logo
      ? h("div", { class: "brand-pdf__logo" },
        h("img", { src: extraction.logo.dataURL, alt: `The logo found on page ${extraction.logo.page}`, width: String(Math.min(160, extraction.logo.width)) }),
        h("label", { class: "checkbox", for: keepLogoInput.id }, keepLogoInput, " Use this logo"))
      : null;
    const guidelines = brand.guidelines;
    // The DOM's replaceChildren writes null as the text "null": the absent parts are left out first.
    review.replaceChildren(...[
      h("h3", { class: "brand-pdf__title" }, icon("check"), ` From ${fileName} (${extraction.pages} page${extraction.pages === 1 ? "" : "s"})`),
      (extraction.warnings || []).length ? h("ul", { class: "brand-pdf__warnings" }, extraction.warnings.map((w) => h("li", {}, w))) : null,
      swatches,
      h("dl", { class: "brand-pdf__fields" },
        field("Name", brand.name && brand.name.value, where(brand.name)),
        field("Headings", fontLine(fonts.heading)),
        field("Body text", fontLine(fonts.body)),
        field("Voice", brand.voice && brand.voice.text, where(brand.voice)),
        field("Audience", brand.audience && brand.audience.value, where(brand.audience)),
        field("Tagline", guidelines && guidelines.tagline),
        field("Do", guidelines && guidelines.dos && guidelines.dos.length ? guidelines.dos.join(" · ") : null),
        field("Don't", guidelines && guidelines.donts && guidelines.donts.length ? guidelines.donts.join(" · ") : null)),
      logo,
      missing.length ? h("p", { class: "field-hint" }, `Not found: ${missing.join(", ")}. Add them in step 2, "Review your brand".`) : null,
      h("button", { type: "button", class: "btn btn-secondary btn-sm", onclick: () => { extraction = null; review.replaceChildren(); dropzone.hidden = false; onChange(); input.click(); } },
        "Choose a different PDF"),
    ].filter(Boolean));
  }

  return {
    el,
    extraction: () => extraction,
    keepLogo: () => keepLogoInput.checked,
    busy: () => busy,
    showError,
    focus: () => input.focus(),
  };
}
