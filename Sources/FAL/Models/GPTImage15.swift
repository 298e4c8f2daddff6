/// Input of `fal-ai/gpt-image-1.5/edit` (fal-api.md §4).
public struct GPTImage15EditInput: Sendable, Equatable, Codable {
    public var prompt: String
    public var imageURLs: [String]
    /// `auto` (default), `1024x1024`, `1536x1024`, `1024x1536`.
    public var imageSize: String?
    /// `low`, `medium`, `high` (default).
    public var quality: String?
    /// `auto`, `transparent`, `opaque`.
    public var background: String?
    /// `low`, `high` (default): how closely the output keeps the input images.
    public var inputFidelity: String?
    /// The mask field is `mask_image_url`, not `mask`.
    public var maskImageURL: String?
    /// 1–4.
    public var numImages: Int?
    public var outputFormat: FALOutputFormat?
    public var syncMode: Bool?

    public init(
        prompt: String, imageURLs: [String], imageSize: String? = nil, quality: String? = nil,
        background: String? = nil,
        inputFidelity: String? = nil, maskImageURL: String? = nil, numImages: Int? = nil,
        outputFormat: FALOutputFormat? = nil,
        syncMode: Bool? = nil
    ) {
        self.prompt = prompt
        self.imageURLs = imageURLs
        self.imageSize = imageSize
        self.quality = quality
        self.background = background
        self.inputFidelity = inputFidelity
        self.maskImageURL = maskImageURL
        self.numImages = numImages
        self.outputFormat = outputFormat
        self.syncMode = syncMode
    }

    enum CodingKeys: String, CodingKey {
        case prompt
        case imageURLs = "image_urls"
        case imageSize = "image_size"
        case quality, background
        case inputFidelity = "input_fidelity"
        case maskImageURL = "mask_image_url"
        case numImages = "num_images"
        case outputFormat = "output_format"
        case syncMode = "sync_mode"
    }
}

/// Input of `fal-ai/gpt-image-1.5` (text to image): no references, no fidelity, no mask, and
/// `image_size` has no `auto` (default `1024x1024`).
public struct GPTImage15Input: Sendable, Equatable, Codable {
    public var prompt: String
    public var imageSize: String?
    public var quality: String?
    public var background: String?
    public var numImages: Int?
    public var outputFormat: FALOutputFormat?
    public var syncMode: Bool?

    public init(
        prompt: String, imageSize: String? = nil, quality: String? = nil, background: String? = nil,
        numImages: Int? = nil,
        outputFormat: FALOutputFormat? = nil, syncMode: Bool? = nil
    ) {
        self.prompt = prompt
        self.imageSize = imageSize
        self.quality = quality
        self.background = background
        self.numImages = numImages
        self.outputFormat = outputFormat
        self.syncMode = syncMode
    }

    enum CodingKeys: String, CodingKey {
        case prompt
        case imageSize = "image_size"
        case quality, background
        case numImages = "num_images"
        case outputFormat = "output_format"
        case syncMode = "sync_mode"
    }
}

/// Output of both gpt-image-1.5 endpoints: `{images}`, no description.
public struct GPTImage15Output: Sendable, Equatable, Codable {
    public let images: [FALImageFile]
    public init(images: [FALImageFile]) { self.images = images }
}

extension FALPriceTable {
    /// Per-image price by quality and size. `auto` size is charged as the dearest size of that
    /// quality (we cannot know which FAL picks); token charges on top are not counted.
    public func charge(for input: GPTImage15EditInput, model: String = FALModel.gptImage15Edit) -> FALCharge {
        gptCharge(model: model, quality: input.quality, size: input.imageSize ?? "auto", units: input.numImages ?? 1)
    }

    public func charge(for input: GPTImage15Input, model: String = FALModel.gptImage15) -> FALCharge {
        gptCharge(
            model: model, quality: input.quality, size: input.imageSize ?? "1024x1024", units: input.numImages ?? 1)
    }

    private func gptCharge(model: String, quality: String?, size: String, units: Int) -> FALCharge {
        let quality = quality ?? "high"
        let sizes = size == "auto" ? ["1024x1024", "1024x1536", "1536x1024"] : [size]
        let price = sizes.compactMap { unitPrice(model: model, tier: "\(quality)/\($0)") }.max() ?? 0
        return FALCharge(model: model, tier: "\(quality)/\(size)", unitPriceUSD: price, units: units)
    }
}
