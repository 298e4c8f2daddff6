import Foundation

/// A submitted queue request: its id and where to ask about it. Codable, so a caller can store it
/// with its job *before* waiting and resume after a restart without paying for a second submit.
public struct FALQueueRequest: Sendable, Codable, Equatable {
    public let model: String
    public let requestId: String
    public let statusURL: String
    public let responseURL: String
    public let cancelURL: String
    /// Equal to `requestId` unless FAL retried the request (fal-api.md, webhooks).
    public let gatewayRequestId: String?
    /// The position in the queue at submit time, when FAL said.
    public let queuePosition: Int?

    public init(
        model: String, requestId: String, statusURL: String, responseURL: String, cancelURL: String,
        gatewayRequestId: String? = nil, queuePosition: Int? = nil
    ) {
        self.model = model
        self.requestId = requestId
        self.statusURL = statusURL
        self.responseURL = responseURL
        self.cancelURL = cancelURL
        self.gatewayRequestId = gatewayRequestId
        self.queuePosition = queuePosition
    }

    /// Rebuilds the URLs from a stored id (FAL advises using the submit answer's URLs, which is
    /// what `submit` does; this is the fallback when only the id was kept, or the answer lacked them).
    public init(model: String, requestId: String, queueURL: String) {
        let base = "\(FALConfiguration.trimmed(queueURL))/\(FALModel.requestsBase(of: model))/requests/\(requestId)"
        self.init(
            model: model, requestId: requestId, statusURL: base + "/status", responseURL: base,
            cancelURL: base + "/cancel")
    }
}

/// The submit answer: `{status: "IN_QUEUE", request_id, response_url, status_url, cancel_url,
/// queue_position, gateway_request_id?, logs?, metrics?}`; only `request_id` is relied on.
struct FALSubmitAnswer: Decodable {
    let requestId: String
    let responseURL: String?
    let statusURL: String?
    let cancelURL: String?
    let gatewayRequestId: String?
    let queuePosition: Int?

    enum CodingKeys: String, CodingKey {
        case requestId = "request_id"
        case responseURL = "response_url"
        case statusURL = "status_url"
        case cancelURL = "cancel_url"
        case gatewayRequestId = "gateway_request_id"
        case queuePosition = "queue_position"
    }

    func request(model: String, queueURL: String) -> FALQueueRequest {
        let built = FALQueueRequest(model: model, requestId: requestId, queueURL: queueURL)
        return FALQueueRequest(
            model: model, requestId: requestId, statusURL: statusURL ?? built.statusURL,
            responseURL: responseURL ?? built.responseURL, cancelURL: cancelURL ?? built.cancelURL,
            gatewayRequestId: gatewayRequestId, queuePosition: queuePosition)
    }
}

/// What a cancel achieved. FAL documents `202 CANCELLATION_REQUESTED`, `400 ALREADY_COMPLETED`
/// and `NOT_FOUND`; older specs `200 {"success": bool}`. All are accepted.
public enum FALCancelOutcome: Sendable, Equatable {
    case requested
    case alreadyCompleted
    case notFound
}

/// A decoded model output with the id FAL gave it (`x-fal-request-id`).
public struct FALResult<Output: Sendable>: Sendable {
    public let output: Output
    public let requestId: String?
    public init(output: Output, requestId: String?) {
        self.output = output
        self.requestId = requestId
    }
}
