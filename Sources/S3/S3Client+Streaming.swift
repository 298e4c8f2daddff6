import AsyncHTTPClient
import Foundation
import NIOCore

extension S3Client {
    /// The object's bytes as they arrive. Failures before the first byte (an error status, a
    /// refused connection, no answer within `attemptTimeout`) are retried like any request. After
    /// that the pace is the reader's: AsyncHTTPClient's deadline ends with the response head, so
    /// only the `HTTPClient`'s own read timeout (when it has one) bounds a stalled body.
    public func streamObject(_ key: String) async throws -> S3ObjectStream {
        let operation = "get \(key)"
        let request = S3Request(.GET, objectKey: location.objectKey(key), isTransfer: true)
        let timeout = configuration.attemptTimeout
        return try await retrying(request, operation: operation) {
            let response: HTTPClientResponse
            let errorBody: ByteBuffer
            do {
                response = try await http.execute(
                    prepare(request), deadline: .now() + .nanoseconds(timeout.nanoseconds))
                if (200..<300).contains(response.status.code) {
                    return S3ObjectStream(
                        contentLength: response.headers.first(name: "content-length").flatMap { Int($0) },
                        body: response.body, operation: operation)
                }
                errorBody = try await response.body.collect(upTo: 1 << 20)
            } catch {
                throw Self.classify(error, timeout: timeout)
            }
            let status = Int(response.status.code)
            throw S3AttemptFailure.answered(
                status: status, body: S3ErrorBody(status: status, body: Array(errorBody.readableBytesView)))
        }
    }
}
