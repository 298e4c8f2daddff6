import AsyncHTTPClient
import NIOCore

/// An object's bytes as they arrive, in `ByteBuffer` chunks, without holding the whole object.
/// Iterate it once. A connection lost midway ends the iteration with `S3Error.unavailable`: the
/// bytes already handed out cannot be taken back, so it is not retried.
public struct S3ObjectStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    /// `Content-Length`, when the server sent one.
    public let contentLength: Int?
    let body: HTTPClientResponse.Body
    let operation: String

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), operation: operation)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let operation: String

        public mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch is CancellationError {
                throw S3Error.cancelled
            } catch {
                throw S3Error.unavailable(operation: operation, attempts: 1, reason: "the stream broke: \(error)")
            }
        }
    }
}
