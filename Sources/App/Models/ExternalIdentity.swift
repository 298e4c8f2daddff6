import Fluent
import SQLKit
import Vapor

/// A user who signs in with an identity provider's JWTs: one row per (issuer, `sub`), made on
/// first sign-in. Its own `id` is the user id that scopes their personas, so a `sub` never names
/// a local account (local users' ids are UUIDs too: a `sub` equal to one must not sign in as it).
final class ExternalIdentity: Model, @unchecked Sendable {
    static let schema = "external_identities"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // data
    @Field(key: "issuer") var issuer: String
    @Field(key: "subject") var subject: String

    init() {}
    init(id: UUID? = nil, issuer: String, subject: String) {
        self.id = id
        self.issuer = issuer
        self.subject = subject
    }

    /// The id of the row for (issuer, subject), made if there is none. Two first sign-ins at once
    /// both try to insert; the unique index keeps one, and the loser reads it.
    static func userID(issuer: String, subject: String, on db: any Database) async throws -> UUID {
        if let id = try await find(issuer: issuer, subject: subject, on: db) { return id }
        do {
            let identity = ExternalIdentity(issuer: issuer, subject: subject)
            try await identity.create(on: db)
            return try identity.requireID()
        } catch {
            if let id = try await find(issuer: issuer, subject: subject, on: db) { return id }
            throw error
        }
    }

    /// One query on every JWT-signed request, hence plain SQL.
    private static func find(issuer: String, subject: String, on db: any Database) async throws -> UUID? {
        let query: SQLQueryString = """
            SELECT id FROM external_identities WHERE issuer = \(bind: issuer) AND subject = \(bind: subject)
            """
        return try await db.sql().raw(query).first()?.decode(column: "id", as: UUID.self)
    }
}
