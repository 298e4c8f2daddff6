/// `GET /_fake/stats` of the fake FAL, as a test reads it: what was submitted, uploaded,
/// cancelled and delivered, so a test can check what was paid for.
public struct FakeStats: Decodable, Sendable {
    public struct Request: Decodable, Sendable {
        public let imageURLs: [String]
        public let cancelRequested: Bool

        enum CodingKeys: String, CodingKey {
            case imageURLs = "image_urls"
            case cancelRequested = "cancel_requested"
        }
    }

    public struct Webhooks: Decodable, Sendable {
        public let delivered: Int
        public let failed: Int
    }

    /// Queue submissions per model.
    public let submissions: [String: Int]
    public let streams: [String: Int]
    public let runs: [String: Int]
    public let uploads: Int
    public let uploadedBytes: Int
    public let resultsFetched: Int
    public let cancellations: Int
    public let webhooks: Webhooks
    /// Hits per fault kind.
    public let faults: [String: Int]
    public let requests: [Request]

    enum CodingKeys: String, CodingKey {
        case submissions, streams, runs, uploads
        case uploadedBytes = "uploaded_bytes"
        case resultsFetched = "results_fetched"
        case cancellations, webhooks, faults, requests
    }
}
