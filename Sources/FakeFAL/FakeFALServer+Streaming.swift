import Foundation
import NIOConcurrencyHelpers
import Vapor

/// `fal.run`: the synchronous call and `/stream` (fal-api.md §1 "Synchronous endpoint", §4
/// "Streaming protocol"). No queue, no retries, no webhook.
extension FakeFALServer {
    func runSync(_ req: Request, model: String) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        let kinds = await faults(for: req, call: .run, model: model)
        if let answer = await httpFault(kinds) { return answer }
        let job: FakeFALJob
        switch await directJob(req, model: model, faults: kinds) {
        case .success(let made): job = made
        case .failure(let refusal): return refusal.response
        }
        await state.recordRun(model: model)
        let started = Date()
        if job.has(.hang) {
            await waitWhileRunning { false }
            return Self.infrastructureError(504)
        }
        let outcome = try await directOutcome(job, partial: nil)
        await sleepUntil(started.addingTimeInterval(options.latency))
        return Self.answer(for: outcome, requestId: job.id)
    }

    /// Events: a progress event, a partial image (a small preview), then the output itself.
    /// Only the models configured with a `/stream` endpoint have one; the others answer 404, as
    /// FAL does for a path its app does not serve. An error ends the stream as a plain data
    /// event carrying the error body (or, with `stream_error_event`, as `event: error`).
    func stream(_ req: Request, model: String) async throws -> Response {
        guard options.streamingModels.contains(model) else { return notFound() }
        if let refusal = unauthorized(req) { return refusal }
        let kinds = await faults(for: req, call: .stream, model: model)
        if let answer = await httpFault(kinds) { return answer }
        let job: FakeFALJob
        switch await directJob(req, model: model, faults: kinds) {
        case .success(let made): job = made
        case .failure(let refusal): return refusal.response
        }
        await state.recordStream(model: model)
        let started = Date()
        let response = Self.sse { [self] writer in
            if job.has(.hang) {
                // Headers out, then silence: only the client's idle watchdog ends this.
                await waitWhileRunning { false }
                try await writer.write(.end)
                return
            }
            try await writer.write(
                .buffer(Self.event(Array(#"{"type":"progress","status":"IN_PROGRESS","progress":0.1}"#.utf8))))
            let previews = NIOLockedValueBox<[FakeFALModel.Image]>([])
            let done = NIOLockedValueBox(false)
            let rendering = Task {
                defer { done.withLockedValue { $0 = true } }
                return try await directOutcome(job) { preview in previews.withLockedValue { $0.append(preview) } }
            }
            try await keepAlive(writer) { done.withLockedValue { $0 } }
            let outcome = try await rendering.value
            for (i, preview) in previews.withLockedValue({ $0 }).enumerated() {
                let image: [String: Any] = [
                    "url": "data:\(preview.contentType);base64," + Data(preview.bytes).base64EncodedString(),
                    "content_type": preview.contentType, "width": preview.width, "height": preview.height,
                ]
                let event: [String: Any] = [
                    "type": "partial_image", "partial_image_index": i, "progress": 0.5, "images": [image],
                ]
                try await writer.write(
                    .buffer(
                        Self.event(
                            Array(
                                try JSONSerialization.data(
                                    withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes])))))
            }
            let doneAt = started.addingTimeInterval(options.latency)
            try await keepAlive(writer) { Date() >= doneAt }
            switch outcome {
            case .output(let body): try await writer.write(.buffer(Self.event(body)))
            case .error(_, let body, _, _):
                try await writer.write(.buffer(Self.event(body, name: job.has(.streamErrorEvent) ? "error" : nil)))
            }
            try await writer.write(.end)
        }
        response.headers.replaceOrAdd(name: "x-fal-request-id", value: job.id)
        return response
    }

    /// An input a direct call refused: the 422 it answers.
    struct Refusal: Error {
        let response: Response
    }

    /// A job record for a direct call (not queued, not counted as a submission), or the 422 for
    /// an input FAL would refuse.
    func directJob(_ req: Request, model: String, faults: [FakeFALFault.Kind]) async -> Result<FakeFALJob, Refusal> {
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let problems = options.validation.problems(model: model, body: bytes)
        guard problems.isEmpty, let input = try? JSONDecoder().decode(FakeModelInput.self, from: Data(bytes)) else {
            await state.recordRejectedInput(model: model)
            let listed =
                problems.isEmpty
                ? [.init(loc: ["body"], msg: "The input could not be read.", type: "value_error.jsondecode")] : problems
            return .failure(Refusal(response: Self.json(.unprocessableEntity, Self.validationBody(listed))))
        }
        return .success(
            FakeFALJob(
                id: UUID().uuidString.lowercased(), model: model, requestsBase: Self.requestsBase(of: model),
                input: input, faults: faults.filter(\.isJobFault), webhookURL: nil, submittedAt: Date()))
    }

    func directOutcome(_ job: FakeFALJob, partial: (@Sendable (FakeFALModel.Image) -> Void)?) async throws
        -> FakeFALJob.Outcome
    {
        await jobOutcome(job, partial: partial)
    }

    static func answer(for outcome: FakeFALJob.Outcome, requestId: String) -> Response {
        switch outcome {
        case .output(let body): return json(.ok, body, headers: [("x-fal-request-id", requestId)])
        case .error(let status, let body, let type, let retryable):
            var headers = [("x-fal-request-id", requestId), ("X-Fal-Retryable", retryable ? "true" : "false")]
            if let type { headers.append(("X-Fal-Error-Type", type)) }
            return json(HTTPResponseStatus(statusCode: status), body, headers: headers)
        }
    }

    /// SSE comments every half second until `done`: a working server shows life, so the
    /// client's idle watchdog only fires on a dead one (the `hang` fault sends nothing).
    func keepAlive(_ writer: any AsyncBodyStreamWriter, until done: @Sendable () -> Bool) async throws {
        var lastPing = Date()
        while !done(), !(await state.stopping) {
            try await Task.sleep(for: .milliseconds(20))
            if Date().timeIntervalSince(lastPing) >= 0.5 {
                try await writer.write(.buffer(ByteBuffer(string: ": ping\n\n")))
                lastPing = Date()
            }
        }
    }

    func sleepUntil(_ date: Date) async {
        await waitWhileRunning { Date() >= date }
    }
}
