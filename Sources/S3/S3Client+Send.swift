import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Sends `request`, retrying transient failures. An answer `accept` refuses (default: any
    /// non-2xx) is a failure, retried or not as `S3AttemptFailure` decides.
    func send(
        _ request: S3Request, operation: String, accept: (S3Response) -> Bool = { $0.isSuccess }
    ) async throws -> S3Response {
        try await retrying(request, operation: operation) {
            let response = try await sendOnce(request, operation: operation)
            guard accept(response) else {
                throw S3AttemptFailure.answered(
                    status: response.status, body: S3ErrorBody(status: response.status, body: response.body))
            }
            return response
        }
    }

    /// Runs `attempt` until it succeeds or fails for good: a retryable `S3AttemptFailure` is tried
    /// again after the configured backoff while attempts remain, then becomes the `S3Error` a
    /// caller sees. Any other error ends it at once.
    func retrying<T>(_ request: S3Request, operation: String, _ attempt: () async throws -> T) async throws -> T {
        let policy = configuration.retry
        var number = 1
        while true {
            if Task.isCancelled { throw S3Error.cancelled }
            do {
                return try await attempt()
            } catch let failure as S3AttemptFailure {
                guard failure.isRetryable, number < policy.maxAttempts else {
                    throw failure.error(
                        operation: operation, resource: resource(of: request, failure), attempts: number)
                }
                let pause = policy.delay(after: number)
                logger.debug("S3 \(operation) failed (\(failure.summary)); attempt \(number + 1) in \(pause)")
                do { try await Task.sleep(for: pause) } catch { throw S3Error.cancelled }
            }
            number += 1
        }
    }

    /// One exchange, body read whole, cut off at the attempt's deadline whatever the server does.
    func sendOnce(_ request: S3Request, operation: String) async throws -> S3Response {
        let http = self.http
        let outgoing = prepare(request)
        let timeout = request.isTransfer ? configuration.transferTimeout : configuration.attemptTimeout
        let limit = request.maxResponseBytes
        return try await withTimeout(timeout) {
            do {
                let response = try await http.execute(outgoing, deadline: .now() + .nanoseconds(timeout.nanoseconds))
                let body = try await response.body.collect(upTo: limit)
                return S3Response(
                    status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
            } catch is NIOTooManyBytesError {
                throw S3Error.invalidResponse(operation: operation, reason: "the answer is larger than \(limit) bytes")
            } catch {
                throw Self.classify(error, timeout: timeout)
            }
        }
    }

    /// The signed request, as AsyncHTTPClient sends it: the query exactly as signed, and the
    /// `Host` header we signed (AsyncHTTPClient adds its own only when there is none).
    func prepare(_ request: S3Request, at instant: Date = Date()) -> HTTPClientRequest {
        let query = SigV4Signer.canonicalQuery(request.query)
        let address = address(objectKey: request.objectKey, query: query)
        var signing = SigV4Request(
            method: request.method.rawValue, path: address.path, query: request.query,
            headers: [("host", address.host), ("x-amz-content-sha256", request.payloadHash)] + request.headers,
            payloadHash: request.payloadHash)
        signer.sign(&signing, at: instant)
        var outgoing = HTTPClientRequest(url: address.url)
        outgoing.method = request.method
        for (name, value) in signing.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        return outgoing
    }

    /// What a failed exchange means for retrying.
    static func classify(_ error: any Error, timeout: Duration) -> any Error {
        switch error {
        case let error as S3AttemptFailure: error
        case let error as S3Error: error
        case is CancellationError: S3Error.cancelled
        case let error as HTTPClientError where error == .deadlineExceeded: S3AttemptFailure.timedOut(timeout)
        case let error as HTTPClientError where error == .cancelled: S3Error.cancelled
        default: S3AttemptFailure.connection("\(error)")
        }
    }

    /// What a 404 was about: the bucket when S3 says so, else the key (or the bucket).
    func resource(of request: S3Request, _ failure: S3AttemptFailure) -> String {
        if case .answered(_, let body) = failure, body.code == "NoSuchBucket" { return "s3://\(location.bucket)" }
        return "s3://\(location.bucket)/\(request.objectKey ?? "")"
    }
}

/// Runs `body`, failing with `S3AttemptFailure.timedOut` if it has not finished after `timeout`
/// (the body's task is then cancelled, which makes AsyncHTTPClient drop the connection).
func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw S3AttemptFailure.timedOut(timeout)
        }
        defer { group.cancelAll() }
        do {
            guard let first = try await group.next() else { throw S3AttemptFailure.timedOut(timeout) }
            return first
        } catch is CancellationError {
            throw S3Error.cancelled
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
