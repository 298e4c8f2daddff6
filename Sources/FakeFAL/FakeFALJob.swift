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
    /// Whether a cancel came while the job was queued: it never ran.
    var cancelledInQueue = false
    var outcome: Outcome?
    var logs: [FakeLogEntry] = []
    var resultFetches = 0
    /// Why the input is refused, when the fake validates in the job (`validatesInResult`).
    var refusal: [FakeInputValidation.Problem] = []

    func has(_ kind: FakeFALFault.Kind) -> Bool { faults.contains(kind) }

    /// How the `other_person` and `warp` faults change what the model makes.
    var look: FakeFALModel.Look {
        var look = FakeFALModel.Look()
        for fault in faults {
            switch fault {
            case .otherPerson(let photo): look.otherPersonPhoto = photo
            case .warp(let stretch, let likeness):
                look.stretch = stretch
                look.likeness = likeness
            default: break
            }
        }
        return look
    }

    /// How many pictures the job answers with at most (the `fewer_images` fault), nil for all.
    var pictureLimit: Int? {
        faults.lazy.compactMap { if case .fewerImages(let count) = $0 { count } else { nil } }.first
    }

    /// The queue answered with its id, then forgot it (the `request_lost` fault).
    var isLost: Bool { has(.requestLost) }

    /// What FAL bills: a job that ran and made its output.
    var charged: Bool {
        guard startedAt != nil, case .output = outcome else { return false }
        return true
    }
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

/// The inputs the fake's model reads, from any of the image models' bodies (checked first by
/// `FakeInputValidation`, as strictly as FAL checks them).
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
