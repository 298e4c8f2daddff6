/// Counts of what the fake was asked to do, so tests and benchmarks can check what was paid for.
struct FakeFALStats: Sendable {
    var submissions: [String: Int] = [:]
    var streams: [String: Int] = [:]
    var runs: [String: Int] = [:]
    var uploadsInitiated = 0
    var uploads = 0
    var uploadedBytes = 0
    var outputs = 0
    var resultsFetched = 0
    var cancellations = 0
    var webhooksDelivered = 0
    var webhooksFailed = 0
    var faults: [String: Int] = [:]

    /// `GET /_fake/stats`.
    struct Report: Encodable, Sendable {
        let submissions: [String: Int]
        let streams: [String: Int]
        let runs: [String: Int]
        let uploads: Int
        let uploadsInitiated: Int
        let uploadedBytes: Int
        let outputs: Int
        let resultsFetched: Int
        let cancellations: Int
        let webhooks: Webhooks
        let faults: [String: Int]
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
            let resultFetches: Int
            let outcome: String?

            enum CodingKeys: String, CodingKey {
                case requestId = "request_id"
                case model, status, prompt
                case imageURLs = "image_urls"
                case seed, faults
                case cancelRequested = "cancel_requested"
                case resultFetches = "result_fetches"
                case outcome
            }
        }

        enum CodingKeys: String, CodingKey {
            case submissions, streams, runs, uploads
            case uploadsInitiated = "uploads_initiated"
            case uploadedBytes = "uploaded_bytes"
            case outputs
            case resultsFetched = "results_fetched"
            case cancellations, webhooks, faults
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
                cancelRequested: job.cancelRequested, resultFetches: job.resultFetches, outcome: outcome)
        }
        return Report(
            submissions: submissions, streams: streams, runs: runs, uploads: uploads,
            uploadsInitiated: uploadsInitiated,
            uploadedBytes: uploadedBytes, outputs: outputs, resultsFetched: resultsFetched,
            cancellations: cancellations,
            webhooks: .init(delivered: webhooksDelivered, failed: webhooksFailed), faults: faults, byPrompt: byPrompt,
            requests: requests)
    }
}
