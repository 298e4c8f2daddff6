import Foundation
import Vapor

extension FakeFALServer {
    func registerRoutes() {
        let routes = app.routes
        routes.get("_fake", "stats") { [self] _ in Self.json(.ok, try await statsJSON()) }
        routes.post("_fake", "reset") { [self] _ in
            await state.reset()
            return Response(status: .noContent)
        }
        routes.get("rest", ".well-known", "jwks.json") { [self] req in
            let minimal = await faults(for: req, call: .jwks).contains(.jwksMinimal)
            return Self.json(.ok, Array(FALSignature.jwks(for: publicKey, minimal: minimal).utf8))
        }
        routes.on(.POST, "rest", "storage", "auth", "token", body: .collect(maxSize: "1mb")) { [self] req in
            try await issueUploadToken(req)
        }
        routes.on(.POST, "cdn", "files", "upload", body: .collect(maxSize: "64mb")) { [self] req in
            try await receiveTokenUpload(req)
        }
        routes.on(.POST, "rest", "storage", "upload", "initiate", body: .collect(maxSize: "1mb")) { [self] req in
            try await initiateUpload(req)
        }
        routes.on(.PUT, "_fake", "upload", ":token", body: .collect(maxSize: "64mb")) { [self] req in
            try await receiveUpload(req)
        }
        routes.get("files", ":id", ":name") { [self] req in try await serveFile(req) }
        routes.on(.POST, "run", "**", body: .collect(maxSize: "64mb")) { [self] req in
            var path = req.parameters.getCatchall()
            if path.last == "stream" {
                path.removeLast()
                return try await stream(req, model: path.joined(separator: "/"))
            }
            return try await runSync(req, model: path.joined(separator: "/"))
        }
        routes.on(.POST, "**", body: .collect(maxSize: "64mb")) { [self] req in
            try await submit(req, model: req.parameters.getCatchall().joined(separator: "/"))
        }
        routes.get("**") { [self] req in
            guard let target = RequestTarget(req.parameters.getCatchall()) else { return notFound() }
            switch target.rest {
            case ["status"]: return try await status(req, target)
            case ["status", "stream"]: return try await statusStream(req, target)
            case []: return try await result(req, target)
            default: return notFound()
            }
        }
        routes.put("**") { [self] req in
            guard let target = RequestTarget(req.parameters.getCatchall()), target.rest == ["cancel"] else {
                return notFound()
            }
            return try await cancel(req, target)
        }
    }

    func notFound() -> Response { Self.json(.notFound, object: ["detail": "Not found"]) }

    /// `{owner}/{app}/requests/{id}[/…]`, split.
    struct RequestTarget {
        let base: String
        let id: String
        let rest: [String]

        init?(_ path: [String]) {
            guard let i = path.firstIndex(of: "requests"), i > 0, i + 1 < path.count else { return nil }
            base = path[..<i].joined(separator: "/")
            id = path[i + 1]
            rest = Array(path[(i + 2)...])
        }
    }
}
