import Fluent
import Foundation
import Vapor

/// What `inflio design` does, through the same studio as the HTTP routes, for one local account:
/// each call waits until the version it queued is rendered, then answers the design as the API does.
public struct DesignOperations {
    let app: Application
    let userID: String

    public init(app: Application, email: String) async throws {
        let normalised = AccountService.canonicalEmail(email)
        guard let account = try await User.query(on: app.db).filter(\.$email == normalised).first() else {
            throw ServiceError(.notFound, "not_found", "There is no account \(normalised).")
        }
        self.app = app
        userID = try account.requireID().uuidString
    }

    var studio: DesignStudio { DesignStudio(db: app.db, services: app.inflio, userID: userID) }

    /// Creates a design (or four) and returns each, rendered, as the API's JSON.
    public func create(personaID: UUID?, format: String, prompt: String, title: String?, variations: Int) async throws
        -> [Data]
    {
        let designs = try await studio.create(
            .init(prompt: prompt, format: format, title: title, personaId: personaID, variations: variations))
        var out: [Data] = []
        for design in designs { out.append(try await settled(design.requireID())) }
        return out
    }

    public func refine(designID: UUID, instruction: String) async throws -> Data {
        let design = try await studio.owned(designID)
        _ = try await studio.refine(design, instruction: instruction)
        return try await settled(designID)
    }

    /// The picture of a version (the current one by default), as `format` (png, jpeg or webp).
    public func picture(designID: UUID, version: Int?) async throws -> (
        bytes: [UInt8], number: Int, format: String, provider: String
    ) {
        let design = try await studio.owned(designID)
        let number = version ?? design.currentVersion
        let row = try await studio.version(design, number)
        guard let key = row.imageKey else {
            throw ServiceError(.conflict, "version_not_ready", "Version \(number) has no picture.")
        }
        return (try await app.inflio.blobs.get(key), number, design.format, row.provider)
    }

    public func list() async throws -> [Data] {
        let designs = try await Design.query(on: app.db).filter(\.$userID == userID).sort(\.$createdAt, .descending)
            .all()
        var out: [Data] = []
        for design in designs { out.append(try await json(design)) }
        return out
    }

    /// Waits (the worker runs in this process) until no version of the design is in the making.
    private func settled(_ id: UUID) async throws -> Data {
        for _ in 0..<1200 {
            let design = try await studio.owned(id)
            let open = try await DesignVersion.query(on: app.db).filter(\.$design.$id == id)
                .filter(\.$state ~~ [.queued, .rendering]).count()
            if open == 0 { return try await json(design) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceError(.internalServerError, "render_timeout", "The design was not rendered within two minutes.")
    }

    private func json(_ design: Design) async throws -> Data {
        let versions = try await DesignVersion.query(on: app.db).filter(\.$design.$id == design.requireID()).all()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(try DesignBody(design, versions: versions, eventCursor: 0))
    }
}
