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
        var provider = fallbackProvider
        if let jobID = image.metadata.jobID, let job = try await GenerationJob.find(jobID, on: db) {
            provider = job.provider
        }
        return Self.source(provider: provider)
    }

    static func source(provider: String) -> DigitalSourceType {
        provider == "local" ? .composite : .trainedAlgorithmicMedia
    }
}
