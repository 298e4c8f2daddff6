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
    /// Whether an attempt that got no answer in time is sent again (not a header). Off for a
    /// caller whose webhook names the submission: it learns from the webhook whether FAL took
    /// the first, instead of risking a second job.
    public var resendUnanswered: Bool

    public init(
        webhookURL: String? = nil, startTimeoutSeconds: Double? = nil, priority: String? = nil,
        outputExpirationSeconds: Int? = nil, resendUnanswered: Bool = true
    ) {
        self.webhookURL = webhookURL
        self.startTimeoutSeconds = startTimeoutSeconds
        self.priority = priority
        self.outputExpirationSeconds = outputExpirationSeconds
        self.resendUnanswered = resendUnanswered
    }
}

extension FALClient {
    // MARK: Submit

    /// Queues a job and returns its request, to be stored before waiting. Retried like any call:
    /// FAL bills only jobs that ran, and a rejected submit (429, 5xx) did not queue anything.
    /// But an attempt that got no answer in time was sent, and FAL may have queued it: with
    /// `resendUnanswered` off, its timeout is thrown rather than sent again (a second job, billed
    /// too). Options FAL would refuse are refused here, before anything is sent.
    public func submit(
        _ model: String, input: some Encodable & Sendable, options: FALSubmitOptions = FALSubmitOptions()
    ) async throws -> FALQueueRequest {
        try options.validate()
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
        let resend = options.resendUnanswered
        let response = try await send(
            FALHTTPRequest(method: .POST, url: url, headers: headers, body: body), operation: "submit \(model)",
            retryable: { $0.isRetryable && (resend || !$0.isUnansweredAttempt) })
        let answer: FALSubmitAnswer = try FALJSON.decode(response.body, what: "the submit answer")
        return answer.request(model: model, queueURL: configuration.queueURL)
    }

    // MARK: Status, result, cancel

    /// The request's status. A read changes nothing, so it is retried as fal-js retries status
    /// reads: on 429, 500, 502, 503, 504 and dropped connections, at least six attempts.
    public func status(of request: FALQueueRequest, logs: Bool = false, deadline: ContinuousClock.Instant? = nil)
        async throws -> FALQueueStatus
    {
        try await readStatus(of: request, logs: logs, deadline: deadline, retry: configuration.retry.forReads)
    }

    func readStatus(
        of request: FALQueueRequest, logs: Bool, deadline: ContinuousClock.Instant?, retry: FALRetryPolicy
    ) async throws -> FALQueueStatus {
        let url = request.statusURL + (request.statusURL.contains("?") ? "&" : "?") + "logs=\(logs ? 1 : 0)"
        let response = try await send(
            FALHTTPRequest(method: .GET, url: url, headers: [("Accept", "application/json")]),
            operation: "status of \(request.requestId)", deadline: deadline, retry: retry,
            retryable: { $0.isRetryableRead })
        let body: FALQueueStatus.Body = try FALJSON.decode(response.body, what: "the status answer")
        return FALQueueStatus(body: body, httpStatus: response.status)
    }

    /// The output of a finished job. A job that failed completes too; its error is thrown here
    /// (a 422 with the field errors, e.g. `content_policy_violation`, or a 5xx). Only failures
    /// of the read itself are retried, never the job's stored error (see `isTransientResultRead`).
    public func result<Output: Decodable & Sendable>(
        of request: FALQueueRequest, as type: Output.Type = Output.self,
        deadline: ContinuousClock.Instant? = nil
    ) async throws -> FALResult<Output> {
        try await readResult(of: request, deadline: deadline, retry: configuration.retry.forReads)
    }

    func readResult<Output: Decodable & Sendable>(
        of request: FALQueueRequest, deadline: ContinuousClock.Instant?, retry: FALRetryPolicy
    ) async throws -> FALResult<Output> {
        let response = try await send(
            FALHTTPRequest(method: .GET, url: request.responseURL, headers: [("Accept", "application/json")]),
            operation: "result of \(request.requestId)", deadline: deadline, retry: retry,
            retryable: Self.isTransientResultRead)
        let output: Output = try FALJSON.decode(response.body, what: "the \(request.model) output")
        return FALResult(output: output, requestId: response.header("x-fal-request-id") ?? request.requestId)
    }

    /// Whether a failed result read may succeed later, rather than being the job's own outcome.
    /// A failed job's result *is* an error answer, so only what cannot be one counts: no answer
    /// at all, a 429 or 408, and a 5xx without `x-fal-request-id` (an ingress error, the Python
    /// client's rule; FAL's own answers carry the id). `X-Fal-Retryable` is no reason.
    static func isTransientResultRead(_ failure: FALError) -> Bool {
        switch failure {
        case .api(let error):
            if error.status == 429 || error.status == 408 { return true }
            if error.status == 504, error.timeoutType == "user" { return false }
            return error.status >= 500 && error.requestId == nil
        case .timeout(let timeout): return timeout.scope == .attempt
        case .connection: return true
        case .cancelled, .invalidResponse, .invalidRequest: return false
        }
    }

    /// Asks FAL to stop a job. A queued job is dropped; a running one gets a signal only, and
    /// usually finishes and is billed (FAL: the app decides).
    @discardableResult
    public func cancel(_ request: FALQueueRequest) async throws -> FALCancelOutcome {
        try await cancel(request, retry: configuration.retry.forReads)
    }

    func cancel(_ request: FALQueueRequest, retry: FALRetryPolicy) async throws -> FALCancelOutcome {
        let response = try await send(
            FALHTTPRequest(method: .PUT, url: request.cancelURL, headers: [("Accept", "application/json")]),
            operation: "cancel \(request.requestId)", retry: retry,
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

    /// Polls until the job completes, then fetches its output. A paid request is never given up
    /// because a read failed: failed status and result reads (any answer but the job's own
    /// outcome, or none) are tried again with backoff (`retry`'s delays) until `deadline`
    /// (default: the job deadline from now). Two things end the wait early: FAL answering 404
    /// for the request for longer than `deadlines.notFoundGrace` (it does not have it; the 404
    /// is thrown), and the task's cancellation (the FAL request is then cancelled, unless
    /// `cancelOnTaskCancellation` is false because the caller stored it to resume later).
    ///
    /// At the deadline a request last seen in line is cancelled (FAL drops it unbilled); a
    /// running one is left to finish, since a cancel would not stop it, and can be collected
    /// later with the same request. Either way `FALError.timeout` says which
    /// (`FALTimeout.requestMayStillFinish`). `onUpdate` sees every status (queue position,
    /// logs). `pause` waits between polls (default: sleeps); a caller with webhooks returns
    /// from it early when the request's webhook arrives.
    public func wait<Output: Decodable & Sendable>(
        for request: FALQueueRequest, as type: Output.Type = Output.self,
        logs: Bool = false, deadline: ContinuousClock.Instant? = nil, cancelOnTaskCancellation: Bool = true,
        onUpdate: (@Sendable (FALQueueStatus) -> Void)? = nil,
        pause: (@Sendable (Duration) async throws -> Void)? = nil
    ) async throws -> FALResult<Output> {
        let deadline = deadline ?? ContinuousClock.now.advanced(by: configuration.deadlines.job)
        let sleep: @Sendable (Duration) async throws -> Void = pause ?? { try await Task.sleep(for: $0) }
        // One attempt per read: this loop does the retrying, for as long as the job may take.
        var once = configuration.retry
        once.maxAttempts = 1
        var lastState: FALQueueStatus.State?
        var failedReads = 0
        var notFoundSince: ContinuousClock.Instant?

        /// Waits `wanted` (cut at the deadline); false when the deadline has come.
        func pauseBeforeNextRead(_ wanted: Duration) async throws -> Bool {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            do {
                try await sleep(min(wanted, left))
                try Task.checkCancellation()
            } catch {
                throw CancellationError()
            }
            return true
        }

        /// Counts a failed read; rethrows what ends the wait. FAL's 404 is tolerated for the grace.
        func tolerate(_ failure: FALError, transient: Bool) throws {
            if case .api(let error) = failure, error.status == 404 {
                let since = notFoundSince ?? .now
                notFoundSince = since
                if ContinuousClock.now - since >= configuration.deadlines.notFoundGrace { throw failure }
            } else if !transient {
                throw failure
            } else {
                notFoundSince = nil
            }
            failedReads += 1
            logger.debug("FAL read of \(request.requestId) failed (\(failure.code)); read \(failedReads + 1) follows")
        }

        do {
            // Status until it says the job is over.
            polling: while true {
                let pause: Duration
                do {
                    let status = try await readStatus(of: request, logs: logs, deadline: deadline, retry: once)
                    failedReads = 0
                    notFoundSince = nil
                    lastState = status.state
                    onUpdate?(status)
                    switch status.state {
                    case .completed, .failed: break polling
                    case .cancelled: throw FALError.cancelled  // FAL says so (third-party schemas): nothing to stop
                    case .inQueue, .inProgress, .unknown: pause = configuration.deadlines.pollInterval
                    }
                } catch let failure as FALError where !Self.endsTheWait(failure) {
                    // Every read failure but a 404 is one to outlast: the request is paid for.
                    try tolerate(failure, transient: true)
                    pause = configuration.retry.delay(after: failedReads)
                }
                guard try await pauseBeforeNextRead(pause) else {
                    throw await abandonedAtDeadline(request, lastState: lastState)
                }
            }
            // Then the result, read until it is had or the job's outcome is an error.
            failedReads = 0
            while true {
                do {
                    return try await readResult(of: request, deadline: deadline, retry: once)
                } catch let failure as FALError where !Self.endsTheWait(failure) {
                    try tolerate(failure, transient: Self.isTransientResultRead(failure))
                }
                guard try await pauseBeforeNextRead(configuration.retry.delay(after: failedReads)) else {
                    throw await abandonedAtDeadline(request, lastState: lastState)
                }
            }
        } catch let failure as FALError where failure != .cancelled || !Task.isCancelled {
            if case .timeout(let timeout) = failure, timeout.scope == .job, timeout.lastState == nil,
                !timeout.cancelRequested
            {
                // A read cut by the deadline: the same as reaching it between two reads.
                throw await abandonedAtDeadline(request, lastState: lastState)
            }
            throw failure
        } catch {
            // The task was cancelled: nobody will read the result.
            if cancelOnTaskCancellation { await cancelDetached(request, reason: .cancelled) }
            throw FALError.cancelled
        }
    }

    /// What ends a wait at once rather than being outlasted: our own cancellation and the deadline.
    static func endsTheWait(_ failure: FALError) -> Bool {
        switch failure {
        case .cancelled: true
        case .timeout(let timeout): timeout.scope == .job
        default: false
        }
    }

    /// The deadline's error, after cancelling the request if it was still in line (FAL drops a
    /// queued request unbilled; a running one would only get a signal, and is left to finish).
    func abandonedAtDeadline(_ request: FALQueueRequest, lastState: FALQueueStatus.State?) async -> FALError {
        var timeout = FALTimeout(
            scope: .job, seconds: configuration.deadlines.job.seconds,
            operation: "\(request.model) \(request.requestId)")
        timeout.lastState = lastState
        if lastState == .inQueue {
            timeout.cancelRequested = await cancelDetached(request, reason: .timeout(timeout)) == .requested
        }
        return .timeout(timeout)
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

    /// Cancels in a task of its own: the caller's task may itself be cancelled, which would
    /// otherwise cancel the cancel. Nil when the cancel itself failed.
    @discardableResult
    func cancelDetached(_ request: FALQueueRequest, reason: FALError) async -> FALCancelOutcome? {
        let client = self
        logger.info("Cancelling FAL request \(request.requestId) (\(reason.code))")
        return await Task {
            var quick = client.configuration.retry
            quick.maxAttempts = min(quick.maxAttempts, 2)
            return try? await client.cancel(request, retry: quick)
        }.value
    }
}

extension FALSubmitOptions {
    /// What FAL's clients refuse before sending: a start timeout of 1 s or less (fal-js
    /// `headers.ts`, Python `MIN_REQUEST_TIMEOUT_SECONDS`), a priority other than low or normal.
    func validate() throws {
        if let seconds = startTimeoutSeconds, !(seconds > 1) || !seconds.isFinite {
            throw FALError.invalidRequest("x-fal-request-timeout must be more than 1 s, not \(seconds)")
        }
        if let priority, !["low", "normal"].contains(priority) {
            throw FALError.invalidRequest(
                "x-fal-queue-priority must be low or normal, not \(priority.debugDescription)")
        }
        if let seconds = outputExpirationSeconds, seconds < 1 {
            throw FALError.invalidRequest("the output expiration must be at least 1 s, not \(seconds)")
        }
    }
}

extension FALRetryPolicy {
    /// Status, result and cancel reads, as fal-js retries them (`QUEUE_STATUS_RETRY_CONFIG`: five
    /// retries, 30 s cap): at least six attempts.
    var forReads: FALRetryPolicy {
        var policy = self
        policy.maxAttempts = max(policy.maxAttempts, 6)
        return policy
    }
}

extension CharacterSet {
    /// Unreserved characters only, so a webhook URL's own `?`, `&` and `=` are escaped.
    static let falQueryValue = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
