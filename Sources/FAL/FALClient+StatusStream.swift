import AsyncHTTPClient
import Foundation
import NIOCore

extension FALClient {
    /// `GET {status_url}/stream`: the queue's status as Server-Sent Events, one per change, ending
    /// after COMPLETED (fal-api.md §1; fal-js calls it experimental and polls by default). Each
    /// status goes to `onStatus` as it arrives. Only a faster view: it is not retried, and a caller
    /// still reads the result through `wait` (polling), which this can only wake sooner.
    public func streamStatus(of request: FALQueueRequest, onStatus: @Sendable (FALQueueStatus) -> Void) async throws {
        let base = request.statusURL
        let url: String
        if let query = base.firstIndex(of: "?") {
            url = base[..<query] + "/stream" + base[query...] + "&logs=0"
        } else {
            url = base + "/stream?logs=0"
        }
        let outgoing = makeRequest(
            FALHTTPRequest(method: .GET, url: url, headers: [("Accept", "text/event-stream")]))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(outgoing, deadline: .distantFuture)
        } catch is CancellationError {
            throw FALError.cancelled
        } catch {
            throw FALError.connection("status stream of \(request.requestId): \(error)")
        }
        try await Self.requireSuccess(response)
        var parser = ServerSentEventParser()
        do {
            for try await chunk in response.body {
                for event in parser.feed(chunk.readableBytesView) {
                    let decoded: FALQueueStatus.Body? = try? FALJSON.decode(
                        Array(event.data.utf8), what: "a status event")
                    guard let body = decoded else { continue }
                    let status = FALQueueStatus(body: body, httpStatus: 202)
                    onStatus(status)
                    if status.state.isFinal { return }
                }
            }
        } catch is CancellationError {
            throw FALError.cancelled
        } catch {
            throw FALError.connection("status stream of \(request.requestId): \(error)")
        }
    }
}
