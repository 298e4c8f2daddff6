import Faces
import Foundation
import Imaging
import PersonaKit

/// The offline portrait provider: composes each scenario's portrait from the person's own
/// reference photos (framing, backdrop, light and grade), with no model, key or network. It keeps
/// the real face, so identity verification passes for the right reasons.
///
/// Each portrait composes the reference cast for its scenario (`ScenarioCasting`, the request's
/// first), and records it in `GeneratedImage.source`. The same request always gives the same
/// bytes; another seed gives another take of that photo (framing offsets, hues and light side).
/// The instruction is read as in `PortraitRefinement`. A likeness retry starts from the next
/// photo: the generator leaves the failed one out of the retry's request
/// (`PortraitRequest.without(_:)`).
public struct LocalStudioProvider: PortraitProvider {
    /// Its name in job rows and the ledger.
    public static let providerName = "local"
    public let name = providerName
    let loader: ReferenceLoader
    /// The portraits' longer side: 1024 in the service; the benchmark also renders larger.
    let longSide: Int

    /// Side of the preview sent to `partial` before the final picture.
    static let previewSide = 256

    /// Rendering is CPU-bound: beyond one render per compute thread (one per core unless
    /// INFLIO_CPU_THREADS says otherwise), more at once only holds more decoded
    /// photos in memory (five 2048 px references and their intermediates) without finishing sooner.
    /// Shared by every provider value, since they all draw on the same cores.
    static let renderSlots = AsyncSemaphore(permits: System.computeThreads)

    public init(loader: @escaping ReferenceLoader, longSide: Int = 1024) {
        self.loader = loader
        self.longSide = longSide
    }

    public func charge(for request: PortraitRequest) -> ProviderCharge {
        ProviderCharge(model: "local-studio", resolution: "1K", unitPriceUSD: 0)
    }

    /// Names the portrait without rendering it: the id is a hash of the request.
    public func submit(_ request: PortraitRequest) async throws -> String {
        try StudioRequestID.make(for: request)
    }

    /// Renders the request. The id only has to be one of ours: everything needed is in the
    /// request, so a portrait submitted before a restart renders the same after it.
    public func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?)
        async throws -> GeneratedImage
    {
        guard requestId.hasPrefix(StudioRequestID.prefix) else { throw ProviderError.unknownRequest(requestId) }
        // Every reference is read: which one frames best depends on each photo's size.
        var photos: [[UInt8]] = []
        for reference in request.references {
            do {
                photos.append(try await loader(reference))
            } catch is CancellationError {
                throw ProviderError.cancelled
            } catch {
                throw ProviderError.unavailable(
                    "The reference photo \(reference.location) could not be loaded: \(error)")
            }
        }
        if Task.isCancelled { throw ProviderError.cancelled }
        let loaded = photos
        return try await Self.renderSlots.withPermit {
            try await BackgroundThreads.run {
                try LargeBlockReuse.during { try render(request, photos: loaded, partial: partial) }
            }
        }
    }

    private func render(_ request: PortraitRequest, photos: [[UInt8]], partial: (@Sendable (PartialImage) -> Void)?)
        throws -> GeneratedImage
    {
        let sizes = photos.map { try? ImageDecoder.dimensions(of: $0) }
        guard let plan = StudioPlan.make(for: request, sizes: sizes, longSide: longSide),
            let original = sizes[plan.referenceIndex]
        else {
            throw ProviderError.rejected(
                code: "no_usable_reference",
                message: "A portrait needs at least one readable reference photo with a face.")
        }
        let reference = request.references[plan.referenceIndex]
        let (width, height) = request.scenario.pixelSize(longSide: longSide)
        let image: EditableImage
        do {
            var random = plan.random
            // Decoded no larger than the portrait needs (with a margin for the resampling).
            let longSide = max(original.width, original.height)
            let photo = try EditableImage(
                bytes: photos[plan.referenceIndex],
                maxSide: min(longSide, Int((Double(longSide) * plan.scale * 1.25).rounded(.up))))
            image = try StudioRenderer.render(
                photo: photo, reference: reference, photoScale: Double(photo.width) / Double(original.width),
                style: plan.style, width: width, height: height, random: &random)
        } catch let error as ImagingError {
            throw ProviderError.rejected(
                code: "unreadable_reference",
                message: "The reference photo \(reference.location) could not be used: \(error.message)")
        }
        let final = GeneratedImage(
            bytes: try image.jpeg(quality: 90), contentType: "image/jpeg", width: width, height: height,
            source: reference.location)
        if let partial {
            // From the encoded portrait: shrinking it is cheap, re-running the composition is not.
            let scale = Double(Self.previewSide) / Double(max(width, height))
            let preview = try EditableImage(bytes: final.bytes).resized(by: scale)
            partial(
                PartialImage(
                    image: GeneratedImage(
                        bytes: try preview.jpeg(quality: 70), contentType: "image/jpeg",
                        width: preview.width, height: preview.height), progress: 0.5))
        }
        return final
    }

    /// Nothing runs between submit and result, so there is nothing to stop.
    public func cancel(requestId: String) async throws {}
}
