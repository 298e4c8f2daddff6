import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

extension FALClient {
    /// `POST {run}/{model}/stream`, read as Server-Sent Events. Every event goes to `onEvent` as it
    /// arrives (partial images among them); the last one is the result. A stream that goes quiet
    /// for `deadlines.streamIdle` or runs past `deadlines.job` is abandoned. Streams are not
    /// queued and FAL does not retry them; we retry only a failure before the first event.
    public func stream<Output: Decodable & Sendable>(
        _ model: String, input: some Encodable & Sendable, as type: Output.Type = Output.self,
        onEvent: (@Sendable (FALStreamEvent) -> Void)? = nil
    ) async throws -> FALResult<Output> {
        let body = try FALJSON.encode(input)
        let request = FALHTTPRequest(
            method: .POST, url: "\(configuration.runURL)/\(model)/stream",
            headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream")], body: body)
        let job = configuration.deadlines.job
        let deadline = ContinuousClock.now.advanced(by: job)
        var attempt = 1
        while true {
            let progress = StreamProgress()
            do {
                let (last, requestId) = try await withDeadline(
                    job,
                    timeoutError: .timeout(FALTimeout(scope: .job, seconds: job.seconds, operation: "stream \(model)"))
                ) {
                    try await self.readStream(request, model: model, progress: progress, onEvent: onEvent)
                }
                guard let last else { throw FALError.invalidResponse("the \(model) stream ended without an event") }
                let output: Output = try FALJSON.decode(
                    Array(last.data.utf8), what: "the last event of the \(model) stream")
                return FALResult(output: output, requestId: requestId)
            } catch let failure as FALError {
                let pause = configuration.retry.delay(after: attempt)
                guard failure.isRetryable, progress.events.load(ordering: .relaxed) == 0,
                    attempt < configuration.retry.maxAttempts,
                    ContinuousClock.now.advanced(by: pause) < deadline
                else { throw failure }
                do { try await Task.sleep(for: pause) } catch { throw FALError.cancelled }
                attempt += 1
            }
        }
    }

    /// One attempt: the events as they come, under the idle watchdog. Returns the last event.
    private func readStream(
        _ request: FALHTTPRequest, model: String, progress: StreamProgress,
        onEvent: (@Sendable (FALStreamEvent) -> Void)?
    ) async throws -> (ServerSentEvent?, String?) {
        let idle = configuration.deadlines.streamIdle
        let http = self.http
        let outgoing = makeRequest(request)
        return try await withThrowingTaskGroup(of: (ServerSentEvent?, String?).self) { group in
            group.addTask {
                do {
                    let response = try await http.execute(outgoing, deadline: .distantFuture)
                    progress.touch()
                    let requestId = response.headers.first(name: "x-fal-request-id")
                    try await Self.requireSuccess(response)
                    var parser = ServerSentEventParser()
                    var last: ServerSentEvent?
                    let isEventStream =
                        response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream")
                        ?? false
                    var plain: [UInt8] = []
                    for try await chunk in response.body {
                        progress.touch()
                        guard isEventStream else {
                            plain += chunk.readableBytesView
                            continue
                        }
                        for event in parser.feed(chunk.readableBytesView) {
                            try Self.deliver(event, progress: progress, onEvent: onEvent)
                            last = event
                        }
                    }
                    if let event = parser.finish() {
                        try Self.deliver(event, progress: progress, onEvent: onEvent)
                        last = event
                    }
                    // Not a stream after all (a proxy, or a model without streaming): the body is the output.
                    if !isEventStream { last = ServerSentEvent(data: String(decoding: plain, as: UTF8.self)) }
                    return (last, requestId)
                } catch let error as FALError {
                    throw error
                } catch is CancellationError {
                    throw FALError.cancelled
                } catch {
                    throw FALError.connection("stream \(model): \(error)")
                }
            }
            group.addTask {
                // The watchdog: wakes a few times per idle period and ends the stream when quiet.
                let tick = min(idle / 4, .milliseconds(250))
                while true {
                    try await Task.sleep(for: tick)
                    if progress.quietFor > idle {
                        throw FALError.timeout(
                            FALTimeout(scope: .streamIdle, seconds: idle.seconds, operation: "stream \(model)"))
                    }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw FALError.invalidResponse("the stream task vanished") }
            return first
        }
    }

    private static func deliver(
        _ event: ServerSentEvent, progress: StreamProgress, onEvent: (@Sendable (FALStreamEvent) -> Void)?
    ) throws {
        let index = progress.events.add(1, ordering: .relaxed).oldValue
        // The official clients JSON-parse every `data:` event whatever its name, so an error may
        // come as a plain data event: one shaped like FAL's errors, or named `error`, ends the
        // stream with the error it carries (either error shape).
        if let error = streamError(event) { throw FALError.api(error) }
        onEvent?(FALStreamEvent(index: index, event: event))
    }

    /// The error an event carries: any event named `error`, or a data event shaped like one of
    /// FAL's error bodies (`detail`, or a flat `error_type`) with no output in it.
    static func streamError(_ event: ServerSentEvent) -> FALAPIError? {
        let body = Array(event.data.utf8)
        let shape = try? JSONDecoder().decode(ErrorShape.self, from: Data(body))
        guard event.event == "error" || shape?.looksLikeAnError == true else { return nil }
        return FALAPIError(status: shape?.inferredStatus ?? 500, header: { _ in nil }, body: body)
    }

    /// Just enough of an event to tell an error from an output or a progress report.
    private struct ErrorShape: Decodable {
        let hasDetail: Bool
        let detailIsList: Bool
        let errorType: String?
        let hasOutput: Bool
        let statusCode: Int?

        enum CodingKeys: String, CodingKey {
            case detail
            case errorType = "error_type"
            case images, image
            case statusCode = "status_code"
            case status
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            hasDetail = c.contains(.detail) && !((try? c.decodeNil(forKey: .detail)) ?? true)
            detailIsList = (try? c.decode([FALFieldError].self, forKey: .detail)) != nil
            errorType = try? c.decodeIfPresent(String.self, forKey: .errorType)
            hasOutput = c.contains(.images) || c.contains(.image)
            statusCode =
                (try? c.decodeIfPresent(Int.self, forKey: .statusCode))
                ?? (try? c.decodeIfPresent(Int.self, forKey: .status))
        }

        var looksLikeAnError: Bool { !hasOutput && (hasDetail || errorType != nil) }

        /// The status the error would have had as an HTTP answer: given, or FAL's usual one.
        var inferredStatus: Int {
            if let statusCode, (400...599).contains(statusCode) { return statusCode }
            if detailIsList { return 422 }
            switch errorType {
            case "request_timeout", "startup_timeout": return 504
            case "runner_scheduling_failure", "runner_connection_timeout", "runner_disconnected",
                "runner_connection_refused", "runner_connection_error":
                return 503
            case "runner_incomplete_response": return 502
            case "client_disconnected", "client_cancelled": return 499
            case "bad_request": return 400
            default: return 500
            }
        }
    }
}

/// When the stream last showed life, and how many events it delivered.
final class StreamProgress: Sendable {
    let events = Atomic<Int>(0)
    private let lastActivity = Atomic<UInt64>(DispatchTime.now().uptimeNanoseconds)

    func touch() { lastActivity.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed) }

    var quietFor: Duration {
        .nanoseconds(Int64(DispatchTime.now().uptimeNanoseconds &- lastActivity.load(ordering: .relaxed)))
    }
}

extension FALClient {
    /// An SSE answer's HTTP error, as FAL's error (its body read, up to 1 MB); nothing on a 2xx.
    static func requireSuccess(_ response: HTTPClientResponse) async throws {
        guard !(200..<300).contains(Int(response.status.code)) else { return }
        let body = try await response.body.collect(upTo: 1 << 20)
        throw FALError.api(
            FALAPIError(
                status: Int(response.status.code), header: { response.headers.first(name: $0) },
                body: Array(body.readableBytesView)))
    }
}
