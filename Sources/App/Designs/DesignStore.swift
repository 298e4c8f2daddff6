import Fluent
import Foundation

/// Design rows that go with their persona. The pictures live under the persona's folder
/// (`personas/<id>/designs/…`), so the persona's folder removal takes them too.
enum DesignStore {
    static func deleteRows(ofPersona personaID: UUID, on db: any Database) async throws {
        let ids = try await Design.query(on: db).filter(\.$personaID == personaID).all().compactMap(\.id)
        guard !ids.isEmpty else { return }
        try await DesignVersion.query(on: db).filter(\.$design.$id ~~ ids).delete()
        try await Design.query(on: db).filter(\.$id ~~ ids).delete()
    }
}
