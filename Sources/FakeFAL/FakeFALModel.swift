import Dispatch
import Faces
import Foundation
import Imaging
import PersonaKit
import Providers

/// The fake's "model": the local studio renderer, so identity holds. It reads each reference
/// image, measures its face with the analysis engine (as the service does on upload), picks the
/// scenario the prompt names, renders, and encodes in the asked format.
struct FakeFALModel: Sendable {
    let analyzer: PhotoBatchAnalyzer
    let measured = ReferenceAnalysisCache()
    /// Fetches an `image_urls` entry (the fake's own files, data URIs, or the network).
    let fetch: @Sendable (String) async throws -> [UInt8]

    struct Image: Sendable {
        let bytes: [UInt8]
        let contentType: String
        let width: Int
        let height: Int
    }

    /// Why the model refused: becomes a 422 `detail` entry, as FAL's validation errors do.
    struct Refusal: Error {
        let loc: [String]
        let message: String
        let type: String
    }

    /// The scenario whose id or title the prompt contains (or whose prompt it starts with);
    /// else the first.
    static func scenario(for prompt: String) -> PortraitScenario {
        let text = prompt.lowercased()
        return PortraitScenario.all.first { text.contains($0.id.lowercased()) || text.contains($0.title.lowercased()) }
            ?? PortraitScenario.all.first { text.hasPrefix(String($0.prompt.lowercased().prefix(40))) }
            ?? PortraitScenario.all[0]
    }

    /// What the likeness faults change (FakeFALFault `other_person`, `warp`).
    struct Look: Sendable {
        /// Render from this photo (someone else's) instead of the references.
        var otherPersonPhoto: String?
        /// Stretch each rendered picture to this many times its height, or (`likeness`) as much as
        /// it takes to put its face about this far from the references' centroid.
        var stretch: Double?
        var likeness: Double?
    }

    /// Renders `input`; `partial` gets a small preview per image before its final picture.
    func render(
        _ input: FakeModelInput, model: String = "fal-ai/nano-banana-pro/edit", look: Look = Look(),
        partial: (@Sendable (Image) -> Void)? = nil
    ) async throws -> [Image] {
        try await withTaskExecutorPreference(RenderExecutor.shared) {
            try await renderHere(input, model: model, look: look, partial: partial)
        }
    }

    private func renderHere(
        _ input: FakeModelInput, model: String, look: Look, partial: (@Sendable (Image) -> Void)?
    ) async throws -> [Image] {
        let urls = input.imageURLs ?? []
        guard !urls.isEmpty else {
            throw Refusal(loc: ["body", "image_urls"], message: "field required", type: "value_error.missing")
        }
        var photos: [[UInt8]] = []
        for (i, url) in urls.enumerated() {
            do { photos.append(try await fetch(url)) } catch {
                throw Refusal(
                    loc: ["body", "image_urls", String(i)], message: "Failed to download the image: \(error)",
                    type: "file_download_error")
            }
        }
        if let other = look.otherPersonPhoto {
            guard let bytes = FileManager.default.contents(atPath: other) else {
                throw Refusal(loc: ["fault"], message: "The other_person photo \(other) cannot be read.", type: "fault")
            }
            photos = [[UInt8](bytes)]
        }
        let analyzer = self.analyzer
        let measured = self.measured
        let named = photos.enumerated().map { (name: "ref-\($0.offset)", bytes: $0.element) }
        let analyses = await Self.offThread { measured.analyses(of: named) { analyzer.analyze(photos: $0) } }
        var references: [ReferencePhoto] = []
        var bytesByLocation: [String: [UInt8]] = [:]
        for (analysis, photo) in zip(analyses, named) {
            guard let reference = ReferencePhoto(analysis, location: photo.name) else { continue }
            references.append(reference)
            bytesByLocation[photo.name] = photo.bytes
        }
        guard !references.isEmpty else {
            throw Refusal(
                loc: ["body", "image_urls"], message: "No face was found in the reference images.",
                type: "face_detection_error")
        }
        if model == FakeDesignModel.name {
            let photos = references.map { bytesByLocation[$0.location]! }
            return try FakeDesignModel.render(
                input, references: references, photos: photos, partial: partial)
        }
        let known = bytesByLocation
        let provider = LocalStudioProvider(loader: { reference in
            guard let bytes = known[reference.location] else { throw ProviderError.unknownRequest(reference.location) }
            return bytes
        })
        let scenario = Self.scenario(for: input.prompt ?? "")
        let baseSeed = UInt64(bitPattern: input.seed ?? Int64(bitPattern: Self.stableHash(input.prompt ?? "")))
        var images: [Image] = []
        for i in 0..<max(1, min(4, input.numImages ?? 1)) {
            let request = PortraitRequest(scenario: scenario, references: references, seed: baseSeed &+ UInt64(i))
            let id = try await provider.submit(request)
            var forward: (@Sendable (PartialImage) -> Void)?
            if let partial {
                forward = { preview in
                    partial(
                        Image(
                            bytes: preview.image.bytes, contentType: preview.image.contentType,
                            width: preview.image.width, height: preview.image.height))
                }
            }
            let generated: GeneratedImage
            do {
                generated = try await provider.result(requestId: id, request: request, partial: forward)
            } catch ProviderError.rejected(let code, let message) {
                throw Refusal(loc: ["body", "image_urls"], message: message, type: code)
            }
            var picture = try Self.stretched(generated, by: look.stretch)
            if let target = look.likeness {
                let identity = FaceEmbedding.centroid(of: analyses.compactMap(\.embedding))
                picture = await Self.offThread { [analyzer] in
                    Self.warped(generated, towards: target, from: identity, analyzer: analyzer)
                }
            }
            images.append(try Self.encode(picture, format: input.outputFormat))
        }
        return images
    }

    /// The picture stretched to `factor` times its height (the `warp` fault); as rendered without one.
    static func stretched(_ image: GeneratedImage, by factor: Double?) throws -> GeneratedImage {
        guard let factor, factor > 0 else { return image }
        let height = Int((Double(image.height) * factor).rounded())
        let warped = try EditableImage(bytes: image.bytes).warped(
            by: AffineMap(a: 1, b: 0, c: 0, d: factor, tx: 0, ty: 0), width: image.width, height: height)
        return GeneratedImage(
            bytes: try warped.jpeg(quality: 92), contentType: "image/jpeg", width: image.width, height: height)
    }

    /// The rendering stretched in height by the first factor (1.5–2.2) that puts its face within
    /// 0.015 of `target` from `identity`, else by the one that came closest with a face: a face that
    /// looks a little different, at a chosen distance. (Whole-picture stretches lose the face at
    /// different factors in different framings, so one fixed factor cannot aim.)
    static func warped(
        _ image: GeneratedImage, towards target: Double, from identity: FaceEmbedding?, analyzer: PhotoBatchAnalyzer
    ) -> GeneratedImage {
        guard let identity else { return image }
        var best: (picture: GeneratedImage, miss: Double)?
        for factor in stride(from: 1.5, through: 2.2, by: 0.05) {
            guard let picture = try? stretched(image, by: factor),
                let face = analyzer.analyze(photos: [(name: "warp", bytes: picture.bytes)])[0].embedding
            else { continue }
            let miss = abs(face.distance(to: identity) - target)
            if miss <= 0.015 { return picture }
            if best == nil || miss < best!.miss { best = (picture, miss) }
        }
        return best?.picture ?? image
    }

    /// JPEG as rendered, or PNG when asked (FAL's default is png). WebP is answered as JPEG,
    /// with its real content type, since Imaging does not write WebP.
    static func encode(_ image: GeneratedImage, format: String?) throws -> Image {
        if (format ?? "png").lowercased() == "png" {
            let png = try EditableImage(bytes: image.bytes).png()
            return Image(bytes: png, contentType: "image/png", width: image.width, height: image.height)
        }
        return Image(bytes: image.bytes, contentType: image.contentType, width: image.width, height: image.height)
    }

    /// Runs CPU-bound work on a Dispatch thread, keeping the cooperative pool free.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            RenderExecutor.fromNormalPriority {
                DispatchQueue.global().async { continuation.resume(returning: work()) }
            }
        }
    }

    /// FNV-1a: the same prompt gives the same seed in every process.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
