// A persona's status as a coloured badge ("Generating portraits", "Ready"...), with a spinner while
// it works: its stage's words when it has them, else the seed's status.
import { h, spinner } from "../dom.js";
import { personaStatus } from "../labels.js";

export function statusBadge(status, stage = null) {
  const { label, tone } = personaStatus(status, stage);
  return h("span", { class: `badge badge-${tone}` }, tone === "progress" ? spinner() : null, label);
}
