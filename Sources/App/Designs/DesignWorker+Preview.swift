import FAL
import Fluent
import Foundation
import Imaging
import PersonaKit
import Providers
import SQLKit

/// The live preview of a version made on FAL (`INFLIO_DESIGN_PREVIEW=stream`): GPT Image's stream
/// beside the queue job, its partial images stored and announced, and ended with the render.
extension DesignWorker {
    /// Where a version's latest partial image is kept while it is made.
    static func partialKey(_ design: Design, number: Int) -> String {
        "\(DesignStudio.folder(design))/v\(number)-partial"
    }

    /// The preview stream's ledger lines are told apart by this request-id prefix: they are not
    /// the version's submissions (the likeness retry counts those).
    static let previewPrefix = "preview-stream-"

    /// `INFLIO_DESIGN_PREVIEW=stream`: the same request at low quality on FAL's stream, beside the
    /// queue job, its partial images stored (sanitized) and announced as `design.partial_image`.
    /// It lives no longer than the version's render (`endPreview`). Its charge is written once the
    /// stream answers: a stream is paid once begun.
    func previewOnFAL(
        _ order: FALDesignProvider.Order, _ version: DesignVersion, _ design: Design, _ claim: Claim,
        _ provider: FALDesignProvider
    ) {
        let services = app.inflio
        let key = Self.partialKey(design, number: version.number)
        let url = "/api/designs/\(design.id!.uuidString.lowercased())/versions/\(version.number)/partial"
        let charge = provider.previewCharge(order)
        let line = LedgerEntry(
            userID: version.userID, personaID: design.personaID, jobID: claim.versionID, provider: "fal",
            model: charge.model, resolution: charge.tier, unitPriceUSD: charge.unitPriceUSD, units: charge.units)
        line.requestID = Self.previewPrefix + UUID().uuidString.lowercased()
        line.outcome = .succeeded
        let versionID = claim.versionID
        let task = Task { [self] in
            do {
                try await provider.preview(
                    order,
                    onStart: {
                        try? await line.create(on: self.db)
                        try? await self.db.sql().raw(
                            "UPDATE design_versions SET cost_usd = cost_usd + \(bind: charge.totalUSD) WHERE id = \(bind: versionID)"
                        ).run()
                    },
                    onPartial: { index, bytes in
                        guard !Task.isCancelled, let clean = try? Self.partialPicture(bytes, format: order.format)
                        else { return }
                        try? await services.blobs.put(clean, at: key)
                        await self.publish(
                            "design.partial_image", design,
                            [
                                "version": .number(Double(version.number)), "index": .number(Double(index)),
                                "url": .string("\(url)?i=\(index)"),
                            ])
                    })
            } catch {
                logger.info("design \(design.id?.uuidString ?? "?") preview stream ended: \(error)")
            }
        }
        // A second submission in one render (a retry, a resubmission) replaces the first preview.
        previews.withLockedValue { $0.updateValue(task, forKey: versionID) }?.cancel()
    }

    /// A partial image as the page shows it: read safely, cut to the format's shape as the final
    /// picture will be (the model's size is another), at the partial's own width.
    static func partialPicture(_ bytes: [UInt8], format: DesignFormat) throws -> [UInt8] {
        let clean = try ImageSanitizer.untaggedSRGB(from: bytes)
        let image = try EditableImage(bytes: clean.bytes)
        let (width, height) = format.size
        let shaped = try DesignCanvas.cover(image, width: image.width, height: max(1, image.width * height / width))
        return try shaped.jpeg(quality: 85)
    }

    /// Stops a version's preview (its picture is there, or it failed, or the worker stops), waits
    /// for it so no partial image is written after, and removes the partial image.
    func endPreview(_ versionID: UUID, _ design: Design, number: Int) async {
        guard let task = previews.withLockedValue({ $0.removeValue(forKey: versionID) }) else { return }
        task.cancel()
        await task.value
        try? await app.inflio.blobs.delete(Self.partialKey(design, number: number))
    }
}
