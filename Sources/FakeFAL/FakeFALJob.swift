import Foundation

/// One queued request as the fake tracks it.
struct FakeFALJob: Sendable {
    enum Phase: String, Sendable {
        case queued = "IN_QUEUE"
        case running = "IN_PROGRESS"
        case completed = "COMPLETED"
    }

    /// How a finished job ended: its output JSON, or an error answer for the result fetch.
    enum Outcome: Sendable {
        case output([UInt8])
        case error(status: Int, body: [UInt8], errorType: String?, retryable: Bool)
    }

    let id: String
    let model: String
    /// Owner/app: what the `requests` paths use.
    let requestsBase: String
    let input: FakeModelInput
    let faults: [FakeFALFault.Kind]
    let webhookURL: String?
    let submittedAt: Date
    var phase: Phase = .queued
    var startedAt: Date?
    var finishedAt: Date?
    var cancelRequested = false
    var outcome: Outcome?
    var logs: [FakeLogEntry] = []
    var resultFetches = 0

    func has(_ kind: FakeFALFault.Kind) -> Bool { faults.contains(kind) }
}

struct FakeLogEntry: Sendable, Encodable {
    let message: String
    let level: String
    let source = "USER"
    let timestamp: String

    init(_ message: String, level: String = "INFO") {
        self.message = message
        self.level = level
        self.timestamp = ISO8601DateFormatter().string(from: Date())
    }
}

/// The inputs the fake's model reads, from any of the image models' bodies (the fake is
/// deliberately lenient: a strict fake would only test itself).
struct FakeModelInput: Sendable, Codable {
    var prompt: String?
    var imageURLs: [String]?
    var numImages: Int?
    var seed: Int64?
    var outputFormat: String?
    var syncMode: Bool?
    var aspectRatio: String?
    var resolution: String?
    var imageSize: String?

    enum CodingKeys: String, CodingKey {
        case prompt
        case imageURLs = "image_urls"
        case numImages = "num_images"
        case seed
        case outputFormat = "output_format"
        case syncMode = "sync_mode"
        case aspectRatio = "aspect_ratio"
        case resolution
        case imageSize = "image_size"
    }
}
