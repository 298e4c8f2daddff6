import Foundation

/// A non-success answer from FAL, parsed. Two body shapes exist (fal-api.md, "Error shapes"):
/// model and validation errors `{"detail": [{loc, msg, type, …}]}` (usually 422; `detail` may also
/// be a plain string), and infrastructure errors `{"detail": "…", "error_type": "…"}` whose type
/// is also in `X-Fal-Error-Type`.
public struct FALAPIError: Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// `x-fal-request-id`.
    public let requestId: String?
    /// The flat `error_type` (or the `X-Fal-Error-Type` header): `request_timeout`, `runner_disconnected`, …
    public let errorType: String?
    /// The flat `detail` message, when `detail` was a string.
    public let message: String?
    /// The entries of a `detail` list; branch on their `type`, not on `msg`.
    public let fieldErrors: [FALFieldError]
    /// `X-Fal-Retryable` (or the older `X-Fal-Needs-Retry`), when sent.
    public let retryableHeader: Bool?
    /// `X-Fal-Request-Timeout-Type`: `user` when the caller's own start timeout expired.
    public let timeoutType: String?
    /// The body as received (cut to 2 KB), for logs when nothing above explains it.
    public let rawBody: String

    public init(
        status: Int, requestId: String? = nil, errorType: String? = nil, message: String? = nil,
        fieldErrors: [FALFieldError] = [],
        retryableHeader: Bool? = nil, timeoutType: String? = nil, rawBody: String = ""
    ) {
        self.status = status
        self.requestId = requestId
        self.errorType = errorType
        self.message = message
        self.fieldErrors = fieldErrors
        self.retryableHeader = retryableHeader
        self.timeoutType = timeoutType
        self.rawBody = rawBody
    }

    /// Parses an answer; `header` looks a header up case-insensitively.
    public init(status: Int, header: (String) -> String?, body: [UInt8]) {
        let parsed = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        var fieldErrors = parsed?.detailList ?? []
        // fal-js turns a plain-string detail on a 422 into one field error; do the same so a
        // caller can always branch on `type`.
        if fieldErrors.isEmpty, status == 422, let text = parsed?.detailText {
            fieldErrors = [FALFieldError(loc: ["body"], msg: text, type: parsed?.errorType ?? "value_error")]
        }
        self.init(
            status: status,
            requestId: header("x-fal-request-id"),
            errorType: parsed?.errorType ?? header("x-fal-error-type"),
            message: parsed?.detailText ?? parsed?.error,
            fieldErrors: fieldErrors,
            retryableHeader: (header("x-fal-retryable") ?? header("x-fal-needs-retry")).flatMap(Self.bool),
            timeoutType: header("x-fal-request-timeout-type"),
            rawBody: String(decoding: body.prefix(2048), as: UTF8.self))
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// Status codes fal-js retries; FAL's own queue retries the same.
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// Worth sending the same HTTP call again: rate limits and gateway trouble (fal-js
    /// `retry.ts`), never a 504 the caller's own start timeout caused. `X-Fal-Retryable` does
    /// not count: it speaks of *submitting* again (see `submittingAgainMayHelp`), and neither
    /// official client re-sends a call because of it.
    public var isRetryable: Bool {
        if status == 504, timeoutType == "user" { return false }
        return Self.retryableStatuses.contains(status)
    }

    /// FAL's `X-Fal-Retryable: true`: "retrying the exact same request might succeed". For a
    /// failed job that means a new submission (a new charge) may work; a caller decides.
    public var submittingAgainMayHelp: Bool { retryableHeader == true }

    /// A read (status, result) that failed this way may succeed later; fal-js retries status
    /// reads on 500 as well. Only for answers that are not the job's own outcome.
    var isTransientRead: Bool { isRetryable || status == 500 || status == 408 }

    /// The error's type: the first field error's, else the flat one.
    public var type: String? { fieldErrors.first?.type ?? errorType }

    public var isContentPolicyViolation: Bool {
        fieldErrors.contains { $0.type == "content_policy_violation" } || errorType == "content_policy_violation"
    }

    public var code: String { type ?? "fal_http_\(status)" }

    /// What a person reads: the field messages, else the flat message, else the status.
    public var summary: String {
        if !fieldErrors.isEmpty { return fieldErrors.map(\.description).joined(separator: "; ") }
        if let message, !message.isEmpty { return message }
        return rawBody.isEmpty ? "HTTP \(status)" : rawBody
    }

    public var description: String {
        "FAL answered \(status)\(type.map { " (\($0))" } ?? ""): \(summary)\(requestId.map { " [request \($0)]" } ?? "")"
    }

    /// Both shapes at once: whichever fields are present are kept.
    private struct ErrorBody: Decodable {
        var detailList: [FALFieldError]?
        var detailText: String?
        var errorType: String?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case detail
            case errorType = "error_type"
            case error
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let list = try? container.decode([FALFieldError].self, forKey: .detail) {
                detailList = list
            } else if let text = try? container.decode(String.self, forKey: .detail) {
                detailText = text
            }
            errorType = try? container.decodeIfPresent(String.self, forKey: .errorType)
            error = try? container.decodeIfPresent(String.self, forKey: .error)
        }
    }
}

/// One entry of a 422's `detail` list.
public struct FALFieldError: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Where the problem is, e.g. `["body", "prompt"]`; list indices become strings.
    public let loc: [String]
    public let msg: String
    /// Stable: `content_policy_violation`, `value_error.missing`, …
    public let type: String
    public let url: String?

    public init(loc: [String], msg: String, type: String, url: String? = nil) {
        self.loc = loc
        self.msg = msg
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey { case loc, msg, type, url }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        loc = (try? container.decode([LocationPart].self, forKey: .loc))?.map(\.text) ?? []
        msg = (try? container.decode(String.self, forKey: .msg)) ?? ""
        type = (try? container.decode(String.self, forKey: .type)) ?? "unknown"
        url = try? container.decodeIfPresent(String.self, forKey: .url)
    }

    public var description: String { loc.isEmpty ? msg : "\(loc.joined(separator: ".")): \(msg)" }

    /// A `loc` element is a field name or a list index.
    private struct LocationPart: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                text = name
            } else {
                text = String(try container.decode(Int.self))
            }
        }
    }
}
