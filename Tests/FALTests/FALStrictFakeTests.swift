import FAL
import FakeFAL
import Foundation
import PersonaKit
import Providers  // FAL's errors and charges as PersonaKit's
import TestSupport
import Testing

/// The fake refuses what FAL refuses and bills what FAL bills, so a client mistake shows here
/// rather than against the real service.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALStrictFakeTests {
    typealias F = FALFixtures

    @Test func anInvalidInputIsRefusedWithA422ListAndNotRetried() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            var input = F.headshotInput(["data:image/jpeg;base64,AA=="])
            input.aspectRatio = "7:3"
            input.numImages = 9
            let error = await #expect(throws: FALError.self) {
                try await client.submit(FALModel.nanoBananaProEdit, input: input)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 422)
            #expect(api.fieldErrors.map(\.loc) == [["body", "num_images"], ["body", "aspect_ratio"]])
            #expect(api.fieldErrors.map(\.type) == ["value_error.number.not_le", "type_error.enum"])
            #expect(!error!.isRetryable)
            guard case .rejected = error!.providerError else {
                Issue.record("not rejected: \(error!.providerError)")
                return
            }
            let stats = try await F.stats(server)
            #expect(stats.rejectedInputs[FALModel.nanoBananaProEdit] == 1, "asked once, not retried")
            #expect(stats.submissions.isEmpty, "nothing queued, nothing charged")
        }
    }

    @Test func missingFieldsAndTooManyReferencesAreRefused() async throws {
        var options = FakeFALServer.Options()
        options.maxImageURLs = [FALModel.nanoBananaProEdit: 2]
        try await F.withFake(options: options) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let tooMany = F.headshotInput(Array(repeating: "data:image/jpeg;base64,AA==", count: 3))
            let error = await #expect(throws: FALError.self) {
                try await client.submit(FALModel.nanoBananaProEdit, input: tooMany)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.fieldErrors.map(\.type) == ["value_error.list.max_items"])
            struct PromptOnly: Encodable, Sendable { let prompt = "a portrait" }
            let missing = await #expect(throws: FALError.self) {
                try await client.submit(FALModel.nanoBananaProEdit, input: PromptOnly())
            }
            guard case .api(let missingAPI) = missing else {
                Issue.record("not an API error: \(String(describing: missing))")
                return
            }
            #expect(missingAPI.fieldErrors.map(\.loc) == [["body", "image_urls"]])
            #expect(missingAPI.fieldErrors.first?.type == "value_error.missing")
            #expect(try await F.stats(server).submissions.isEmpty)
        }
    }

    /// The other reading of FAL (its webhook examples show it): the queue takes the input and
    /// the job's result is the 422. Failed, and not billed.
    @Test func anInputRefusedByTheQueuedJobFailsUncharged() async throws {
        var options = FakeFALServer.Options()
        options.validatesInResult = true
        try await F.withFake(options: options) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            var input = F.headshotInput(["data:image/jpeg;base64,AA=="])
            input.safetyTolerance = "9"
            let error = await #expect(throws: FALError.self) {
                try await client.subscribe(FALModel.nanoBananaProEdit, input: input, as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 422 && api.fieldErrors.first?.loc == ["body", "safety_tolerance"])
            let stats = try await F.stats(server)
            #expect(stats.submissions[FALModel.nanoBananaProEdit] == 1)
            #expect(stats.resultsFetched == 1)
            #expect(stats.charged.isEmpty)
        }
    }

    /// FAL documents that a cancel removes a queued request and only signals a running one; the
    /// model here, like FAL's, finishes what it started, and it is billed.
    @Test func aCancelledRunningRequestFinishesAndIsCharged() async throws {
        // The job runs 20 s: the cancel must come while it runs, and a full test run on two cores
        // once slowed the status polls so much that a 6 s job had finished before it came.
        try await F.withFake(latency: 20) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let request = try await client.submit(FALModel.nanoBananaProEdit, input: F.headshotInput(urls))
            var state = try await client.status(of: request).state
            for _ in 0..<300 where state != .inProgress {
                try await Task.sleep(for: .milliseconds(50))
                state = try await client.status(of: request).state
            }
            #expect(try await client.cancel(request) == .requested)
            let result = try await client.wait(for: request, as: NanoBananaProOutput.self)
            #expect(result.output.images.count == 1, "it finished anyway")
            let stats = try await F.stats(server)
            #expect(stats.charged[FALModel.nanoBananaProEdit] == 1)
            #expect(stats.chargedAfterCancel == 1, "what an abandoned running job really costs")
        }
    }

    @Test func aModelWithoutAStreamAnswers404() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let error = await #expect(throws: FALError.self) {
                try await client.stream(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                    as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 404)
            #expect(try await F.stats(server).streams.isEmpty)
        }
    }

    /// Error types come from FAL's table; a 429 carries none.
    @Test(
        arguments: [
            (429, nil), (500, "internal_error"), (502, "runner_incomplete_response"),
            (503, "runner_scheduling_failure"),
            (504, "request_timeout"),
        ] as [(Int, String?)])
    func infrastructureErrorsUseFALsErrorTypes(code: Int, type: String?) async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "\(code);on=status")
            let request = FALQueueRequest(
                model: FALModel.nanoBananaProEdit, requestId: "any", queueURL: server.queueURL)
            let error = await #expect(throws: FALError.self) { try await client.status(of: request) }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == code && api.errorType == type, "\(api)")
        }
    }
}
