import Foundation
import Vapor

/// The queue: submit, status, status stream, result, cancel (fal-api.md §1).
extension FakeFALServer {
    func submit(_ req: Request, model: String) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        let kinds = await faults(for: req, call: .submit, model: model)
        if let answer = await httpFault(kinds) { return answer }
        await state.recordLifecycle("output", req.headers.first(name: "x-fal-object-lifecycle-preference"))
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let problems = options.validation.problems(model: model, body: bytes)
        var refusal: [FakeInputValidation.Problem] = []
        if !problems.isEmpty {
            // FAL refuses at once, or (as its webhook examples show) the queued job does.
            guard options.validatesInResult, problems.first?.type != "value_error.jsondecode" else {
                await state.recordRejectedInput(model: model)
                return Self.json(.unprocessableEntity, Self.validationBody(problems))
            }
            refusal = problems
        }
        let input = (try? JSONDecoder().decode(FakeModelInput.self, from: Data(bytes))) ?? FakeModelInput()
        let id = UUID().uuidString.lowercased()
        var job = FakeFALJob(
            id: id, model: model, requestsBase: Self.requestsBase(of: model), input: input,
            faults: kinds.filter(\.isJobFault), webhookURL: req.query[String.self, at: "fal_webhook"],
            submittedAt: Date())
        job.refusal = refusal
        await state.add(job)
        // A lost request never runs: the queue forgot it as soon as it answered.
        if !job.isLost { Task { await self.run(jobID: id) } }
        if kinds.contains(.stallAfterAccept) {
            // Queued and running; the caller never learns it (see FakeFALFault).
            await waitWhileRunning { false }
            return Self.infrastructureError(504)
        }
        let urls = requestURLs(job)
        return Self.json(
            .ok,
            object: [
                "status": "IN_QUEUE", "request_id": id, "gateway_request_id": id,
                "queue_position": await state.queuePosition(of: id) ?? 0,
                "status_url": urls.status, "response_url": urls.response, "cancel_url": urls.cancel, "logs": NSNull(),
                "metrics": [String: Any](),
            ], headers: [("x-fal-request-id", id)])
    }

    /// Only owner/app go into `requests` paths (workflows/ and comfy/ keep three parts).
    static func requestsBase(of model: String) -> String {
        let parts = model.split(separator: "/")
        return parts.prefix(["workflows", "comfy"].contains(String(parts.first ?? "")) ? 3 : 2).joined(separator: "/")
    }

    func requestURLs(_ job: FakeFALJob) -> (status: String, response: String, cancel: String) {
        let base = "\(queueURL)/\(job.requestsBase)/requests/\(job.id)"
        return (base + "/status", base, base + "/cancel")
    }

    // MARK: The job's life

    /// Queued for part of the latency (and until a slot is free), then in progress: render,
    /// wait out the rest of the latency, complete, deliver the webhook. A cancel stops the job
    /// only while it is queued; a running one finishes and is charged, as FAL documents (the
    /// cancellation signal reaches the app, which decides: only a `hang`ing one stops).
    func run(jobID id: String) async {
        guard let job = await state.job(id) else { return }
        let state = self.state
        let maxConcurrent = options.maxConcurrent
        let queuedUntil = job.submittedAt.addingTimeInterval(options.latency * options.queueFraction)
        await waitWhileRunning {
            if await state.job(id)?.cancelRequested ?? true { return true }
            guard Date() >= queuedUntil else { return false }
            return await state.mayStart(id, maxConcurrent: maxConcurrent)
        }
        if await state.stopping { return }
        if await state.job(id)?.cancelRequested ?? true {
            await state.update(id) { $0.cancelledInQueue = true }
            return await finish(id, Self.cancelledOutcome())
        }
        await state.update(id) {
            $0.phase = .running
            $0.startedAt = Date()
        }
        await state.log(id, "Starting \(job.model) with \(job.input.imageURLs?.count ?? 0) reference image(s)")

        if job.has(.hang) {
            await waitWhileRunning { await state.job(id)?.cancelRequested ?? true }
            if await state.stopping { return }
            return await finish(id, Self.cancelledOutcome())
        }
        let outcome = await jobOutcome(job, log: { message in await state.log(id, message) })
        let doneAt = job.submittedAt.addingTimeInterval(options.latency)
        await waitWhileRunning { Date() >= doneAt }
        if await state.stopping { return }
        await finish(id, outcome)
    }

    /// What a started job ends with: the input's refusal, a fault's error, or the render.
    func jobOutcome(
        _ job: FakeFALJob, log: @Sendable (String) async -> Void = { _ in },
        partial: (@Sendable (FakeFALModel.Image) -> Void)? = nil
    ) async -> FakeFALJob.Outcome {
        if !job.refusal.isEmpty {
            return .error(
                status: 422, body: Self.validationBody(job.refusal), errorType: job.refusal[0].type, retryable: false)
        }
        if job.has(.contentPolicy) {
            return .error(
                status: 422, body: Self.contentPolicyBody(), errorType: "content_policy_violation", retryable: false)
        }
        if job.has(.completedError) {
            return .error(
                status: 500,
                body: Array(
                    #"{"detail":"The runner encountered an internal server error","error_type":"runner_server_error"}"#
                        .utf8),
                errorType: "runner_server_error", retryable: false)
        }
        if job.has(.retryableError) {
            return .error(
                status: 500,
                body: Self.validationBody(
                    loc: ["body"], message: "The model failed for a passing reason; submitting again may work.",
                    type: "internal_server_error"),
                errorType: "internal_server_error", retryable: true)
        }
        return await render(job, log: log, partial: partial)
    }

    /// The result of a request cancelled before it ran (FAL's `client_cancelled`).
    static func cancelledOutcome() -> FakeFALJob.Outcome {
        .error(
            status: 499,
            body: Array(#"{"detail":"The request was cancelled by the client","error_type":"client_cancelled"}"#.utf8),
            errorType: "client_cancelled", retryable: false)
    }

    func finish(_ id: String, _ outcome: FakeFALJob.Outcome) async {
        await state.update(id) {
            $0.phase = .completed
            $0.finishedAt = Date()
            $0.outcome = outcome
        }
        await state.log(id, "Finished")
        guard let job = await state.job(id) else { return }
        await state.recordFinished(job)
        if let webhook = job.webhookURL { await deliverWebhook(to: webhook, job: job, outcome: outcome) }
    }

    /// The model's answer for `job`: its output JSON, or the error a result fetch returns.
    func render(
        _ job: FakeFALJob, sync: Bool = false, log: @Sendable (String) async -> Void = { _ in },
        partial: (@Sendable (FakeFALModel.Image) -> Void)? = nil
    ) async -> FakeFALJob.Outcome {
        do {
            var images = try await model.render(job.input, model: job.model, look: job.look, partial: partial)
            if let limit = job.pictureLimit { images = Array(images.prefix(limit)) }
            await log("Rendered \(images.count) image(s)")
            var entries: [[String: Any]] = []
            for (i, image) in images.enumerated() {
                let ext = image.contentType == "image/png" ? "png" : "jpg"
                let name = "\(job.id)-\(i).\(ext)"
                let url: String
                if job.input.syncMode == true {
                    url = "data:\(image.contentType);base64," + Data(image.bytes).base64EncodedString()
                } else {
                    let fileID = await state.store(
                        .init(bytes: image.bytes, contentType: image.contentType, name: name))
                    url = "\(baseURL)/files/\(fileID)/\(name)"
                }
                entries.append([
                    "url": url, "content_type": image.contentType, "file_name": name, "file_size": image.bytes.count,
                    "width": image.width, "height": image.height,
                ])
            }
            var output: [String: Any] = ["images": entries]
            if job.model.contains("nano-banana") { output["description"] = "" }
            return .output(
                Array(
                    try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes]))
            )
        } catch let refusal as FakeFALModel.Refusal {
            await log("Refused: \(refusal.message)")
            return .error(
                status: 422, body: Self.validationBody(loc: refusal.loc, message: refusal.message, type: refusal.type),
                errorType: refusal.type, retryable: false)
        } catch {
            await log("Failed: \(error)")
            return .error(
                status: 500,
                body: Array(#"{"detail":"Internal error while generating","error_type":"internal_server_error"}"#.utf8),
                errorType: "internal_server_error", retryable: false)
        }
    }

    // MARK: Status, result, cancel

    func statusObject(_ job: FakeFALJob, logs: Bool) async -> (status: HTTPResponseStatus, object: [String: Any]) {
        let urls = requestURLs(job)
        var object: [String: Any] = [
            "status": job.phase.rawValue, "request_id": job.id, "response_url": urls.response,
            "status_url": urls.status, "cancel_url": urls.cancel,
        ]
        object["logs"] =
            logs
            ? job.logs.map {
                ["message": $0.message, "level": $0.level, "source": $0.source, "timestamp": $0.timestamp]
            } : NSNull()
        switch job.phase {
        case .queued:
            object["queue_position"] = await state.queuePosition(of: job.id) ?? 0
        case .running:
            break
        case .completed:
            if let started = job.startedAt, let finished = job.finishedAt {
                object["metrics"] = ["inference_time": finished.timeIntervalSince(started)]
            }
            // As the Python client reads it: a COMPLETED status may carry the failure.
            if case .error(let status, _, let type, _) = job.outcome, status >= 500 {
                object["error"] = "Invalid status code: \(status)"
                object["error_type"] = type
            }
        }
        return (job.phase == .completed ? .ok : .accepted, object)
    }

    func status(_ req: Request, _ target: RequestTarget) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        if let answer = await httpFault(await faults(for: req, call: .status)) { return answer }
        guard let job = await knownJob(target) else { return requestNotFound() }
        let (status, object) = await statusObject(job, logs: Self.wantsLogs(req))
        return Self.json(status, object: object, headers: [("x-fal-request-id", job.id)])
    }

    static func wantsLogs(_ req: Request) -> Bool {
        let value = req.query[String.self, at: "logs"] ?? "0"
        return value == "1" || value.lowercased() == "true"
    }

    /// The job a `requests/{id}` path names, unless the queue lost it.
    func knownJob(_ target: RequestTarget) async -> FakeFALJob? {
        guard let job = await state.job(target.id), job.requestsBase == target.base, !job.isLost else { return nil }
        return job
    }

    func requestNotFound() -> Response {
        Self.json(.notFound, object: ["detail": "Request not found", "status": "NOT_FOUND"])
    }

    /// SSE: one event per change of status, ending after COMPLETED.
    func statusStream(_ req: Request, _ target: RequestTarget) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        if let answer = await httpFault(await faults(for: req, call: .status)) { return answer }
        guard let first = await knownJob(target) else { return requestNotFound() }
        let logs = Self.wantsLogs(req)
        return Self.sse { [self] writer in
            var lastSent = ""
            while !(await state.stopping) {
                guard let job = await state.job(first.id) else { break }
                let (_, object) = await statusObject(job, logs: logs)
                let data =
                    (try? JSONSerialization.data(
                        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                let text = String(decoding: data, as: UTF8.self)
                if text != lastSent {
                    try await writer.write(.buffer(Self.event(Array(data))))
                    lastSent = text
                }
                if job.phase == .completed { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await writer.write(.end)
        }
    }

    func result(_ req: Request, _ target: RequestTarget) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        if let answer = await httpFault(await faults(for: req, call: .result)) { return answer }
        guard let job = await knownJob(target) else { return requestNotFound() }
        guard job.phase == .completed, let outcome = job.outcome else {
            return Self.json(
                .badRequest, object: ["detail": "Request is still in progress", "status": job.phase.rawValue])
        }
        await state.recordResultFetch(job.id)
        switch outcome {
        case .output(let body):
            return Self.json(.ok, body, headers: [("x-fal-request-id", job.id)])
        case .error(let status, let body, let type, let retryable):
            var headers = [("x-fal-request-id", job.id), ("X-Fal-Retryable", retryable ? "true" : "false")]
            if let type { headers.append(("X-Fal-Error-Type", type)) }
            return Self.json(HTTPResponseStatus(statusCode: status), body, headers: headers)
        }
    }

    func cancel(_ req: Request, _ target: RequestTarget) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        if let answer = await httpFault(await faults(for: req, call: .cancel)) { return answer }
        guard let job = await knownJob(target) else { return Self.json(.notFound, object: ["status": "NOT_FOUND"]) }
        if job.phase == .completed { return Self.json(.badRequest, object: ["status": "ALREADY_COMPLETED"]) }
        await state.update(job.id) { $0.cancelRequested = true }
        await state.recordCancellation()
        await state.log(job.id, "Cancellation requested", level: "WARN")
        return Self.json(.accepted, object: ["status": "CANCELLATION_REQUESTED"])
    }
}
