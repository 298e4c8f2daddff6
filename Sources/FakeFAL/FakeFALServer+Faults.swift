import Foundation
import Vapor

extension FakeFALServer {
    /// `Authorization: Key …` is required on FAL's authenticated calls; 401 otherwise.
    func unauthorized(_ req: Request) -> Response? {
        guard let header = req.headers.first(name: .authorization), header.hasPrefix("Key "), header.count > 4 else {
            return Self.json(
                .unauthorized, object: ["detail": "Missing authorization: send 'Authorization: Key <FAL_KEY>'."])
        }
        if let required = options.requiredKey, String(header.dropFirst(4)) != required {
            return Self.json(.unauthorized, object: ["detail": "The key is not valid."])
        }
        return nil
    }

    /// The faults hitting this call (server-wide ones first, then the request's header).
    func faults(for req: Request, call: FakeFALFault.Call, model: String? = nil) async -> [FakeFALFault.Kind] {
        let requested = req.headers[Self.faultHeader].flatMap(FakeFALFault.parse)
        let matching = (options.faults + requested).filter { $0.model == nil || $0.model == model }
        return await state.consumeFaults(matching, call: call)
    }

    /// The answer an HTTP-level fault gives instead of the real one, if any hit.
    func httpFault(_ kinds: [FakeFALFault.Kind]) async -> Response? {
        for kind in kinds {
            switch kind {
            case .status(let code):
                return Self.infrastructureError(code)
            case .uploadTokenUnavailable:
                return Self.infrastructureError(500)
            case .contentPolicyAtSubmit:
                return Self.json(.unprocessableEntity, Self.contentPolicyBody())
            case .drop, .networkGap:
                // The head may go out, then the connection closes mid-answer: the client sees a
                // dropped connection, not an HTTP error.
                return Response(
                    status: .ok,
                    body: .init(asyncStream: { writer in
                        try await writer.write(.error(FakeDrop()))
                    }))
            case .stall:
                await waitWhileRunning { false }
                return Self.infrastructureError(504)
            case .stallAfterAccept, .jwksMinimal, .contentPolicy, .completedError, .retryableError, .requestLost, .hang,
                .webhookTwice, .webhookGatewayId, .streamErrorEvent, .otherPerson, .warp, .fewerImages:
                continue
            }
        }
        return nil
    }

    /// Sleeps in small steps until `done` says so, the fake stops, or `stallLimit` passes.
    func waitWhileRunning(until done: @Sendable () async -> Bool) async {
        let limit = Date().addingTimeInterval(options.stallLimit)
        while Date() < limit, !(await state.stopping), !(await done()) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    struct FakeDrop: Error {}
}
