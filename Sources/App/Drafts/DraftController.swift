import Fluent
import Imaging
import PersonaKit
import Uploads
import Vapor

/// The draft persona routes (docs/api.md#draft-personas): create, add a photo, see the set's
/// verdict, remove a photo, build. Another user's draft answers 404 like a missing one.
enum DraftController {
    static func register(_ routes: any RoutesBuilder) {
        let personas = routes.grouped("api", "personas")
        personas.post(use: create)
        personas.on(.POST, ":personaID", "photos", body: .stream, use: addPhoto)
        personas.get(":personaID", "photos", use: show)
        personas.delete(":personaID", "photos", ":photoID", use: removePhoto)
        personas.post(":personaID", "build", use: build)
    }

    struct Fields: Content {
        let name: String?
        let description: String?
    }

    struct DraftBody: Content {
        struct Summary: Content {
            let id: UUID
            let name: String
            let description: String
            let status: String
            let stage: String
        }
        let success = true
        let persona: Summary
        let draft: DraftVerdict
    }

    struct PhotoAdded: Content {
        let success = true
        let photo: DraftVerdict.Photo
        let draft: DraftVerdict
    }

    struct Shown: Content {
        let success = true
        let draft: DraftVerdict
    }

    static func service(_ req: Request) throws -> DraftService {
        DraftService(app: req.application, db: req.db, user: try req.requireUser())
    }

    static func create(_ req: Request) async throws -> Response {
        // An empty body is an unnamed draft; a body must be a JSON object like any other.
        let fields = req.body.data == nil ? Fields(name: nil, description: nil) : try req.content.decode(Fields.self)
        let service = try service(req)
        let persona = try await service.create(name: fields.name, description: fields.description)
        let body = DraftBody(
            persona: .init(
                id: try persona.requireID(), name: persona.name, description: persona.description,
                status: persona.status.rawValue, stage: persona.stage.rawValue),
            draft: try await service.verdict(persona))
        let response = Response(status: .created)
        try response.content.encode(body)
        return response
    }

    static func addPhoto(_ req: Request) async throws -> Response {
        let service = try service(req)
        let persona = try await PersonaController.owned(req)
        try DraftService.requireDraft(persona)
        try req.rateLimit(.draftPhoto)
        // A full draft is refused before its upload is read (checked again under the lock).
        let count = try await PersonaImage.query(on: req.db).filter(\.$persona.$id == persona.requireID()).count()
        if count >= PersonaIntake.maxPhotos { try PersonaIntake.checkCount(count + 1) }
        let spool = try MultipartSpool(
            directory: req.inflio.config.spoolDirectory, maxFileBytes: DecodeLimits.uploads.maxFileBytes, maxFiles: 1)
        defer { spool.discard() }
        let (fields, uploads) = try await PersonaIntake(req: req).receive(
            into: spool,
            tooMany: ServiceError(
                .badRequest, "one_photo_per_request", "Send one photo per request, in the field `photo`."))
        guard let upload = uploads.first else {
            throw ServiceError(
                .badRequest, "missing_photo", "Send the photo as multipart/form-data in the field `photo`.")
        }
        let token = try Self.uploadToken(fields["uploadToken"])
        let (image, draft, resent) = try await service.addPhoto(to: persona, upload: upload, uploadToken: token)
        guard let photo = draft.photos.first(where: { $0.id == image.id }) else {
            throw ServiceError(.conflict, "photo_removed", "The photo was removed while it was being added.")
        }
        // A resend of a token already stored changes nothing: 200 with that photo.
        let response = Response(status: resent ? .ok : .created)
        try response.content.encode(PhotoAdded(photo: photo, draft: draft))
        return response
    }

    /// The page's name for an upload: 1–64 letters, digits, `-` or `_` (a UUID fits), or none.
    static func uploadToken(_ field: String?) throws -> String? {
        guard let field else { return nil }
        let allowed = field.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        guard (1...64).contains(field.utf8.count), allowed else {
            throw ServiceError(
                .badRequest, "invalid_upload_token",
                "The field `uploadToken` must be 1–64 letters, digits, `-` or `_`.")
        }
        return field
    }

    static func show(_ req: Request) async throws -> Shown {
        let persona = try await PersonaController.owned(req)
        try DraftService.requireDraft(persona)
        return Shown(draft: try await service(req).verdict(persona))
    }

    static func removePhoto(_ req: Request) async throws -> Shown {
        let persona = try await PersonaController.owned(req)
        guard let photoID = req.parameters.get("photoID").flatMap(UUID.init(uuidString:)) else {
            throw ServiceError.notFound("This photo")
        }
        return Shown(draft: try await service(req).removePhoto(photoID, from: persona))
    }

    static func build(_ req: Request) async throws -> Response {
        let fields = req.body.data == nil ? Fields(name: nil, description: nil) : try req.content.decode(Fields.self)
        let persona = try await PersonaController.owned(req)
        let built = try await service(req).build(persona, name: fields.name, description: fields.description)
        let id = try built.requireID()
        let response = Response(status: .accepted)
        try response.content.encode(
            PersonaController.Created(
                persona: .init(
                    id: id, status: built.status.rawValue, stage: built.stage.rawValue, portraits: [],
                    eventsUrl: "/api/personas/\(id.uuidString.lowercased())/events")))
        return response
    }
}
