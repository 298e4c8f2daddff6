import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Talks to FAL over one shared `HTTPClient`: queue (submit, status, result, cancel, wait),
/// storage uploads, streaming and downloads. A value type with nothing mutable, so it is shared
/// freely between tasks. Every exchange has a deadline; retryable failures are retried with
/// backoff (see `FALRetryPolicy`, `FALError.isRetryable`).
public struct FALClient: Sendable {
    public let configuration: FALConfiguration
    let http: HTTPClient
    let logger: Logger
    /// The storage CDN's upload token, shared by every copy of this client until it expires.
    let uploadTokens = CDNTokenCache()

    /// `httpClient` defaults to the process-wide shared client, which needs no shutdown.
    public init(
        configuration: FALConfiguration, httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "inflio.fal")
    ) {
        self.configuration = configuration
        self.http = httpClient
        self.logger = logger
    }

    /// From `FAL_KEY` etc. (see `FALConfiguration.fromEnvironment`).
    public static func fromEnvironment(httpClient: HTTPClient = .shared) throws -> FALClient {
        FALClient(configuration: try .fromEnvironment(), httpClient: httpClient)
    }
}

/// One HTTP answer, read whole.
struct FALHTTPResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    func header(_ name: String) -> String? { headers.first(name: name) }
    var isSuccess: Bool { (200..<300).contains(status) }
    var apiError: FALAPIError { FALAPIError(status: status, header: header, body: body) }
}

/// What to send, rebuilt for every attempt (an `HTTPClientRequest` body cannot be replayed).
struct FALHTTPRequest: Sendable {
    var method: HTTPMethod
    var url: String
    var headers: [(String, String)] = []
    var body: [UInt8]?
    /// Whether FAL's key goes along (not to signed upload URLs, nor to output files).
    var authorized = true
    /// The largest answer we accept.
    var maxResponseBytes = 64 << 20
}

extension FALClient {
    /// Sends `request`, retrying what `retryable` allows (default: `FALError.isRetryable`) until
    /// the attempts or `deadline` run out. A non-success answer that is not retried is thrown as
    /// `FALError.api`, unless `accept` takes it (e.g. cancel's `400 ALREADY_COMPLETED`).
    func send(
        _ request: FALHTTPRequest, operation: String, attemptTimeout: Duration? = nil,
        deadline: ContinuousClock.Instant? = nil, retry: FALRetryPolicy? = nil,
        retryable: (FALError) -> Bool = { $0.isRetryable },
        accept: (FALHTTPResponse) -> Bool = { $0.isSuccess }
    ) async throws -> FALHTTPResponse {
        let policy = retry ?? configuration.retry
        let perAttempt = attemptTimeout ?? configuration.deadlines.attempt
        let clock = ContinuousClock()
        var attempt = 1
        while true {
            if Task.isCancelled { throw FALError.cancelled }
            var budget = perAttempt
            if let deadline {
                let left = clock.now.duration(to: deadline)
                guard left > .zero else {
                    throw FALError.timeout(
                        FALTimeout(scope: .job, seconds: configuration.deadlines.job.seconds, operation: operation))
                }
                budget = min(budget, left)
            }
            let failure: FALError
            do {
                let response = try await sendOnce(request, operation: operation, timeout: budget)
                if accept(response) { return response }
                failure = .api(response.apiError)
            } catch let error as FALError {
                failure = error
            }
            // An attempt cut short by the job's deadline is the job's timeout, not the attempt's.
            if case .timeout(let timeout) = failure, timeout.scope == .attempt, let deadline, clock.now >= deadline {
                throw FALError.timeout(
                    FALTimeout(scope: .job, seconds: configuration.deadlines.job.seconds, operation: operation))
            }
            guard retryable(failure), attempt < policy.maxAttempts else { throw failure }
            let pause = policy.delay(after: attempt)
            if let deadline, clock.now.advanced(by: pause) >= deadline { throw failure }
            logger.debug("FAL \(operation) failed (\(failure.code)); attempt \(attempt + 1) in \(pause)")
            do { try await Task.sleep(for: pause) } catch { throw FALError.cancelled }
            attempt += 1
        }
    }

    /// One exchange, body included, cut off at `timeout` whatever the server does.
    func sendOnce(_ request: FALHTTPRequest, operation: String, timeout: Duration) async throws -> FALHTTPResponse {
        let http = self.http
        let outgoing = makeRequest(request)
        let limit = request.maxResponseBytes
        return try await withDeadline(
            timeout, timeoutError: .timeout(FALTimeout(scope: .attempt, seconds: timeout.seconds, operation: operation))
        ) {
            do {
                // AsyncHTTPClient's own deadline as well: it closes the connection cleanly.
                let response = try await http.execute(
                    outgoing, deadline: .now() + .nanoseconds(Int64(timeout.seconds * 1e9) + 50_000_000))
                let body = try await response.body.collect(upTo: limit)
                return FALHTTPResponse(
                    status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
            } catch let error as FALError {
                throw error
            } catch is CancellationError {
                throw FALError.cancelled
            } catch let error as HTTPClientError where error == .deadlineExceeded {
                throw FALError.timeout(FALTimeout(scope: .attempt, seconds: timeout.seconds, operation: operation))
            } catch let error as HTTPClientError where error == .cancelled {
                throw FALError.cancelled
            } catch {
                throw FALError.connection("\(operation): \(error)")
            }
        }
    }

    func makeRequest(_ request: FALHTTPRequest) -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        if request.authorized {
            outgoing.headers.add(name: "Authorization", value: configuration.authorization)
            for (name, value) in configuration.extraHeaders { outgoing.headers.add(name: name, value: value) }
        }
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        return outgoing
    }

    func jsonHeaders() -> [(String, String)] { [("Content-Type", "application/json"), ("Accept", "application/json")] }
}

/// Runs `body`, throwing `timeoutError` if it has not finished after `timeout` (the body's task
/// is cancelled, which makes AsyncHTTPClient drop the connection).
func withDeadline<T: Sendable>(
    _ timeout: Duration, timeoutError: FALError, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw timeoutError
        }
        defer { group.cancelAll() }
        do {
            guard let first = try await group.next() else { throw timeoutError }
            return first
        } catch is CancellationError {
            throw FALError.cancelled
        }
    }
}
