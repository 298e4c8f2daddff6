import Foundation
import PersonaKit

/// The blob keys rows name. Today two columns hold them: `persona_images.metadata.storageKey`
/// (every upload and portrait) and the reference photos of a job's stored provider request
/// (`generation_jobs.request`, `PortraitRequest.references[].location`), which a restarted job
/// loads again; a design version's picture and inputs (`design_versions`); the brand's logo
/// (`brands.brand`). A new column that holds a key belongs here too.
enum BlobReferences {
    static func keys(in table: String, row: PortableRow) -> [String] {
        switch (table, row["metadata"], row["request"]) {
        case ("persona_images", .text(let json)?, _):
            return (try? JSONDecoder().decode(ImageKey.self, from: Data(json.utf8))).map { [$0.storageKey] } ?? []
        case ("generation_jobs", _, .text(let json)?):
            return (try? JSONDecoder().decode(PortraitRequest.self, from: Data(json.utf8)))?.references.map(\.location)
                ?? []
        case ("design_versions", _, _):
            // The picture, and the reference photos and logo a re-render would load again.
            var keys: [String] = []
            if case .text(let key)? = row["image_key"] { keys.append(key) }
            if case .text(let json)? = row["inputs"],
                let inputs = try? JSONDecoder().decode(DesignInputs.self, from: Data(json.utf8))
            {
                keys += inputs.references.map(\.location)
                if let logo = inputs.logoKey { keys.append(logo) }
            }
            return keys
        case ("brands", _, _):
            guard case .text(let json)? = row["brand"],
                let brand = try? JSONDecoder().decode(Brand.self, from: Data(json.utf8))
            else { return [] }
            return brand.logo.map { [$0.key] } ?? []
        default:
            return []
        }
    }

    private struct ImageKey: Decodable {
        let storageKey: String
    }
}

/// The blob keys named by the rows seen so far (keys only: the rows themselves pass on).
struct BlobKeyCollector: Sendable {
    private(set) var keys: Set<String> = []

    mutating func collect(table: String, rows: [PortableRow]) {
        for row in rows { keys.formUnion(BlobReferences.keys(in: table, row: row)) }
    }
}
