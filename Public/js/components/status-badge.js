// A persona's status as a coloured badge ("Analysing", "Ready"...), with a spinner while it works.
import { h, spinner } from "../dom.js";
import { personaStatus } from "../labels.js";

export function statusBadge(status) {
  const { label, tone } = personaStatus(status);
  return h("span", { class: `badge badge-${tone}` }, tone === "progress" ? spinner() : null, label);
}
