import Foundation

/// One event of a `/stream` call, as FAL sent it, with any images it carries picked out. The
/// shape of intermediate events is model-specific and undocumented for gpt-image-1.5, so the
/// raw JSON is kept and images are looked for leniently (`images`, `image`, or OpenAI's
/// `b64_json` partials).
public struct FALStreamEvent: Sendable {
    /// 0 for the first event.
    public let index: Int
    /// The SSE `event:` name, when sent.
    public let name: String?
    /// The `data:` payload (JSON).
    public let data: [UInt8]
    public let images: [FALImageFile]
    /// 0–1 when the event says.
    public let progress: Double?

    init(index: Int, event: ServerSentEvent) {
        self.index = index
        self.name = event.event
        self.data = Array(event.data.utf8)
        let probe = try? JSONDecoder().decode(Probe.self, from: Data(data))
        var images = probe?.images ?? []
        if let image = probe?.image { images.append(image) }
        if let b64 = probe?.b64JSON {
            images.append(
                FALImageFile(
                    url: "data:\(probe?.contentType ?? "image/png");base64,\(b64)",
                    contentType: probe?.contentType ?? "image/png"))
        }
        self.images = images
        self.progress = probe?.progress
    }

    private struct Probe: Decodable {
        let images: [FALImageFile]?
        let image: FALImageFile?
        let b64JSON: String?
        let contentType: String?
        let progress: Double?
        enum CodingKeys: String, CodingKey {
            case images, image
            case b64JSON = "b64_json"
            case contentType = "content_type"
            case progress
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            images = try? c.decodeIfPresent([FALImageFile].self, forKey: .images)
            image = try? c.decodeIfPresent(FALImageFile.self, forKey: .image)
            b64JSON = try? c.decodeIfPresent(String.self, forKey: .b64JSON)
            contentType = try? c.decodeIfPresent(String.self, forKey: .contentType)
            progress = try? c.decodeIfPresent(Double.self, forKey: .progress)
        }
    }
}
