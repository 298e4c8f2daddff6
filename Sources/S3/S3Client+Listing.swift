import Foundation
import NIOHTTP1

extension S3Client {
    /// Every object whose key starts with `prefix` (the caller's key space), in key order,
    /// following ListObjectsV2's continuation tokens `pageSize` keys at a time.
    public func listObjects(prefix: String = "", pageSize: Int = 1000) async throws -> [S3ObjectInfo] {
        var objects: [S3ObjectInfo] = []
        var token: String?
        while true {
            var query: [(name: String, value: String)] = [
                ("list-type", "2"), ("prefix", location.objectKey(prefix)),
                ("max-keys", String(min(max(1, pageSize), 1000))),
            ]
            if let token { query.append(("continuation-token", token)) }
            let operation = "list \(prefix)"
            let response = try await send(S3Request(.GET, query: query), operation: operation)
            guard let page = S3XMLElement.parse(response.body), page.name == "ListBucketResult" else {
                throw S3Error.invalidResponse(operation: operation, reason: "not a ListBucketResult")
            }
            for entry in page.children("Contents") {
                guard let objectKey = entry.value("Key") else { continue }
                objects.append(
                    S3ObjectInfo(
                        key: location.callerKey(objectKey), size: entry.value("Size").flatMap { Int($0) } ?? 0,
                        etag: S3ObjectInfo.unquoted(entry.value("ETag")),
                        lastModified: S3ObjectInfo.date(entry.value("LastModified"))))
            }
            guard page.value("IsTruncated") == "true" else { return objects }
            guard let next = page.value("NextContinuationToken"), !next.isEmpty else {
                throw S3Error.invalidResponse(
                    operation: operation, reason: "a truncated page without a continuation token")
            }
            token = next
        }
    }

    /// Multipart uploads started under `prefix` and neither completed nor aborted (each one's
    /// parts are stored, and billed, until it is).
    public func listMultipartUploads(prefix: String = "") async throws -> [S3MultipartUpload] {
        var uploads: [S3MultipartUpload] = []
        var markers: (key: String, uploadID: String)?
        while true {
            var query: [(name: String, value: String)] = [("uploads", ""), ("prefix", location.objectKey(prefix))]
            if let markers { query += [("key-marker", markers.key), ("upload-id-marker", markers.uploadID)] }
            let operation = "list multipart uploads under \(prefix)"
            let response = try await send(S3Request(.GET, query: query), operation: operation)
            guard let page = S3XMLElement.parse(response.body), page.name == "ListMultipartUploadsResult" else {
                throw S3Error.invalidResponse(operation: operation, reason: "not a ListMultipartUploadsResult")
            }
            for upload in page.children("Upload") {
                guard let key = upload.value("Key"), let id = upload.value("UploadId") else { continue }
                uploads.append(
                    S3MultipartUpload(
                        key: location.callerKey(key), uploadID: id,
                        initiated: S3ObjectInfo.date(upload.value("Initiated"))))
            }
            guard page.value("IsTruncated") == "true" else { return uploads }
            guard let key = page.value("NextKeyMarker"), let id = page.value("NextUploadIdMarker") else {
                throw S3Error.invalidResponse(operation: operation, reason: "a truncated page without markers")
            }
            markers = (key, id)
        }
    }
}

/// A multipart upload in progress.
public struct S3MultipartUpload: Sendable, Equatable {
    /// The caller's key, without the location's prefix.
    public let key: String
    public let uploadID: String
    public let initiated: Date?
}
