import Foundation
import NIOHTTP1

extension S3Client {
    /// Stores `bytes` at `key`, replacing what was there. Above `multipart.threshold` the bytes go
    /// up in parts (see `putMultipart`); either way the object appears whole or not at all.
    public func putObject(_ bytes: [UInt8], key: String, contentType: String? = nil) async throws {
        let objectKey = location.objectKey(key)
        if bytes.count > configuration.multipart.threshold {
            try await putMultipart(bytes, objectKey: objectKey, contentType: contentType)
            return
        }
        let request = S3Request(
            .PUT, objectKey: objectKey, headers: contentType.map { [("content-type", $0)] } ?? [], body: bytes[...],
            isTransfer: true)
        _ = try await send(request, operation: "put \(key)")
    }

    /// The whole object, read into memory (`maxBytes` at most).
    public func getObject(_ key: String, maxBytes: Int = 256 << 20) async throws -> [UInt8] {
        var request = S3Request(.GET, objectKey: location.objectKey(key), isTransfer: true)
        request.maxResponseBytes = maxBytes
        return try await send(request, operation: "get \(key)").body
    }

    /// Size, ETag, modification time and content type, without the bytes.
    public func headObject(_ key: String) async throws -> S3ObjectInfo {
        let response = try await send(S3Request(.HEAD, objectKey: location.objectKey(key)), operation: "head \(key)")
        return S3ObjectInfo(
            key: key, size: response.header("content-length").flatMap { Int($0) } ?? 0,
            etag: S3ObjectInfo.unquoted(response.header("etag")),
            lastModified: S3ObjectInfo.date(response.header("last-modified")),
            contentType: response.header("content-type"))
    }

    /// Removes the object. A key that is already gone is not an error (S3 itself answers 204 for
    /// it; some compatible servers say 404).
    public func deleteObject(_ key: String) async throws {
        let request = S3Request(.DELETE, objectKey: location.objectKey(key))
        _ = try await send(request, operation: "delete \(key)") { $0.isSuccess || $0.status == 404 }
    }

    /// Creates the bucket (in the configured region). For tests and first-time set-up; a bucket
    /// that already exists and is ours is fine.
    public func createBucket() async throws {
        var body: ArraySlice<UInt8>?
        if configuration.region != "us-east-1" {
            let xml =
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(S3XMLElement.escape(configuration.region))</LocationConstraint>"
                + "</CreateBucketConfiguration>"
            body = Array(xml.utf8)[...]
        }
        let request = S3Request(.PUT, body: body)
        _ = try await send(request, operation: "create bucket \(location.bucket)") { response in
            response.isSuccess
                || S3ErrorBody(status: response.status, body: response.body).code == "BucketAlreadyOwnedByYou"
        }
    }
}
