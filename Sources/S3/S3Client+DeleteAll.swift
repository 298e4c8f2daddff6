import Crypto
import Foundation
import NIOHTTP1

extension S3Client {
    /// Removes every object whose key starts with `prefix` (literally: `a/b` also takes `a/bc`),
    /// listing first, then DeleteObjects `deleteBatchSize` keys at a time. Returns how many were
    /// removed. Refuses an empty prefix on a location without one, which would empty the bucket.
    @discardableResult
    public func deleteAll(under prefix: String) async throws -> Int {
        guard !location.objectKey(prefix).isEmpty else {
            throw S3Error.invalidRequest("deleting everything in the bucket \(location.bucket) needs a prefix")
        }
        let keys = try await listObjects(prefix: prefix).map(\.key)
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + configuration.deleteBatchSize, keys.count)]
            try await deleteBatch(Array(batch))
            start += batch.count
        }
        return keys.count
    }

    /// One DeleteObjects request, in quiet mode (the answer lists only failures). S3 requires a
    /// `Content-MD5` of the body for it.
    func deleteBatch(_ keys: [String]) async throws {
        let objects = keys.map { "<Object><Key>\(S3XMLElement.escape(location.objectKey($0)))</Key></Object>" }
        let body = Array("<Delete><Quiet>true</Quiet>\(objects.joined())</Delete>".utf8)
        let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
        let request = S3Request(
            .POST, query: [("delete", "")], headers: [("content-type", "application/xml"), ("content-md5", md5)],
            body: body[...])
        let operation = "delete \(keys.count) objects"
        let response = try await send(request, operation: operation)
        let failures = S3XMLElement.parse(response.body)?.children("Error") ?? []
        guard let first = failures.first else { return }
        let code = first.value("Code") ?? "InternalError"
        let message =
            "\(failures.count) of \(keys.count) objects were not deleted; first \(first.value("Key") ?? "?"): "
            + (first.value("Message") ?? "")
        throw code == "AccessDenied"
            ? S3Error.accessDenied(code: code, message: message)
            : S3Error.requestFailed(status: response.status, code: code, message: message)
    }
}
