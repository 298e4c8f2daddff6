import Foundation

extension FALClient {
    /// Uploads bytes to FAL's storage and returns the `file_url` a model input can use (fetchable
    /// without auth). Two steps, as fal-js does it: `POST {rest}/storage/upload/initiate` with
    /// our key, then `PUT` the bytes to the signed `upload_url` without it.
    public func upload(_ bytes: [UInt8], contentType: String, fileName: String? = nil) async throws -> String {
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
        let name = fileName ?? "\(UUID().uuidString.lowercased()).\(Self.fileExtension(for: contentType))"
        let initiate = FALHTTPRequest(
            method: .POST, url: "\(configuration.restURL)/storage/upload/initiate?storage_type=fal-cdn-v3",
            headers: jsonHeaders(), body: try FALJSON.encode(Initiate(contentType: contentType, fileName: name)))
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
