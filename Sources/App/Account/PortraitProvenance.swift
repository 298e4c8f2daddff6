import Fluent
import Foundation
import Imaging

/// What made a portrait, as IPTC's digital source type (issue 18): a model's portrait is
/// `trainedAlgorithmicMedia`; the offline studio's, the person's own photo cut out and placed on a
/// drawn backdrop, is a `composite`. Read from the provider of the job that made it.
struct PortraitProvenance: Sendable {
    /// The service's provider, for a portrait whose job is gone.
    let fallbackProvider: String

    func source(of image: PersonaImage, on db: any Database) async throws -> DigitalSourceType? {
        guard image.metadata.type == .referencePortrait else { return nil }
        var job: GenerationJob?
        if let jobID = image.metadata.jobID { job = try await GenerationJob.find(jobID, on: db) }
        return source(of: image, madeBy: job)
    }

    /// The same with the image's job already at hand (`job` nil: it is gone, or was not looked up).
    func source(of image: PersonaImage, madeBy job: GenerationJob?) -> DigitalSourceType? {
        guard image.metadata.type == .referencePortrait else { return nil }
        return Self.source(provider: job?.provider ?? fallbackProvider)
    }

    static func source(provider: String) -> DigitalSourceType {
        provider == "local" ? .composite : .trainedAlgorithmicMedia
    }
}
