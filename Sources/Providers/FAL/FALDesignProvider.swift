import FAL
import Foundation
import Imaging
import PersonaKit

/// Design pictures from `fal-ai/gpt-image-1.5/edit` on FAL's queue, and from
/// `fal-ai/nano-banana-pro/edit` when GPT Image refuses an edit of a real person under its content
/// policy. Always a queue job: the submit answer is returned for the caller to store before it
/// waits, so a restarted server resumes that request instead of paying for another. The pictures
/// are downloaded at once (FAL's URLs expire) and come back without any text: the caller crops
/// them to the format and sets the title.
public struct FALDesignProvider: Sendable {
    public static let model = FALModel.gptImage15Edit
    public static let fallbackModel = FALModel.nanoBananaProEdit

    let client: FALClient
    let settings: FALPortraitSettings
    let inbox: FALWebhookInbox

    public init(client: FALClient, settings: FALPortraitSettings, inbox: FALWebhookInbox) {
        self.client = client
        self.settings = settings
        self.inbox = inbox
    }

    /// One picture to ask for: the prompt (`DesignModelPrompt`), the images in the order the model
    /// sees them (the persona's references, then the previous version's picture when refining),
    /// the format it ends up in and the quality.
    public struct Order: Sendable {
        public var prompt: String
        public var images: [[UInt8]]
        public var format: DesignFormat
        /// `medium` for drafts, `high` for a final.
        public var quality: String
        /// Pictures to make (`num_images`, 1–4): four variations on FAL share one request.
        public var count: Int

        public init(prompt: String, images: [[UInt8]], format: DesignFormat, quality: String, count: Int = 1) {
            self.prompt = prompt
            self.images = images
            self.format = format
            self.quality = quality
            self.count = max(1, min(4, count))
        }
    }

    /// A submitted request: what to store (the submit answer as JSON), FAL's id, and its price.
    public struct Submission: Sendable {
        public let stored: String
        public let requestId: String
        public let model: String
        public let charge: FALCharge
    }

    /// JPEG, not FAL's default PNG: a third of the bytes to download and far quicker to decode and
    /// re-encode safely, for a picture that is cropped and re-encoded here anyway.
    func gptInput(_ order: Order, urls: [String]) -> GPTImage15EditInput {
        let (width, height) = order.format.modelSize
        return GPTImage15EditInput(
            prompt: order.prompt, imageURLs: urls, imageSize: "\(width)x\(height)", quality: order.quality,
            background: "opaque", inputFidelity: "high", numImages: order.count, outputFormat: .jpeg)
    }

    func nanoInput(_ order: Order, urls: [String]) -> NanoBananaProEditInput {
        NanoBananaProEditInput(
            prompt: order.prompt, imageURLs: urls, numImages: order.count,
            aspectRatio: Self.aspectRatio(of: order.format),
            outputFormat: .jpeg, resolution: settings.resolution, safetyTolerance: settings.safetyTolerance)
    }

    /// Nano Banana's nearest aspect ratio to the format's.
    static func aspectRatio(of format: DesignFormat) -> String {
        let ratios = ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"]
        let wanted = Double(format.size.width) / Double(format.size.height)
        func value(_ ratio: String) -> Double {
            let parts = ratio.split(separator: ":").compactMap { Double($0) }
            return parts[0] / parts[1]
        }
        return ratios.min { abs(log(value($0) / wanted)) < abs(log(value($1) / wanted)) }!
    }

    /// With webhooks on, FAL reports every finished request, ours by its tag even when we lost its id.
    public var reportsLostSubmissions: Bool { settings.webhookURL != nil }

    /// Uploads the images and queues the request (GPT Image, or Nano Banana when `fallback`). The
    /// webhook URL names `tag` (the design version), and `committing` (the caller's marker that a
    /// paid submission begins) runs after the uploads, just before the paid call: its failure is
    /// the caller's, thrown as it is.
    public func submit(
        _ order: Order, fallback: Bool = false, tag: String? = nil,
        committing: @Sendable () async throws -> Void = {}
    ) async throws -> Submission {
        var urls: [String] = []
        do {
            for image in order.images {
                urls.append(
                    try await client.upload(
                        image, contentType: ImageFormat.sniff(image) == .png ? "image/png" : "image/jpeg",
                        fileName: nil,
                        lifetimeSeconds: settings.storageLifetimeSeconds))
            }
        } catch {
            throw providerError(from: error)
        }
        try await committing()
        let options = settings.submitOptions(tag: tag, parameter: FALPortraitSettings.designTagParameter)
        do {
            let prices = client.configuration.prices
            let queued: FALQueueRequest
            let charge: FALCharge
            if fallback {
                let input = nanoInput(order, urls: urls)
                queued = try await client.submit(Self.fallbackModel, input: input, options: options)
                charge = prices.charge(for: input)
            } else {
                let input = gptInput(order, urls: urls)
                queued = try await client.submit(Self.model, input: input, options: options)
                charge = prices.charge(for: input)
            }
            return Submission(
                stored: String(decoding: try JSONEncoder().encode(queued), as: UTF8.self),
                requestId: queued.requestId, model: fallback ? Self.fallbackModel : Self.model, charge: charge)
        } catch let error as FALError where error.isContentPolicyRefusal {
            throw error
        } catch {
            if let unanswered = UnansweredSubmission.from(error, options: options) { throw unanswered }
            throw providerError(from: error)
        }
    }

    /// A live preview beside the queue job: the same request at low quality on FAL's `/stream`
    /// endpoint (outside the queue: no status, no retries, no webhook, so never the picture that
    /// counts), each partial image handed to `onPartial` as it arrives (`previewCharge` is its
    /// price). The stream's own final picture is not used. Whether FAL streams partials for this
    /// model is unconfirmed (fal-api.md §4): without them this shows nothing and costs the same.
    public func preview(
        _ order: Order, onStart: @escaping @Sendable () async -> Void,
        onPartial: @escaping @Sendable (_ index: Int, _ image: [UInt8]) async -> Void
    ) async throws {
        var urls: [String] = []
        for image in order.images {
            urls.append(
                try await client.upload(
                    image, contentType: ImageFormat.sniff(image) == .png ? "image/png" : "image/jpeg", fileName: nil,
                    lifetimeSeconds: settings.storageLifetimeSeconds))
        }
        let input = previewInput(order, urls: urls)
        enum Seen: Sendable {
            case started
            case partial(FALImageFile)
        }
        let (events, sink) = AsyncStream.makeStream(of: Seen.self)
        // The relay runs the callers' work in order; it is cancelled with this task (a partial is
        // then no longer handed on, though the charge's `onStart` still is), and always awaited,
        // so nothing it does happens after this returns.
        let relay = Task { [client] in
            var index = 0
            for await event in events {
                switch event {
                case .started: await onStart()
                case .partial(let file):
                    guard !Task.isCancelled, let (bytes, _) = try? await client.download(file.url),
                        !Task.isCancelled
                    else { continue }
                    await onPartial(index, bytes)
                    index += 1
                }
            }
        }
        do {
            try await withTaskCancellationHandler {
                // The last event is the result; only the ones before it are partials.
                _ = try await client.stream(Self.model, input: input, as: GPTImage15Output.self) { event in
                    if event.index == 0 { sink.yield(.started) }
                    if event.name == "error" { return }
                    if Self.isPartial(event) { for file in event.images { sink.yield(.partial(file)) } }
                }
            } onCancel: {
                relay.cancel()
            }
        } catch {
            sink.finish()
            await relay.value
            throw error
        }
        sink.finish()
        await relay.value
    }

    func previewInput(_ order: Order, urls: [String]) -> GPTImage15EditInput {
        var input = gptInput(order, urls: urls)
        input.quality = "low"
        input.numImages = 1
        return input
    }

    /// What the preview stream costs (a low-quality picture of the same size).
    public func previewCharge(_ order: Order) -> FALCharge {
        client.configuration.prices.charge(for: previewInput(order, urls: []))
    }

    /// A partial image event: OpenAI's `partial_image` type (as FAL may forward it), or any event
    /// with images that says it is not the end.
    static func isPartial(_ event: FALStreamEvent) -> Bool {
        guard !event.images.isEmpty else { return false }
        let text = String(decoding: event.data, as: UTF8.self)
        return text.contains("partial_image")
    }

    /// What a submission of `order` costs and which model takes it, without submitting: for a
    /// request known only from its webhook (claimed after a crash), and for one picture of a
    /// request for several (an order of one: each variation's version carries its own line).
    public func charge(for order: Order, fallback: Bool) -> (model: String, charge: FALCharge) {
        let prices = client.configuration.prices
        return fallback
            ? (Self.fallbackModel, prices.charge(for: nanoInput(order, urls: [])))
            : (Self.model, prices.charge(for: gptInput(order, urls: [])))
    }

    /// The stored form of a request known only by its id (a webhook's): the submit answer's URLs
    /// rebuilt the documented way for the model that took it.
    public func storedRequest(requestId: String, fallback: Bool) throws -> String {
        let queued = FALQueueRequest(
            model: fallback ? Self.fallbackModel : Self.model, requestId: requestId,
            queueURL: client.configuration.queueURL)
        return String(decoding: try JSONEncoder().encode(queued), as: UTF8.self)
    }

    /// FAL's id of a stored request (the stored form itself when it is not a submit answer).
    public static func requestId(of stored: String) -> String {
        (try? FALPortraitProvider.queueRequest(from: stored, model: model, queueURL: ""))?.requestId ?? stored
    }

    /// Waits for a stored request (polling, sooner when its webhook nudges) and downloads its
    /// picture, sRGB and untagged. `onStatus` sees each queue status (position, progress) as it
    /// comes, from the status stream and from the polls: the two may interleave, so a caller keeps
    /// the newest state. A content-policy refusal is thrown as the `FALError` it is, for the caller's fallback.
    /// `index` picks one picture of a request for several (four variations share one).
    public func picture(
        stored: String, index: Int = 0, onStatus: (@Sendable (FALQueueStatus) -> Void)? = nil
    ) async throws -> GeneratedImage {
        let queued = try FALPortraitProvider.queueRequest(
            from: stored, model: Self.model, queueURL: client.configuration.queueURL)
        // The queue's status stream shows each change as it happens, and its end wakes the wait
        // at once; the wait's polls stay the durable path (and a fallback when the stream fails).
        let watcher = Task { [client, inbox] in
            try? await client.streamStatus(of: queued) { status in onStatus?(status) }
            if !Task.isCancelled { await inbox.deliver(requestId: queued.requestId) }
        }
        defer { watcher.cancel() }
        do {
            let output = try await client.wait(
                for: queued, as: GPTImage15Output.self, cancelOnTaskCancellation: false, onUpdate: onStatus,
                pause: { [inbox] pause in await inbox.wait(for: queued.requestId, timeout: pause) }
            ).output
            guard output.images.indices.contains(index) else {
                // Fewer pictures than asked: not billed for the missing one, which is asked again.
                throw SubmissionVerdict.resubmit(
                    code: "no_image", message: "FAL finished without picture \(index + 1) of the request.")
            }
            let file = output.images[index]
            let (bytes, _) = try await client.download(file.url)
            guard let image = try? ImageSanitizer.untaggedSRGB(from: bytes) else {
                throw ProviderError.rejected(code: "unreadable_output", message: "FAL's image could not be read.")
            }
            return GeneratedImage(
                bytes: image.bytes, contentType: image.contentType, width: image.width, height: image.height)
        } catch let error as FALError where error.isContentPolicyRefusal {
            throw error
        } catch let error as FALError {
            if let verdict = FALPortraitProvider.verdict(for: error) { throw verdict }
            throw error.isFailedJob ? FALJobFailure(error.providerError) : error.providerError
        } catch let verdict as SubmissionVerdict {
            throw verdict
        } catch {
            throw providerError(from: error)
        }
    }
}

extension FALError {
    /// The model refused the request under its content policy (it will refuse it again).
    public var isContentPolicyRefusal: Bool {
        if case .api(let api) = self { return api.isContentPolicyViolation }
        return false
    }

    /// FAL ran the job and it failed: its result is a 5xx that carries the request's id (an
    /// ingress error, which carries none, is retried by the client instead). FAL does not bill a
    /// request that failed with a 5xx (`../shared/docs/fal-api.md`, Billing).
    public var isFailedJob: Bool {
        if case .api(let api) = self { return api.status >= 500 && api.requestId != nil }
        return false
    }
}

/// A picture's request that FAL ran and failed (`FALError.isFailedJob`): not billed, which the
/// caller's ledger records. Reading the request again gives the same answer, so it is lasting.
public struct FALJobFailure: Error, Sendable {
    public let providerError: ProviderError
    public init(_ providerError: ProviderError) { self.providerError = providerError }

    /// What the caller reports: FAL answered (it was not out of reach), and what it said.
    public var lasting: ProviderError {
        let said: String
        switch providerError {
        case .unavailable(let reason), .rejected(_, let reason), .unknownRequest(let reason): said = reason
        case .cancelled: said = "cancelled"
        }
        return .rejected(
            code: "fal_job_failed",
            message: "FAL ran the picture and it failed (not billed): \(said). Make it again to try once more.")
    }
}
