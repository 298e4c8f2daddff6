import Fluent
import Imaging
import S3
import Vapor

/// `GET /media/:imageID`: an image, to its owner (session or token) or through a valid signed
/// link. Anyone else gets the same 404 as for a missing image. Portraits are served marked as
/// AI-made; uploaded photos as stored (their metadata was stripped at upload).
enum MediaController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.constant(MediaPath.prefix), ":imageID", use: serve)
    }

    static func serve(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("imageID").flatMap(UUID.init(uuidString:)),
            let image = try await PersonaImage.find(id, on: req.db)
        else { throw ServiceError.notFound("This image") }
        let signed =
            (try? req.query.get(Int.self, at: "expires")).flatMap { expires in
                (try? req.query.get(String.self, at: "signature")).map {
                    req.inflio.signer.isValid(imageID: id, expires: expires, signature: $0)
                }
            } ?? false
        let owner = req.auth.get(AuthenticatedUser.self)?.id == image.userID
        guard signed || owner else { throw ServiceError.notFound("This image") }
        // A photo as stored can come from the bucket itself; a portrait is marked on its way out.
        if req.inflio.config.mediaDirect, image.metadata.type == .userUpload,
            let bucket = req.inflio.blobs as? S3BlobStore
        {
            let direct = bucket.presignedURL(for: image.metadata.storageKey, expiresIn: 300)
            let response = req.redirect(to: direct.absoluteString, redirectType: .temporary)
            response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=240")
            return response
        }
        var bytes = try await req.inflio.blobs.get(image.metadata.storageKey)
        // A portrait says it is AI-made wherever it goes (issue 18): XMP's IPTC digital source type.
        let provenance = PortraitProvenance(fallbackProvider: req.inflio.config.provider)
        if let source = try await provenance.source(of: image, on: req.db) {
            bytes = try ProvenanceMark.marked(bytes, as: source)
        }
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = HTTPMediaType(
            type: "image", subType: image.metadata.contentType == "image/png" ? "png" : "jpeg")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
