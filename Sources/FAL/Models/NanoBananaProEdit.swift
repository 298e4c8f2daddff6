/// Input of `fal-ai/nano-banana-pro/edit` (fal-api.md §3). Optional fields left nil are not
/// sent, so FAL's defaults apply.
public struct NanoBananaProEditInput: Sendable, Equatable, Codable {
    public enum Resolution: String, Sendable, Codable {
        case oneK = "1K"
        case twoK = "2K"
        case fourK = "4K"
    }

    public var prompt: String
    /// Reference images: URLs (e.g. uploaded `file_url`s) or data URIs. The maximum count is unconfirmed.
    public var imageURLs: [String]
    /// 1–4.
    public var numImages: Int?
    /// `auto`, `21:9`, `16:9`, `3:2`, `4:3`, `5:4`, `1:1`, `4:5`, `3:4`, `2:3`, `9:16`.
    public var aspectRatio: String?
    public var outputFormat: FALOutputFormat?
    public var resolution: Resolution?
    public var seed: Int?
    /// `"1"` (strictest) to `"6"`, a string.
    public var safetyTolerance: String?
    /// Outputs come back as data URIs and stay out of FAL's request history.
    public var syncMode: Bool?
    public var enableWebSearch: Bool?
    public var limitGenerations: Bool?
    public var systemPrompt: String?

    public init(
        prompt: String, imageURLs: [String], numImages: Int? = nil, aspectRatio: String? = nil,
        outputFormat: FALOutputFormat? = nil,
        resolution: Resolution? = nil, seed: Int? = nil, safetyTolerance: String? = nil, syncMode: Bool? = nil,
        enableWebSearch: Bool? = nil, limitGenerations: Bool? = nil, systemPrompt: String? = nil
    ) {
        self.prompt = prompt
        self.imageURLs = imageURLs
        self.numImages = numImages
        self.aspectRatio = aspectRatio
        self.outputFormat = outputFormat
        self.resolution = resolution
        self.seed = seed
        self.safetyTolerance = safetyTolerance
        self.syncMode = syncMode
        self.enableWebSearch = enableWebSearch
        self.limitGenerations = limitGenerations
        self.systemPrompt = systemPrompt
    }

    enum CodingKeys: String, CodingKey {
        case prompt
        case imageURLs = "image_urls"
        case numImages = "num_images"
        case aspectRatio = "aspect_ratio"
        case outputFormat = "output_format"
        case resolution, seed
        case safetyTolerance = "safety_tolerance"
        case syncMode = "sync_mode"
        case enableWebSearch = "enable_web_search"
        case limitGenerations = "limit_generations"
        case systemPrompt = "system_prompt"
    }
}

/// Output of nano-banana-pro (and nano-banana) edit: `{images, description}`. `description` is
/// documented as required but decoded as optional, so a missing one costs nothing.
public struct NanoBananaProOutput: Sendable, Equatable, Codable {
    public let images: [FALImageFile]
    public let description: String?

    public init(images: [FALImageFile], description: String? = nil) {
        self.images = images
        self.description = description
    }
}

public enum FALOutputFormat: String, Sendable, Codable { case jpeg, png, webp }

extension FALPriceTable {
    /// One call's cost for the ledger: the unit price for the resolution times the images asked for.
    public func charge(for input: NanoBananaProEditInput, model: String = FALModel.nanoBananaProEdit) -> FALCharge {
        let tier = (input.resolution ?? .oneK).rawValue
        let extra = input.enableWebSearch == true ? 0.015 : 0
        return FALCharge(
            model: model, tier: tier, unitPriceUSD: (unitPrice(model: model, tier: tier) ?? 0) + extra,
            units: input.numImages ?? 1)
    }
}
