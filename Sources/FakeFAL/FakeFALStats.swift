/// Counts of what the fake was asked to do, so tests and benchmarks can check what was paid for.
struct FakeFALStats: Sendable {
    var submissions: [String: Int] = [:]
    var streams: [String: Int] = [:]
    var runs: [String: Int] = [:]
    var uploadsInitiated = 0
    var uploadTokens = 0
    var uploadsByToken = 0
    var uploads = 0
    var uploadedBytes = 0
    var outputs = 0
    var resultsFetched = 0
    var cancellations = 0
    /// Jobs that ran and made their output: what FAL bills.
    var charged: [String: Int] = [:]
    /// Of those, the ones a cancel reached while they ran (FAL lets them finish, and bills them).
    var chargedAfterCancel = 0
    /// Inputs refused with a 422 before anything was queued.
    var rejectedInputs: [String: Int] = [:]
    var webhooksDelivered = 0
    var webhooksFailed = 0
    var faults: [String: Int] = [:]
    /// Expiry asked for, as `upload <seconds>` (storage uploads) or `output <seconds>` (queue
    /// submissions), each counted; `… none` when a call asked for none.
    var lifecycles: [String: Int] = [:]

    /// `GET /_fake/stats`.
    struct Report: Encodable, Sendable {
        let submissions: [String: Int]
        let streams: [String: Int]
        let runs: [String: Int]
        let uploads: Int
        let uploadsInitiated: Int
        let uploadTokens: Int
        let uploadsByToken: Int
        let uploadedBytes: Int
        let outputs: Int
        let resultsFetched: Int
        let cancellations: Int
        let charged: [String: Int]
        let chargedAfterCancel: Int
        let rejectedInputs: [String: Int]
        let webhooks: Webhooks
        let faults: [String: Int]
        let lifecycles: [String: Int]
        /// Submissions per prompt, to count what each scenario cost.
        let byPrompt: [String: Int]
        let requests: [Request]

        struct Webhooks: Encodable, Sendable {
            let delivered: Int
            let failed: Int
        }

        struct Request: Encodable, Sendable {
            let requestId: String
            let model: String
            let status: String
            let prompt: String
            let imageURLs: [String]
            let seed: Int64?
            let faults: [String]
            let cancelRequested: Bool
            let charged: Bool
            let resultFetches: Int
            let outcome: String?
            /// When the job left the queue and when it completed (epoch seconds), for timing what
            /// a client makes of them.
            let startedAt: Double?
            let finishedAt: Double?

            enum CodingKeys: String, CodingKey {
                case requestId = "request_id"
                case model, status, prompt
                case imageURLs = "image_urls"
                case seed, faults
                case cancelRequested = "cancel_requested"
                case charged
                case resultFetches = "result_fetches"
                case outcome
                case startedAt = "started_at"
                case finishedAt = "finished_at"
            }
        }

        enum CodingKeys: String, CodingKey {
            case submissions, streams, runs, uploads
            case uploadsInitiated = "uploads_initiated"
            case uploadTokens = "upload_tokens"
            case uploadsByToken = "uploads_by_token"
            case uploadedBytes = "uploaded_bytes"
            case outputs
            case resultsFetched = "results_fetched"
            case cancellations, charged
            case chargedAfterCancel = "charged_after_cancel"
            case rejectedInputs = "rejected_inputs"
            case webhooks, faults, lifecycles
            case byPrompt = "by_prompt"
            case requests
        }
    }

    func report(jobs: [FakeFALJob]) -> Report {
        var byPrompt: [String: Int] = [:]
        for job in jobs { byPrompt[job.input.prompt ?? "", default: 0] += 1 }
        let requests = jobs.suffix(1000).map { job -> Report.Request in
            let outcome: String? =
                switch job.outcome {
                case .output: "ok"
                case .error(let status, _, let type, _): "error \(status)\(type.map { " \($0)" } ?? "")"
                case nil: nil
                }
            return Report.Request(
                requestId: job.id, model: job.model, status: job.phase.rawValue, prompt: job.input.prompt ?? "",
                imageURLs: job.input.imageURLs ?? [], seed: job.input.seed, faults: job.faults.map(\.name),
                cancelRequested: job.cancelRequested, charged: job.charged, resultFetches: job.resultFetches,
                outcome: outcome, startedAt: job.startedAt?.timeIntervalSince1970,
                finishedAt: job.finishedAt?.timeIntervalSince1970)
        }
        return Report(
            submissions: submissions, streams: streams, runs: runs, uploads: uploads,
            uploadsInitiated: uploadsInitiated, uploadTokens: uploadTokens, uploadsByToken: uploadsByToken,
            uploadedBytes: uploadedBytes, outputs: outputs, resultsFetched: resultsFetched,
            cancellations: cancellations, charged: charged, chargedAfterCancel: chargedAfterCancel,
            rejectedInputs: rejectedInputs,
            webhooks: .init(delivered: webhooksDelivered, failed: webhooksFailed), faults: faults,
            lifecycles: lifecycles, byPrompt: byPrompt,
            requests: requests)
    }
}
