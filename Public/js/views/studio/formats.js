// The formats a design can take (GET /api/designs/formats), asked once per page load: the create
// form and every design's heading name them.
import { Designs } from "../../api.js";

let loading = null;

/** [{id, label, width, height}]; a failure is not kept, so the next call asks again. */
export function loadFormats() {
  if (!loading) {
    loading = Designs.formats().then((result) => result.formats || []);
    loading.catch(() => { loading = null; });
  }
  return loading;
}
