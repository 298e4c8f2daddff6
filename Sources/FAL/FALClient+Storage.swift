import Foundation
import Synchronization

extension FALClient {
    /// Uploads bytes to FAL's storage and returns a URL a model input can use (fetchable without
    /// auth). As the Python client does it now: a CDN token first (`POST {rest}/storage/auth/
    /// token?storage_type=fal-cdn-v3`, kept until it expires), then `POST {base_url}/files/upload`
    /// with it, answering `access_url`. If that way fails (any error answer or none), the way
    /// fal-js still uses: `POST {rest}/storage/upload/initiate` with our key, then `PUT` the bytes
    /// to the signed `upload_url` without it, answering `file_url`.
    ///
    /// `lifetimeSeconds` asks FAL to expire the file: FAL documents no way to delete one, so this is
    /// how long a person's photo stays there. Sent as fal-js's `X-Fal-Object-Lifecycle` and as the
    /// queue's `…-Preference` spelling (which of them the CDN path reads is not confirmed).
    public func upload(_ bytes: [UInt8], contentType: String, fileName: String? = nil, lifetimeSeconds: Int? = nil)
        async throws -> String
    {
        let name = fileName ?? "\(UUID().uuidString.lowercased()).\(Self.fileExtension(for: contentType))"
        let lifecycle = lifetimeSeconds.map { seconds -> [(String, String)] in
            let value = #"{"expiration_duration_seconds":\#(seconds)}"#
            return [("X-Fal-Object-Lifecycle", value), ("X-Fal-Object-Lifecycle-Preference", value)]
        }
        do {
            return try await uploadWithToken(bytes, contentType: contentType, name: name, extra: lifecycle ?? [])
        } catch FALError.cancelled {
            throw FALError.cancelled
        } catch {
            uploadTokens.forget()
            logger.info("FAL upload through a CDN token failed (\(error)); uploading through initiate")
        }
        return try await uploadWithInitiate(bytes, contentType: contentType, name: name, extra: lifecycle ?? [])
    }

    func uploadWithToken(_ bytes: [UInt8], contentType: String, name: String, extra: [(String, String)] = [])
        async throws -> String
    {
        let token = try await cdnToken()
        struct Uploaded: Decodable {
            let accessURL: String
            enum CodingKeys: String, CodingKey { case accessURL = "access_url" }
        }
        // FAL's CDN, with the token instead of our key (and the extra headers every FAL call gets).
        let post = FALHTTPRequest(
            method: .POST, url: "\(token.baseURL)/files/upload",
            headers: configuration.extraHeaders.map { ($0.key, $0.value) } + [
                ("Authorization", "\(token.type) \(token.token)"), ("Content-Type", contentType),
                ("X-Fal-File-Name", name), ("Accept", "application/json"),
            ] + extra,
            body: bytes, authorized: false)
        let response = try await send(post, operation: "upload \(name)", attemptTimeout: configuration.deadlines.upload)
        let answer: Uploaded = try FALJSON.decode(response.body, what: "the CDN upload answer")
        return answer.accessURL
    }

    /// The cached token, or a new one when there is none or it is about to expire.
    func cdnToken() async throws -> CDNToken {
        if let token = uploadTokens.current() { return token }
        struct Answer: Decodable {
            let token: String
            let tokenType: String?
            let baseURL: String
            let expiresAt: String?
            enum CodingKeys: String, CodingKey {
                case token
                case tokenType = "token_type"
                case baseURL = "base_url"
                case expiresAt = "expires_at"
            }
        }
        let request = FALHTTPRequest(
            method: .POST, url: "\(configuration.restURL)/storage/auth/token?storage_type=fal-cdn-v3",
            headers: jsonHeaders(), body: Array("{}".utf8))
        let answer: Answer = try FALJSON.decode(
            try await send(request, operation: "upload token").body, what: "the upload token")
        let token = CDNToken(
            token: answer.token, type: answer.tokenType ?? "Bearer", baseURL: FALConfiguration.trimmed(answer.baseURL),
            // Unreadable or absent: used for ten minutes, then asked for again.
            expiresAt: answer.expiresAt.flatMap(CDNToken.date(from:)) ?? Date().addingTimeInterval(600))
        uploadTokens.keep(token)
        return token
    }

    func uploadWithInitiate(_ bytes: [UInt8], contentType: String, name: String, extra: [(String, String)] = [])
        async throws -> String
    {
        struct Initiate: Encodable {
            let contentType: String
            let fileName: String
            enum CodingKeys: String, CodingKey {
                case contentType = "content_type"
                case fileName = "file_name"
            }
        }
        struct Initiated: Decodable {
            let uploadURL: String
            let fileURL: String
            enum CodingKeys: String, CodingKey {
                case uploadURL = "upload_url"
                case fileURL = "file_url"
            }
        }
        let initiate = FALHTTPRequest(
            method: .POST, url: "\(configuration.restURL)/storage/upload/initiate?storage_type=fal-cdn-v3",
            headers: jsonHeaders() + extra, body: try FALJSON.encode(Initiate(contentType: contentType, fileName: name))
        )
        let answer: Initiated = try FALJSON.decode(
            try await send(initiate, operation: "upload initiate").body, what: "the upload answer")
        let put = FALHTTPRequest(
            method: .PUT, url: answer.uploadURL, headers: [("Content-Type", contentType)], body: bytes,
            authorized: false)
        _ = try await send(put, operation: "upload \(name)", attemptTimeout: configuration.deadlines.upload)
        return answer.fileURL
    }

    /// Downloads an output (a FAL media URL, or a data URI without any network), with the same
    /// deadline and retries as any call. FAL's URLs expire: copy what you keep.
    public func download(_ url: String, maxBytes: Int = 64 << 20) async throws -> (bytes: [UInt8], contentType: String?)
    {
        if let inline = DataURI.decode(url) { return (inline.bytes, inline.contentType) }
        let response = try await send(
            FALHTTPRequest(method: .GET, url: url, authorized: false, maxResponseBytes: maxBytes),
            operation: "download", attemptTimeout: configuration.deadlines.upload)
        return (response.body, response.header("content-type"))
    }

    static func fileExtension(for contentType: String) -> String {
        switch contentType.lowercased() {
        case "image/jpeg", "image/jpg": "jpg"
        case "image/png": "png"
        case "image/webp": "webp"
        case "image/heic": "heic"
        default: "bin"
        }
    }
}

/// A storage CDN upload token: `{token, token_type, base_url, expires_at}`.
struct CDNToken: Sendable, Equatable {
    let token: String
    /// `Bearer` when FAL does not say (fal-js's default).
    let type: String
    let baseURL: String
    let expiresAt: Date

    /// ISO 8601, with or without fractional seconds (FAL sends `2026-10-27T21:47:25.394105+00:00`;
    /// the fraction is dropped, so any number of digits reads).
    static func date(from text: String) -> Date? {
        var whole = text
        if let dot = text.firstIndex(of: ".") {
            let rest = text[text.index(after: dot)...]
            whole = String(text[..<dot]) + String(rest.drop(while: \.isNumber))
        }
        return ISO8601DateFormatter().date(from: whole)
    }
}

/// The one token a client keeps, shared by its copies; refreshed a minute before it expires.
final class CDNTokenCache: Sendable {
    private let token = Mutex<CDNToken?>(nil)

    func current(now: Date = Date()) -> CDNToken? {
        token.withLock { token in
            guard let held = token, held.expiresAt.timeIntervalSince(now) > 60 else { return nil }
            return held
        }
    }

    func keep(_ new: CDNToken) { token.withLock { $0 = new } }
    func forget() { token.withLock { $0 = nil } }
}
