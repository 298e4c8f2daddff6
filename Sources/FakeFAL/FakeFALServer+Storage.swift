import Foundation
import Vapor

/// Storage, both ways FAL's clients upload (fal-api.md §2): a CDN token (with our key), then a
/// POST of the bytes to the token's `base_url` (with the token), answering `access_url`; or
/// initiate (with our key), then a PUT to the signed URL (without any), answering `file_url`.
/// Either way the file is then served at its URL to anyone.
extension FakeFALServer {
    /// `POST /rest/storage/auth/token?storage_type=fal-cdn-v3` → `{token, token_type, base_url,
    /// expires_at, created_at}`.
    func issueUploadToken(_ req: Request) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        let kinds = await faults(for: req, call: .uploadToken)
        if kinds.contains(.uploadTokenUnavailable) { return Self.infrastructureError(500) }
        if let answer = await httpFault(kinds) { return answer }
        guard req.query[String.self, at: "storage_type"] == "fal-cdn-v3" else {
            return Self.json(.badRequest, object: ["detail": "Invalid storage type"])
        }
        let (token, expiresAt) = await state.issueUploadToken(lifetime: options.uploadTokenLifetime)
        let stamp = ISO8601DateFormatter()
        stamp.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Self.json(
            .ok,
            object: [
                "token": token, "token_type": "Bearer", "base_url": "\(baseURL)/cdn",
                "created_at": stamp.string(from: Date()), "expires_at": stamp.string(from: expiresAt),
            ])
    }

    /// `POST {base_url}/files/upload` with `Authorization: Bearer <token>`, the bytes, their
    /// `Content-Type` and `X-Fal-File-Name` → `{access_url}`.
    func receiveTokenUpload(_ req: Request) async throws -> Response {
        if let answer = await httpFault(await faults(for: req, call: .upload)) { return answer }
        let header = req.headers.first(name: .authorization) ?? ""
        guard header.hasPrefix("Bearer "), await state.isValidUploadToken(String(header.dropFirst("Bearer ".count)))
        else {
            return Self.json(.unauthorized, object: ["detail": "Invalid or expired upload token."])
        }
        await state.recordLifecycle("upload", Self.lifecycle(req))
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let name = Self.safeFileName(req.headers.first(name: "X-Fal-File-Name") ?? "upload.bin")
        let contentType = req.headers.first(name: .contentType) ?? "application/octet-stream"
        let id = await state.storeUpload(.init(bytes: bytes, contentType: contentType, name: name))
        return Self.json(.ok, object: ["access_url": "\(baseURL)/files/\(id)/\(name)"])
    }

    /// `POST /rest/storage/upload/initiate?storage_type=fal-cdn-v3` → `{upload_url, file_url}`.
    /// Other storage types are refused as FAL refuses them today (`gcs`: 400).
    func initiateUpload(_ req: Request) async throws -> Response {
        if let refusal = unauthorized(req) { return refusal }
        if let answer = await httpFault(await faults(for: req, call: .upload)) { return answer }
        if let storageType = req.query[String.self, at: "storage_type"], storageType != "fal-cdn-v3" {
            return Self.json(.badRequest, object: ["detail": "Invalid storage type"])
        }
        struct Initiate: Decodable {
            let contentType: String?
            let fileName: String?
            enum CodingKeys: String, CodingKey {
                case contentType = "content_type"
                case fileName = "file_name"
            }
        }
        await state.recordLifecycle("upload", Self.lifecycle(req))
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let initiate = try? JSONDecoder().decode(Initiate.self, from: Data(body))
        let contentType = initiate?.contentType ?? "application/octet-stream"
        let name = Self.safeFileName(initiate?.fileName ?? "upload.bin")
        let token = [UInt8].random(count: 16).map { String(format: "%02x", $0) }.joined()
        let id = UUID().uuidString.lowercased()
        await state.expectUpload(token: token, id: id, name: name, contentType: contentType)
        return Self.json(
            .ok,
            object: [
                "upload_url": "\(baseURL)/_fake/upload/\(token)?X-Goog-Expires=3600&X-Goog-Signature=\(token)",
                "file_url": "\(baseURL)/files/\(id)/\(name)",
            ])
    }

    func receiveUpload(_ req: Request) async throws -> Response {
        if let answer = await httpFault(await faults(for: req, call: .upload)) { return answer }
        let token = req.parameters.get("token") ?? ""
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        guard await state.completeUpload(token: token, bytes: bytes, contentType: req.headers.first(name: .contentType))
        else {
            return Self.json(.forbidden, object: ["detail": "The upload URL is not valid (unknown or already used)."])
        }
        return Response(status: .ok)
    }

    func serveFile(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id"), let file = await state.file(id) else { return notFound() }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: file.bytes)))
    }

    /// Keeps a name usable as one path component.
    static func safeFileName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let cleaned = String(name.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty ? "upload.bin" : cleaned
    }

    /// What the model reads for an `image_urls` entry: our own files directly, data URIs
    /// decoded, anything else over HTTP.
    static func fetch(_ url: String, state: FakeFALState, client: any Client) async throws -> [UInt8] {
        if url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") {
            let header = url[..<comma]
            let payload = String(url[url.index(after: comma)...])
            if header.hasSuffix(";base64") {
                guard let data = Data(base64Encoded: payload) else {
                    throw Abort(.unprocessableEntity, reason: "bad base64")
                }
                return [UInt8](data)
            }
            return Array((payload.removingPercentEncoding ?? payload).utf8)
        }
        if let components = URLComponents(string: url), components.path.hasPrefix("/files/") {
            let parts = components.path.split(separator: "/")
            if parts.count >= 2, let file = await state.file(String(parts[1])) { return file.bytes }
        }
        let response = try await client.get(URI(string: url))
        guard response.status == .ok, let body = response.body else {
            throw Abort(.badGateway, reason: "GET \(url): \(response.status)")
        }
        return Array(body.readableBytesView)
    }

    /// The expiry an upload asks for: fal-js's `X-Fal-Object-Lifecycle`, or the `…-Preference`
    /// spelling the queue reads (which one the CDN reads is unconfirmed: both are taken).
    static func lifecycle(_ req: Request) -> String? {
        req.headers.first(name: "X-Fal-Object-Lifecycle")
            ?? req.headers.first(name: "X-Fal-Object-Lifecycle-Preference")
    }
}
