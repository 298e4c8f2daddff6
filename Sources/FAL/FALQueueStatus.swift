/// A queue status answer. The state comes from the body's `status`; the HTTP code (202 while
/// queued or running, 200 when completed) is only the fallback when the body has none.
public struct FALQueueStatus: Sendable, Equatable {
    public enum State: Sendable, Hashable {
        case inQueue
        case inProgress
        /// Finished, which does not mean succeeded: fetch the result to learn (there is no FAILED).
        case completed
        /// Some third-party schemas list FAILED and CANCELED; tolerated, never relied on.
        case failed
        case cancelled
        case unknown(String)

        init(_ text: String) {
            switch text.uppercased() {
            case "IN_QUEUE": self = .inQueue
            case "IN_PROGRESS": self = .inProgress
            case "COMPLETED", "OK": self = .completed
            case "FAILED", "ERROR": self = .failed
            case "CANCELED", "CANCELLED": self = .cancelled
            default: self = .unknown(text)
            }
        }

        /// No further change will come.
        public var isFinal: Bool {
            switch self {
            case .completed, .failed, .cancelled: true
            case .inQueue, .inProgress, .unknown: false
            }
        }
    }

    public let state: State
    /// 0 is next in line.
    public let queuePosition: Int?
    public let logs: [FALLogEntry]
    public let responseURL: String?
    /// A COMPLETED status may carry the failure already (the Python client reads these).
    public let error: String?
    public let errorType: String?
    /// `metrics.inference_time`, seconds.
    public let inferenceTime: Double?

    public init(
        state: State, queuePosition: Int? = nil, logs: [FALLogEntry] = [], responseURL: String? = nil,
        error: String? = nil, errorType: String? = nil, inferenceTime: Double? = nil
    ) {
        self.state = state
        self.queuePosition = queuePosition
        self.logs = logs
        self.responseURL = responseURL
        self.error = error
        self.errorType = errorType
        self.inferenceTime = inferenceTime
    }
}

extension FALQueueStatus {
    struct Body: Decodable {
        let status: String?
        let queuePosition: Int?
        let logs: [FALLogEntry]?
        let responseURL: String?
        let error: String?
        let errorType: String?
        let metrics: Metrics?

        struct Metrics: Decodable {
            let inferenceTime: Double?
            enum CodingKeys: String, CodingKey { case inferenceTime = "inference_time" }
        }

        enum CodingKeys: String, CodingKey {
            case status
            case queuePosition = "queue_position"
            case logs
            case responseURL = "response_url"
            case error
            case errorType = "error_type"
            case metrics
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = try c.decodeIfPresent(String.self, forKey: .status)
            queuePosition = try? c.decodeIfPresent(Int.self, forKey: .queuePosition)
            logs = try? c.decodeIfPresent([FALLogEntry].self, forKey: .logs)
            responseURL = try? c.decodeIfPresent(String.self, forKey: .responseURL)
            error = try? c.decodeIfPresent(String.self, forKey: .error)
            errorType = try? c.decodeIfPresent(String.self, forKey: .errorType)
            metrics = try? c.decodeIfPresent(Metrics.self, forKey: .metrics)
        }
    }

    init(body: Body, httpStatus: Int) {
        let state = body.status.map(State.init) ?? (httpStatus == 200 ? .completed : .inProgress)
        self.init(
            state: state, queuePosition: body.queuePosition, logs: body.logs ?? [], responseURL: body.responseURL,
            error: body.error, errorType: body.errorType, inferenceTime: body.metrics?.inferenceTime)
    }
}

/// One log line of a running request. fal-js and the Rust crate read a top-level `level`;
/// fal-swift expects `labels.level`. Both are read; everything but `message` is optional.
public struct FALLogEntry: Sendable, Equatable, Decodable {
    public let message: String
    public let level: String?
    public let source: String?
    public let timestamp: String?

    public init(message: String, level: String? = nil, source: String? = nil, timestamp: String? = nil) {
        self.message = message
        self.level = level
        self.source = source
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey { case message, level, source, timestamp, labels }
    struct Labels: Decodable { let level: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        message = (try? c.decode(String.self, forKey: .message)) ?? ""
        level =
            (try? c.decodeIfPresent(String.self, forKey: .level))
            ?? (try? c.decodeIfPresent(Labels.self, forKey: .labels))?.level
        source = try? c.decodeIfPresent(String.self, forKey: .source)
        timestamp = try? c.decodeIfPresent(String.self, forKey: .timestamp)
    }
}
