import Fluent
import Imaging
import Providers
import Vapor

/// `/api/designs`: the content studio. Designs belong to their user; anyone else's are the same
/// 404 as a missing one. Creating and refining answer 202 at once with the queued version; its
/// progress comes on the persona's event stream (`design.*`).
enum DesignController {
    static func register(_ routes: any RoutesBuilder) {
        let designs = routes.grouped("api", "designs")
        designs.get("formats", use: formats)
        designs.get(use: list)
        designs.post(use: create)
        designs.get(":designID", use: show)
        designs.delete(":designID", use: remove)
        designs.post(":designID", "refine", use: refine)
        designs.post(":designID", "revert", use: revert)
        designs.post(":designID", "finalize", use: finalize)
        designs.get(":designID", "versions", ":number", "image", use: image)
        designs.get(":designID", "versions", ":number", "download", use: download)
        designs.get(":designID", "versions", ":number", "partial", use: partial)
    }

    static func studio(_ req: Request) throws -> DesignStudio {
        DesignStudio(db: req.db, services: req.inflio, userID: try req.requireUser().id)
    }

    static func designID(_ req: Request) -> UUID? { req.parameters.get("designID").flatMap(UUID.init(uuidString:)) }

    static func body(_ design: Design, _ req: Request) async throws -> DesignBody {
        let versions = try await DesignVersion.query(on: req.db).filter(\.$design.$id == design.requireID()).all()
        // The design's row read again after its versions: a final completing between the two
        // reads showed ready beside a design not yet finalized at it (the worker writes both in
        // one transaction; read in this order, a reader sees the version still rendering instead).
        let current = try await Design.find(design.requireID(), on: req.db) ?? design
        let cursor = try await req.inflio.events.latestID(personaID: current.personaID, on: req.db)
        return try DesignBody(current, versions: versions, eventCursor: cursor)
    }

    static func formats(_ req: Request) async throws -> DesignFormats {
        _ = try req.requireUser()
        return DesignFormats(
            formats: DesignFormat.allCases.map {
                .init(id: $0.rawValue, label: $0.label, width: $0.size.width, height: $0.size.height)
            })
    }

    static func list(_ req: Request) async throws -> DesignList {
        let user = try req.requireUser()
        let designs = try await Design.query(on: req.db).filter(\.$userID == user.id).sort(\.$createdAt, .descending)
            .limit(200).all()
        let ids = try designs.map { try $0.requireID() }
        let versions = ids.isEmpty ? [] : try await DesignVersion.query(on: req.db).filter(\.$design.$id ~~ ids).all()
        let byDesign = Dictionary(grouping: versions, by: { $0.$design.id })
        var cursors: [UUID: Int] = [:]
        var bodies: [DesignBody] = []
        for design in designs {
            let cursor: Int
            if let known = cursors[design.personaID] {
                cursor = known
            } else {
                cursor = try await req.inflio.events.latestID(personaID: design.personaID, on: req.db)
                cursors[design.personaID] = cursor
            }
            bodies.append(try DesignBody(design, versions: byDesign[design.id!] ?? [], eventCursor: cursor))
        }
        return DesignList(designs: bodies)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = try req.content.decode(DesignStudio.CreateInput.self)
        // One token per version asked for: four variations are four pictures (four renders offline).
        // Refused at the third, the two taken go back: nothing is made.
        let tokens = max(1, min(4, input.variations ?? 1))
        for taken in 0..<tokens {
            do {
                try req.inflio.limiter.take(.design, user: user.id, ip: req.clientAddress)
            } catch {
                for _ in 0..<taken { req.inflio.limiter.refund(.design, user: user.id, ip: req.clientAddress) }
                throw error
            }
        }
        let designs = try await refundingRefusals(req, user: user.id, tokens: tokens) {
            try await studio(req).create(input)
        }
        var bodies: [DesignBody] = []
        for design in designs { bodies.append(try await body(design, req)) }
        return try await DesignList(designs: bodies).encodeResponse(status: .accepted, for: req)
    }

    static func show(_ req: Request) async throws -> DesignBody {
        try await body(try await studio(req).owned(designID(req)), req)
    }

    struct RefineInput: Content {
        let instruction: String
    }

    static func refine(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let studio = try studio(req)
        let design = try await studio.owned(designID(req))
        let input = try req.content.decode(RefineInput.self)
        try req.inflio.limiter.take(.design, user: user.id, ip: req.clientAddress)
        _ = try await refundingRefusals(req, user: user.id, tokens: 1) {
            try await studio.refine(design, instruction: input.instruction)
        }
        return try await body(design, req).encodeResponse(status: .accepted, for: req)
    }

    /// Runs `work`, giving the limiter's tokens back when it is refused (any 4xx: an instruction
    /// understood as nothing, a version like that already, a design busy): nothing was made, so
    /// the creator's next tries are not held back by what the studio turned down.
    static func refundingRefusals<T>(
        _ req: Request, user: String, tokens: Int, _ work: () async throws -> T
    ) async throws -> T {
        do {
            return try await work()
        } catch let error as ServiceError where (400..<500).contains(error.status.code) {
            for _ in 0..<tokens { req.inflio.limiter.refund(.design, user: user, ip: req.clientAddress) }
            throw error
        }
    }

    struct VersionInput: Content {
        let version: Int?
    }

    static func revert(_ req: Request) async throws -> DesignBody {
        let studio = try studio(req)
        let design = try await studio.owned(designID(req))
        guard let number = try req.content.decode(VersionInput.self).version else {
            throw DesignStudio.invalid("version_required", "Say which version to go back to.")
        }
        try await studio.revert(design, to: number)
        return try await body(design, req)
    }

    static func finalize(_ req: Request) async throws -> DesignBody {
        let studio = try studio(req)
        let design = try await studio.owned(designID(req))
        let number = req.body.data == nil ? nil : try req.content.decode(VersionInput.self).version
        try await studio.finalize(design, version: number)
        return try await body(design, req)
    }

    static func remove(_ req: Request) async throws -> Response {
        let studio = try studio(req)
        try await studio.delete(try await studio.owned(designID(req)))
        return Response(status: .noContent)
    }

    /// The version's picture as stored (PNG, the format's exact size), to its owner.
    static func image(_ req: Request) async throws -> Response {
        let (_, version, png) = try await stored(req)
        let bytes = try DesignPicture.convert(png, toExtension: "png", provider: version.provider)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = .png
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "ETag", value: "\"\(version.requestID ?? "v\(version.number)")\"")
        return response
    }

    /// The latest partial image of a version being made (`INFLIO_DESIGN_PREVIEW=stream`), until
    /// its picture is ready; 404 when there is none.
    static func partial(_ req: Request) async throws -> Response {
        let studio = try studio(req)
        let design = try await studio.owned(designID(req))
        guard let number = req.parameters.get("number").flatMap(Int.init) else {
            throw ServiceError.notFound("This version")
        }
        let version = try await studio.version(design, number)
        guard version.state != .ready,
            let bytes = try? await req.inflio.blobs.get(DesignWorker.partialKey(design, number: version.number))
        else { throw ServiceError.notFound("A partial image of this version") }
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = ImageFormat.sniff(bytes) == .png ? .png : .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    enum DownloadFormat: String { case png, jpeg, webp }

    /// `?format=png|jpeg|webp`: the picture at the format's exact size, as an attachment.
    static func download(_ req: Request) async throws -> Response {
        let (design, version, png) = try await stored(req)
        let asked = (try? req.query.get(String.self, at: "format")) ?? "png"
        guard let format = DownloadFormat(rawValue: asked.lowercased()) else {
            throw DesignStudio.invalid("unknown_image_format", "The download format is png, jpeg or webp.")
        }
        let bytes = try await req.inflio.compute.runIfActive {
            try DesignPicture.convert(png, toExtension: format.rawValue, provider: version.provider)
        }
        let type: HTTPMediaType =
            switch format {
            case .png: .png
            case .jpeg: .jpeg
            case .webp: HTTPMediaType(type: "image", subType: "webp")
            }
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = type
        // Named by the version's title (else the design's prompt), so two designs' downloads are
        // two files: "chips-in-2027-youtube-thumbnail-v1.png".
        let versionTitle = (try? DesignJSON.decode(DesignSpec.self, version.spec))?.title ?? design.title
        let title = versionTitle.isEmpty ? design.prompt : versionTitle
        let suffix = "-\(design.format)-v\(version.number).\(format == .jpeg ? "jpg" : format.rawValue)"
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: AttachmentName.header(title, fallback: "design", suffix: suffix))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    private static func stored(_ req: Request) async throws -> (Design, DesignVersion, [UInt8]) {
        let studio = try studio(req)
        let design = try await studio.owned(designID(req))
        guard let number = req.parameters.get("number").flatMap(Int.init) else {
            throw ServiceError.notFound("This version")
        }
        let version = try await studio.version(design, number)
        guard let key = version.imageKey else {
            throw ServiceError(.conflict, "version_not_ready", "Version \(number) has no picture yet.")
        }
        return (design, version, try await req.inflio.blobs.get(key))
    }
}
