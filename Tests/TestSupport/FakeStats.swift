/// `GET /_fake/stats` of the fake FAL, as a test reads it: what was submitted, uploaded,
/// cancelled, charged and delivered, so a test can check what was paid for.
public struct FakeStats: Decodable, Sendable {
    public struct Request: Decodable, Sendable {
        public let requestId: String
        public let imageURLs: [String]
        public let cancelRequested: Bool
        /// Ran and made its output: what FAL bills.
        public let charged: Bool
        public let resultFetches: Int
        /// `ok`, `error <status> <type>`, or nil while unfinished.
        public let outcome: String?

        enum CodingKeys: String, CodingKey {
            case requestId = "request_id"
            case imageURLs = "image_urls"
            case cancelRequested = "cancel_requested"
            case charged
            case resultFetches = "result_fetches"
            case outcome
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
    /// Uploads that took the `initiate` + PUT way.
    public let uploadsInitiated: Int
    /// CDN tokens handed out, and uploads made with one.
    public let uploadTokens: Int
    public let uploadsByToken: Int
    public let uploadedBytes: Int
    public let resultsFetched: Int
    public let cancellations: Int
    /// Jobs that ran and made their output, per model: what would be billed.
    public let charged: [String: Int]
    /// Of those, the ones a cancel reached while they ran (FAL lets them finish).
    public let chargedAfterCancel: Int
    /// Inputs refused with a 422 before anything was queued, per model.
    public let rejectedInputs: [String: Int]
    public let webhooks: Webhooks
    /// Hits per fault kind.
    public let faults: [String: Int]
    /// Expiry asked for: `upload <seconds>` / `output <seconds>` (or `… none`), each counted.
    public let lifecycles: [String: Int]
    public let requests: [Request]

    enum CodingKeys: String, CodingKey {
        case submissions, streams, runs, uploads
        case uploadsInitiated = "uploads_initiated"
        case uploadTokens = "upload_tokens"
        case uploadsByToken = "uploads_by_token"
        case uploadedBytes = "uploaded_bytes"
        case resultsFetched = "results_fetched"
        case cancellations, charged
        case chargedAfterCancel = "charged_after_cancel"
        case rejectedInputs = "rejected_inputs"
        case webhooks, faults, lifecycles, requests
    }
}
