// A persona's badge (Public/js/labels.js): the seed's status, or our finer stage while under way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { personaStatus } from "../../Public/js/labels.js";

test("under way, the stage speaks; once finished, the status does", () => {
  assert.deepEqual(personaStatus("analyzing", "generating"), { label: "Generating portraits", tone: "progress" });
  assert.deepEqual(personaStatus("pending_upload", "uploading"), { label: "Waiting for photos", tone: "neutral" });
  assert.equal(personaStatus("analyzing").label, "Analysing");
  // A live persona_ready moves the status before any stage arrives.
  assert.deepEqual(personaStatus("ready", "generating"), { label: "Ready", tone: "success" });
  assert.deepEqual(personaStatus("failed", "generating"), { label: "Failed", tone: "danger" });
  assert.equal(personaStatus("made_up").label, "made_up");
});
