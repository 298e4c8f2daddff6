import Fluent
import SQLKit
import Vapor

/// "Delete my account" (issue 18): every row and file of the user goes. Personas first, each as
/// deleting one does (its rows, then its folder of images, then its event streams); then, in one
/// transaction, everything else that names the user. The cost ledger keeps its lines for the
/// operator's billing totals, but anonymous: no user, persona, job or provider request id.
///
/// Not ours to delete: the reference photos uploaded to FAL's storage for generation. FAL
/// documents no way to delete them; uploads ask FAL to expire them a day later
/// (`FALPortraitSettings.storageLifetimeSeconds`), and FAL's outputs likewise.
struct AccountDeletion {
    let services: InflioServices
    let db: any Database

    /// The id ledger lines keep once their user is gone.
    static let anonymousUser = "deleted-account"
    /// The persona and job ids they keep: none (the nil UUID), so lines cannot be grouped by persona.
    static let noID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    struct Removed: Content {
        let personas: Int
        let images: Int
    }

    func delete(userID: String, email: String?) async throws -> Removed {
        let uuid = UUID(uuidString: userID)
        // Signed out everywhere first: no new persona can start while the rest goes.
        if let uuid { try await UserToken.query(on: db).filter(\.$user.$id == uuid).delete() }
        let personas = try await Persona.query(on: db).filter(\.$userID == userID).all()
        let images = try await PersonaImage.query(on: db).filter(\.$userID == userID).count()
        for persona in personas {
            try await PersonaStore.delete(persona, services: services, db: db)
        }
        let logo = try await BrandRecord.query(on: db).filter(\.$userID == userID).first()?.brand.logo?.key
        let stragglers = try await db.transaction { db -> [UUID] in
            // A persona made while this ran (an identity provider's session has no token to revoke)
            // would otherwise outlive its owner.
            let late = try await Persona.query(on: db).filter(\.$userID == userID).all()
            for persona in late {
                let id = try persona.requireID()
                try await DesignStore.deleteRows(ofPersona: id, on: db)
                try await PersonaEventRecord.query(on: db).filter(\.$persona.$id == id).delete()
                try await GenerationJob.query(on: db).filter(\.$persona.$id == id).delete()
                try await PhotoAnalysisRecord.query(on: db).filter(\.$persona.$id == id).delete()
                try await PersonaImage.query(on: db).filter(\.$persona.$id == id).delete()
                try await persona.delete(on: db)
                try await services.events.announceClosed(personaID: id, on: db)
            }
            try await deleteRecords(of: userID, uuid: uuid, email: email, on: db)
            return try late.map { try $0.requireID() }
        }
        if let logo { try await services.blobs.delete(logo) }
        for id in stragglers {
            try await services.blobs.deleteAll(under: PersonaStore.folder(id))
            services.events.close(personaID: id)
        }
        return Removed(personas: personas.count + stragglers.count, images: images)
    }

    /// Everything else that names the user, in the caller's transaction.
    private func deleteRecords(of userID: String, uuid: UUID?, email: String?, on db: any Database) async throws {
        try await BrandRecord.query(on: db).filter(\.$userID == userID).delete()
        try await OnboardingProgress.query(on: db).filter(\.$userID == userID).delete()
        try await FunnelEvent.query(on: db).filter(\.$userID == userID).delete()
        try await UserProfile.query(on: db).filter(\.$userID == userID).delete()
        try await AuditEvent.query(on: db).filter(\.$userID == userID).delete()
        if let email {
            try await AuditEvent.query(on: db).filter(\.$account == email).delete()
            try await PendingSignUp.query(on: db).filter(\.$email == email).delete()
        }
        try await db.sql().raw(
            """
            UPDATE ledger_entries SET user_id = \(bind: Self.anonymousUser),
                persona_id = \(bind: Self.noID), job_id = \(bind: Self.noID),
                request_id = NULL
            WHERE user_id = \(bind: userID)
            """
        ).run()
        if let uuid {
            try await PasswordReset.query(on: db).filter(\.$user.$id == uuid).delete()
            try await UserToken.query(on: db).filter(\.$user.$id == uuid).delete()
            try await User.query(on: db).filter(\.$id == uuid).delete()
            try await ExternalIdentity.query(on: db).filter(\.$id == uuid).delete()
        }
    }
}
