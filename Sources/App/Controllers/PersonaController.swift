import Fluent
import PersonaKit
import Vapor

/// The persona routes. Every query is scoped to the signed-in user: another user's persona is
/// answered exactly like a missing one (404).
enum PersonaController {
    static func register(_ routes: any RoutesBuilder) {
        let personas = routes.grouped("api", "personas")
        personas.on(.POST, "create", body: .stream, use: create)
        personas.get(use: list)
        personas.get(":personaID", use: show)
        personas.patch(":personaID", use: update)
        personas.delete(":personaID", use: delete)
        personas.post(":personaID", "default", use: makeDefault)
        personas.post(":personaID", "portraits", ":index", "regenerate", use: PortraitController.regenerate)
        personas.post(":personaID", "portraits", ":index", "keep", use: PortraitController.keep)
        personas.get(":personaID", "portraits.zip", use: PortraitController.archive)
        personas.get(":personaID", "events", use: EventsController.stream)
    }

    struct Created: Content {
        /// The seed's `{id, status, portraits}`, plus our `stage` and `eventsUrl`.
        struct Body: Content {
            let id: UUID
            let status: String
            let stage: String
            let portraits: [String]
            let eventsUrl: String
        }
        let success = true
        let persona: Body
    }

    static func create(_ req: Request) async throws -> Response {
        let persona = try await PersonaIntake(req: req).create()
        let id = try persona.requireID()
        var (status, stage) = (persona.status, persona.stage)
        var portraits: [String] = []
        if (try? req.query.get(Bool.self, at: "wait")) == true {
            let finished = try await EventsController.waitUntilFinished(req, personaID: id)
            (status, stage) = (finished.status, finished.stage)
            portraits = finished.metadata.portraitUrls.compactMap { url in
                MediaPath(url).map { req.inflio.signer.url(for: $0.imageID) }
            }
        }
        let response = Response(status: .created)
        try response.content.encode(
            Created(
                persona: .init(
                    id: id, status: status.rawValue, stage: stage.rawValue, portraits: portraits,
                    eventsUrl: "/api/personas/\(id.uuidString.lowercased())/events")))
        return response
    }

    struct Listed: Content {
        let success = true
        let personas: [PersonaSummaryBody]
    }

    static func list(_ req: Request) async throws -> Listed {
        let user = try req.requireUser()
        // Drafts are photos being gathered, not personas yet: the capture page resumes them; the
        // list shows them only when asked (`?drafts=true`).
        var query = Persona.query(on: req.db).filter(\.$userID == user.id)
        if (try? req.query.get(Bool.self, at: "drafts")) != true { query = query.filter(\.$status != .pendingUpload) }
        let personas = try await query.sort(\.$createdAt, .descending).all()
        let defaultID = try await UserProfile.query(on: req.db).filter(\.$userID == user.id).first()?.defaultPersonaID
        return Listed(
            personas: personas.map { persona in
                let thumbnail = (persona.metadata.portraitUrls.first ?? persona.metadata.referencePhotoUrls.first)
                    .flatMap { MediaPath($0)?.imageID }
                return PersonaSummaryBody(
                    id: persona.id!, name: persona.name, description: persona.description,
                    status: persona.status.rawValue, stage: persona.stage.rawValue,
                    isDefault: persona.id == defaultID, createdAt: persona.createdAt, updatedAt: persona.updatedAt,
                    thumbnailUrl: thumbnail.map { req.inflio.signer.url(for: $0) },
                    photoCount: persona.metadata.photoCount)
            })
    }

    struct Shown: Content {
        let success = true
        let persona: PersonaDetailBody
    }

    /// Served from PersonaDetailCache while the persona is unchanged: clients poll this.
    static func show(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("personaID").flatMap(UUID.init(uuidString:)) else {
            throw ServiceError.notFound("This persona")
        }
        return try await req.inflio.details.response(
            personaID: id, userID: user.id, ifNoneMatch: req.headers.first(name: .ifNoneMatch),
            db: req.db, signer: req.inflio.signer
        ) { known in
            let persona = try await owned(req)
            let body = try await PersonaDetailBody.load(
                persona, db: req.db, signer: req.inflio.signer,
                known: (isDefault: known.defaultPersonaID == id, lastEventID: known.lastEventID ?? 0))
            return try await Shown(persona: body).encodeResponse(for: req)
        }
    }

    static func detail(_ req: Request, _ persona: Persona) async throws -> PersonaDetailBody {
        try await PersonaDetailBody.load(persona, db: req.db, signer: req.inflio.signer)
    }

    struct Changes: Content {
        let name: String?
        let description: String?
    }

    static func update(_ req: Request) async throws -> Shown {
        let persona = try await owned(req)
        let changes = try req.content.decode(Changes.self)
        if let name = changes.name {
            persona.name = try PersonaIntake.checkedName(name, ifEmpty: "The name cannot be empty.")
        }
        if let description = changes.description {
            persona.description = try PersonaIntake.checkedDescription(description)
        }
        try await persona.save(on: req.db)
        return Shown(persona: try await detail(req, persona))
    }

    /// Rows (cascade) and image files both go; the ledger stays, as accounting.
    static func delete(_ req: Request) async throws -> Response {
        let persona = try await owned(req)
        try await PersonaStore.delete(persona, services: req.inflio, db: req.db)
        await req.audit.record(
            .personaDeleted, user: persona.userID, ip: req.clientAddress, detail: try persona.requireID().uuidString)
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        return response
    }

    static func makeDefault(_ req: Request) async throws -> Response {
        let persona = try await owned(req)
        // Content is made from the default: a draft has nothing to make it from yet.
        guard persona.status != .pendingUpload else {
            throw ServiceError(
                .conflict, "persona_is_draft", "Build this persona from its photos before making it your default.")
        }
        let profile = try await UserProfile.forUser(persona.userID, on: req.db)
        profile.defaultPersonaID = try persona.requireID()
        try await profile.save(on: req.db)
        if persona.status == .ready { try await OnboardingService.avatarReady(persona, db: req.db) }
        let response = Response(status: .ok)
        try response.content.encode(Shown(persona: try await detail(req, persona)))
        return response
    }

    /// The persona named in the path, if the signed-in user owns it; 404 otherwise.
    static func owned(_ req: Request) async throws -> Persona {
        let user = try req.requireUser()
        guard let id = req.parameters.get("personaID").flatMap(UUID.init(uuidString:)),
            let persona = try await Persona.query(on: req.db).filter(\.$id == id).filter(\.$userID == user.id).first()
        else {
            throw ServiceError.notFound("This persona")
        }
        return persona
    }
}
