import Foundation
import NIOHTTP1

/// Optional per-submission settings sent as FAL headers (fal-api.md, "Optional submit headers").
public struct FALSubmitOptions: Sendable, Equatable {
    /// Receives the result when the job finishes (`?fal_webhook=` on the submit URL).
    public var webhookURL: String?
    /// `x-fal-request-timeout`: FAL gives up if processing has not *started* by then.
    public var startTimeoutSeconds: Double?
    /// `x-fal-queue-priority`: `low` or `normal`.
    public var priority: String?
    /// `x-fal-object-lifecycle-preference`: how long FAL keeps the outputs.
    public var outputExpirationSeconds: Int?

    public init(
        webhookURL: String? = nil, startTimeoutSeconds: Double? = nil, priority: String? = nil,
        outputExpirationSeconds: Int? = nil
    ) {
        self.webhookURL = webhookURL
        self.startTimeoutSeconds = startTimeoutSeconds
        self.priority = priority
        self.outputExpirationSeconds = outputExpirationSeconds
    }
}

extension FALClient {
    // MARK: Submit

    /// Queues a job and returns its request, to be stored before waiting. Retried like any call:
    /// FAL bills only jobs that ran, and a rejected submit (429, 5xx) did not queue anything.
    public func submit(
        _ model: String, input: some Encodable & Sendable, options: FALSubmitOptions = FALSubmitOptions()
    ) async throws -> FALQueueRequest {
        var url = "\(configuration.queueURL)/\(model)"
        if let webhook = options.webhookURL {
            url += "?fal_webhook=" + (webhook.addingPercentEncoding(withAllowedCharacters: .falQueryValue) ?? webhook)
        }
        var headers = jsonHeaders()
        if let seconds = options.startTimeoutSeconds { headers.append(("x-fal-request-timeout", String(seconds))) }
        if let priority = options.priority { headers.append(("x-fal-queue-priority", priority)) }
        if let seconds = options.outputExpirationSeconds {
            headers.append(("x-fal-object-lifecycle-preference", #"{"expiration_duration_seconds":\#(seconds)}"#))
        }
        let body = try FALJSON.encode(input)
        let response = try await send(
            FALHTTPRequest(method: .POST, url: url, headers: headers, body: body), operation: "submit \(model)")
        let answer: FALSubmitAnswer = try FALJSON.decode(response.body, what: "the submit answer")
        return answer.request(model: model, queueURL: configuration.queueURL)
    }

    // MARK: Status, result, cancel

    public func status(of request: FALQueueRequest, logs: Bool = false, deadline: ContinuousClock.Instant? = nil)
        async throws -> FALQueueStatus
    {
        let url = request.statusURL + (request.statusURL.contains("?") ? "&" : "?") + "logs=\(logs ? 1 : 0)"
        let response = try await send(
            FALHTTPRequest(method: .GET, url: url, headers: [("Accept", "application/json")]),
            operation: "status of \(request.requestId)", deadline: deadline)
        let body: FALQueueStatus.Body = try FALJSON.decode(response.body, what: "the status answer")
        return FALQueueStatus(body: body, httpStatus: response.status)
    }

    /// The output of a finished job. A job that failed completes too; its error is thrown here
    /// (a 422 with the field errors, e.g. `content_policy_violation`, or a 5xx).
    public func result<Output: Decodable & Sendable>(
        of request: FALQueueRequest, as type: Output.Type = Output.self,
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> FALResult<Output> {
        let response = try await send(
            FALHTTPRequest(method: .GET, url: request.responseURL, headers: [("Accept", "application/json")]),
            operation: "result of \(request.requestId)", deadline: deadline)
        let output: Output = try FALJSON.decode(response.body, what: "the \(request.model) output")
        return FALResult(output: output, requestId: response.header("x-fal-request-id") ?? request.requestId)
    }

    /// Asks FAL to stop a job. A queued job is dropped; a running one may still finish (and be billed).
    @discardableResult
    public func cancel(_ request: FALQueueRequest) async throws -> FALCancelOutcome {
        let response = try await send(
            FALHTTPRequest(method: .PUT, url: request.cancelURL, headers: [("Accept", "application/json")]),
            operation: "cancel \(request.requestId)",
            accept: { $0.isSuccess || $0.status == 400 || $0.status == 404 })
        struct Answer: Decodable {
            let status: String?
            let success: Bool?
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        switch (response.status, answer?.status?.uppercased(), answer?.success) {
        case (404, _, _), (_, "NOT_FOUND", _): return .notFound
        case (_, "ALREADY_COMPLETED", _), (_, _, false): return .alreadyCompleted
        case (400, _, _): throw FALError.api(response.apiError)
        default: return .requested
        }
    }

    // MARK: Waiting

    /// Polls until the job completes, then fetches its output. Gives up at `deadline` (default:
    /// the job deadline from now), when the task is cancelled, or when status polling keeps
    /// failing; in each case the FAL request is cancelled, so we stop paying for an answer
    /// nobody will read. `onUpdate` sees every status (queue position, logs). `pause` waits
    /// between polls (default: sleeps); a caller with webhooks returns from it early when the
    /// request's webhook arrives.
    public func wait<Output: Decodable & Sendable>(
        for request: FALQueueRequest, as type: Output.Type = Output.self,
        logs: Bool = false, deadline: ContinuousClock.Instant? = nil,
        onUpdate: (@Sendable (FALQueueStatus) -> Void)? = nil,
        pause: (@Sendable (Duration) async throws -> Void)? = nil
    ) async throws -> FALResult<Output> {
        let deadline = deadline ?? ContinuousClock.now.advanced(by: configuration.deadlines.job)
        let pauseBetweenPolls = pause
        var completed = false
        do {
            while true {
                let status = try await self.status(of: request, logs: logs, deadline: deadline)
                onUpdate?(status)
                switch status.state {
                case .completed, .failed:
                    completed = true
                    return try await result(of: request, as: Output.self, deadline: deadline)
                case .cancelled:
                    completed = true
                    throw FALError.cancelled
                case .inQueue, .inProgress, .unknown:
                    let pause = min(configuration.deadlines.pollInterval, ContinuousClock.now.duration(to: deadline))
                    guard pause > .zero else { throw jobTimeout(request) }
                    do {
                        if let wait = pauseBetweenPolls {
                            try await wait(pause)
                        } else {
                            try await Task.sleep(for: pause)
                        }
                        try Task.checkCancellation()
                    } catch { throw FALError.cancelled }
                }
            }
        } catch {
            let failure = (error as? FALError) ?? (error is CancellationError ? .cancelled : .connection("\(error)"))
            if !completed { await cancelDetached(request, reason: failure) }
            throw failure
        }
    }

    /// Submits, then waits (see `wait`); the deadline counts from the submission.
    /// `onSubmitted` gets the request before any waiting, to be stored for a restart.
    public func subscribe<Output: Decodable & Sendable>(
        _ model: String, input: some Encodable & Sendable, as type: Output.Type = Output.self,
        options: FALSubmitOptions = FALSubmitOptions(), logs: Bool = false,
        onSubmitted: (@Sendable (FALQueueRequest) async throws -> Void)? = nil,
        onUpdate: (@Sendable (FALQueueStatus) -> Void)? = nil
    ) async throws -> FALResult<Output> {
        let deadline = ContinuousClock.now.advanced(by: configuration.deadlines.job)
        let request = try await submit(model, input: input, options: options)
        do {
            try await onSubmitted?(request)
        } catch {
            // Nobody will know this request exists: stop it rather than pay for an orphan.
            await cancelDetached(request, reason: (error as? FALError) ?? .cancelled)
            throw error
        }
        return try await wait(for: request, as: Output.self, logs: logs, deadline: deadline, onUpdate: onUpdate)
    }

    // MARK: Synchronous

    /// `POST {run}/{model}`: the output on the same connection, with no queue, status or
    /// webhook, so a dropped connection loses the result (and FAL cancels the job). Prefer the
    /// queue for anything that takes long; this suits quick models. One attempt may take the
    /// whole job deadline; failures before an answer are retried like any call.
    public func run<Output: Decodable & Sendable>(
        _ model: String, input: some Encodable & Sendable,
        as type: Output.Type = Output.self
    ) async throws -> FALResult<Output> {
        let request = FALHTTPRequest(
            method: .POST, url: "\(configuration.runURL)/\(model)", headers: jsonHeaders(),
            body: try FALJSON.encode(input))
        let deadline = ContinuousClock.now.advanced(by: configuration.deadlines.job)
        let response = try await send(
            request, operation: "run \(model)", attemptTimeout: configuration.deadlines.job, deadline: deadline)
        let output: Output = try FALJSON.decode(response.body, what: "the \(model) output")
        return FALResult(output: output, requestId: response.header("x-fal-request-id"))
    }

    func jobTimeout(_ request: FALQueueRequest) -> FALError {
        .timeout(
            FALTimeout(
                scope: .job, seconds: configuration.deadlines.job.seconds,
                operation: "\(request.model) \(request.requestId)"))
    }

    /// Cancels in a task of its own: the caller's task may itself be cancelled, which would
    /// otherwise cancel the cancel.
    func cancelDetached(_ request: FALQueueRequest, reason: FALError) async {
        let client = self
        logger.info("Cancelling FAL request \(request.requestId) (\(reason.code))")
        await Task {
            var quick = client.configuration.retry
            quick.maxAttempts = min(quick.maxAttempts, 2)
            _ = try? await client.send(
                FALHTTPRequest(method: .PUT, url: request.cancelURL), operation: "cancel \(request.requestId)",
                retry: quick, accept: { $0.isSuccess || $0.status == 400 || $0.status == 404 })
        }.value
    }
}

extension CharacterSet {
    /// Unreserved characters only, so a webhook URL's own `?`, `&` and `=` are escaped.
    static let falQueryValue = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
