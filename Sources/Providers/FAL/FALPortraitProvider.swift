import FAL
import Foundation
import Imaging
import PersonaKit

/// Portraits from `fal-ai/nano-banana-pro/edit` on FAL's queue. The stored request id is the whole
/// submit answer (id plus the status, result and cancel URLs FAL gave), so a restarted server
/// resumes exactly that request instead of paying for a new one. Outputs are downloaded at once:
/// FAL's URLs expire, ours must not.
public struct FALPortraitProvider: PortraitProvider {
    public let name = "fal"
    public let model = FALModel.nanoBananaProEdit
    let client: FALClient
    let settings: FALPortraitSettings
    let loader: ReferenceLoader
    let inbox: FALWebhookInbox
    private let uploads = ReferenceUploads()

    public init(
        client: FALClient, settings: FALPortraitSettings, loader: @escaping ReferenceLoader, inbox: FALWebhookInbox
    ) {
        self.client = client
        self.settings = settings
        self.loader = loader
        self.inbox = inbox
    }

    public func charge(for request: PortraitRequest) -> ProviderCharge {
        client.configuration.prices.charge(for: input(for: request, imageURLs: [])).providerCharge
    }

    /// The model's input: the scenario's prompt (written for identity preservation), the person's
    /// refinement if any, and the references in the order the selection ranked them.
    func input(for request: PortraitRequest, imageURLs: [String]) -> NanoBananaProEditInput {
        var prompt = request.scenario.prompt
        if let instruction = request.instruction?.trimmingCharacters(in: .whitespacesAndNewlines), !instruction.isEmpty
        {
            prompt += " Refinement requested by the person: \(instruction)."
        }
        return NanoBananaProEditInput(
            prompt: prompt, imageURLs: imageURLs, numImages: 1, aspectRatio: request.scenario.aspectRatio,
            outputFormat: .jpeg, resolution: settings.resolution,
            seed: Int(truncatingIfNeeded: request.seed & 0x7fff_ffff), safetyTolerance: settings.safetyTolerance)
    }

    public func submit(_ request: PortraitRequest) async throws -> String {
        try await submit(request, tag: nil, committing: {})
    }

    public func submit(_ request: PortraitRequest, tag: String, committing: @Sendable () async throws -> Void)
        async throws -> String
    {
        try await submit(request, tag: Optional(tag), committing: committing)
    }

    /// With webhooks on, FAL reports every finished request, ours by its tag even when we lost its id.
    public var reportsLostSubmissions: Bool { settings.webhookURL != nil }

    private func submit(_ request: PortraitRequest, tag: String?, committing: @Sendable () async throws -> Void)
        async throws -> String
    {
        var urls: [String] = []
        do {
            for reference in request.references.prefix(settings.referencesPerCall) {
                urls.append(
                    try await uploads.url(for: reference) { [client, loader] in
                        let bytes = try await loader(reference)
                        return try await client.upload(
                            bytes, contentType: "image/jpeg", fileName: nil,
                            lifetimeSeconds: settings.storageLifetimeSeconds)
                    })
            }
        } catch let error as ProviderError {
            throw error
        } catch {
            throw providerError(from: error)
        }
        // The caller's own write (the submission's marker): its failure is the caller's to read
        // (a database out of reach is not FAL being unavailable), so it passes through as thrown.
        try await committing()
        let options = settings.submitOptions(tag: tag)
        do {
            let queued = try await client.submit(
                model, input: input(for: request, imageURLs: urls), options: options)
            return String(decoding: try JSONEncoder().encode(queued), as: UTF8.self)
        } catch let error as ProviderError {
            throw error
        } catch {
            if let unanswered = UnansweredSubmission.from(error, options: options) { throw unanswered }
            throw providerError(from: error)
        }
    }

    /// Waits for the job: polls its status, sooner when its webhook nudges, through failed reads,
    /// until it completes or the job deadline passes. What then follows is the caller's
    /// (`SubmissionVerdict`): a request still running at the deadline is kept (FAL would bill it
    /// even if cancelled), one FAL does not know (404 past the grace) or failed while marking it
    /// `X-Fal-Retryable` is worth a new submission. The request is not cancelled if this task is
    /// (a shutdown): a restart resumes it.
    public func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?)
        async throws -> GeneratedImage
    {
        let queued = try Self.queueRequest(from: requestId, model: model, queueURL: client.configuration.queueURL)
        let output: NanoBananaProOutput
        do {
            output = try await client.wait(
                for: queued, as: NanoBananaProOutput.self, cancelOnTaskCancellation: false,
                pause: { [inbox] pause in await inbox.wait(for: queued.requestId, timeout: pause) }
            ).output
        } catch let error as FALError {
            throw Self.verdict(for: error) ?? error.providerError
        } catch {
            throw providerError(from: error)
        }
        guard let file = output.images.first else {
            throw ProviderError.rejected(code: "no_image", message: "FAL finished without an image.")
        }
        do {
            return try await download(file)
        } catch let error as ProviderError {
            throw error
        } catch {
            throw providerError(from: error)
        }
    }

    /// What a failed wait means for the submission, when it means more than a failed portrait.
    static func verdict(for error: FALError) -> SubmissionVerdict? {
        switch error {
        case .timeout(let timeout) where timeout.scope == .job && timeout.requestMayStillFinish:
            return .stillRunning(
                code: error.code, message: "\(timeout.description) The request is kept: FAL may still finish it.")
        case .api(let api) where api.status == 404:
            return .resubmit(code: "fal_request_unknown", message: "FAL does not know the request: \(api.summary)")
        case .api(let api) where api.submittingAgainMayHelp:
            return .resubmit(
                code: api.code, message: "FAL failed the request and says submitting again may work: \(api.summary)")
        default:
            return nil
        }
    }

    public func cancel(requestId: String) async throws {
        let queued = try Self.queueRequest(from: requestId, model: model, queueURL: client.configuration.queueURL)
        _ = try? await client.cancel(queued)
    }

    private func download(_ file: FALImageFile) async throws -> GeneratedImage {
        let (bytes, _) = try await client.download(file.url)
        // Stored like every image here: sRGB pixels, untagged, without the metadata FAL may add.
        guard let image = try? ImageSanitizer.untaggedSRGB(from: bytes) else {
            throw ProviderError.rejected(code: "unreadable_output", message: "FAL's image could not be read.")
        }
        return GeneratedImage(
            bytes: image.bytes, contentType: image.contentType, width: image.width, height: image.height)
    }

    /// The stored form is the submit answer as JSON; a bare id (from an older row, or typed by a
    /// person resuming by hand) is accepted too, with the URLs rebuilt the documented way.
    static func queueRequest(from stored: String, model: String, queueURL: String) throws -> FALQueueRequest {
        if stored.hasPrefix("{") {
            guard let request = try? JSONDecoder().decode(FALQueueRequest.self, from: Data(stored.utf8)) else {
                throw ProviderError.unknownRequest(stored)
            }
            return request
        }
        guard !stored.isEmpty else { throw ProviderError.unknownRequest(stored) }
        return FALQueueRequest(model: model, requestId: stored, queueURL: queueURL)
    }
}
