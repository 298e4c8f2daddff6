/// Model ids, and how an id maps to the queue's `requests` paths.
public enum FALModel {
    public static let nanoBananaProEdit = "fal-ai/nano-banana-pro/edit"
    public static let nanoBananaPro = "fal-ai/nano-banana-pro"
    public static let gptImage15Edit = "fal-ai/gpt-image-1.5/edit"
    public static let gptImage15 = "fal-ai/gpt-image-1.5"

    /// Namespaces whose ids keep three parts before `/requests` (fal-js `ENDPOINT_NAMESPACES`).
    static let threePartNamespaces: Set<String> = ["workflows", "comfy"]

    /// The part of a model id that status, result and cancel URLs use: owner/app without the
    /// sub-path (`fal-ai/nano-banana-pro/edit` → `fal-ai/nano-banana-pro`).
    public static func requestsBase(of model: String) -> String {
        let parts = model.split(separator: "/", omittingEmptySubsequences: true)
        let kept = threePartNamespaces.contains(String(parts.first ?? "")) ? 3 : 2
        return parts.prefix(kept).joined(separator: "/")
    }
}
