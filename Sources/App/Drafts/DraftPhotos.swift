import Fluent
import PersonaKit
import Vapor

/// A draft's photos in the order they were added, each with its stored analysis.
struct DraftPhotos {
    let images: [PersonaImage]
    let analyses: [PhotoAnalysis]

    var ids: [UUID] { images.map { $0.id! } }

    static func load(_ personaID: UUID, db: any Database) async throws -> DraftPhotos {
        let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID)
            .sort(\.$createdAt).sort(\.$id).all()
            .filter { $0.metadata.type == .userUpload }
        let records = try await PhotoAnalysisRecord.query(on: db).filter(\.$persona.$id == personaID).all()
        let byID = Dictionary(records.map { ($0.id!, $0.analysis) }, uniquingKeysWith: { first, _ in first })
        let decoder = JSONDecoder()
        var kept: [PersonaImage] = []
        var analyses: [PhotoAnalysis] = []
        // The set analysis tells photos apart by name: a name that repeats (camera-1.jpg twice)
        // gets a number, so "the same picture as …" points at one photo.
        var seen: [String: Int] = [:]
        for image in images {
            let name = image.metadata.fileName ?? "photo"
            seen[name, default: 0] += 1
            let unique = seen[name]! == 1 ? name : "\(name) (\(seen[name]!))"
            kept.append(image)
            if let data = byID[image.id!], let stored = try? decoder.decode(StoredPhotoAnalysis.self, from: data) {
                analyses.append(stored.analysis(named: unique))
            } else {
                // Never silently dropped: the photo stays in the list, unusable, saying why.
                var missing = PhotoAnalysis(file: unique)
                missing.error = PhotoError(
                    code: "analysis_missing", message: "This photo's check was lost. Remove it and add it again.")
                analyses.append(missing)
            }
        }
        return DraftPhotos(images: kept, analyses: analyses)
    }

    func setAnalysis() -> SetAnalysis { SetAnalyzer.analyze(analyses) }
}
