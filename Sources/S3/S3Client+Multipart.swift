import Foundation
import NIOHTTP1

extension S3Client {
    /// CreateMultipartUpload, the parts (`multipart.concurrency` at once), CompleteMultipartUpload.
    /// Any failure, cancellation included, aborts the upload: S3 keeps (and bills) the parts of an
    /// upload that is neither completed nor aborted, and a failed put must leave nothing behind.
    func putMultipart(_ bytes: [UInt8], objectKey: String, contentType: String?) async throws {
        let key = location.callerKey(objectKey)
        let uploadID = try await createMultipartUpload(objectKey, contentType: contentType, key: key)
        do {
            let etags = try await uploadParts(bytes, objectKey: objectKey, uploadID: uploadID, key: key)
            try await completeMultipartUpload(objectKey, uploadID: uploadID, etags: etags, key: key)
        } catch {
            // An unstructured task is not cancelled with its caller: the abort runs even when the
            // put was cancelled.
            let abort = Task { await abortMultipartUpload(objectKey, uploadID: uploadID, key: key) }
            await abort.value
            throw error
        }
    }

    func createMultipartUpload(_ objectKey: String, contentType: String?, key: String) async throws -> String {
        let request = S3Request(
            .POST, objectKey: objectKey, query: [("uploads", "")],
            headers: contentType.map { [("content-type", $0)] } ?? [])
        let operation = "start multipart upload of \(key)"
        let response = try await send(request, operation: operation)
        guard let uploadID = S3XMLElement.parse(response.body)?.value("UploadId"), !uploadID.isEmpty else {
            throw S3Error.invalidResponse(operation: operation, reason: "no UploadId")
        }
        return uploadID
    }

    /// The parts' ETags, in part order.
    func uploadParts(_ bytes: [UInt8], objectKey: String, uploadID: String, key: String) async throws -> [String] {
        let partSize = configuration.multipart.partSize
        let ranges = stride(from: 0, to: bytes.count, by: partSize).map { $0..<min($0 + partSize, bytes.count) }
        var etags = [String](repeating: "", count: ranges.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func start(_ index: Int) {
                let part = bytes[ranges[index]]
                group.addTask {
                    let number = index + 1
                    let etag = try await uploadPart(
                        part, number: number, objectKey: objectKey, uploadID: uploadID, key: key)
                    return (index, etag)
                }
            }
            while next < min(configuration.multipart.concurrency, ranges.count) {
                start(next)
                next += 1
            }
            // A part that fails after its retries ends the group, which cancels the others.
            while let (index, etag) = try await group.next() {
                etags[index] = etag
                if next < ranges.count {
                    start(next)
                    next += 1
                }
            }
        }
        return etags
    }

    func uploadPart(_ part: ArraySlice<UInt8>, number: Int, objectKey: String, uploadID: String, key: String)
        async throws -> String
    {
        let request = S3Request(
            .PUT, objectKey: objectKey, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: part,
            isTransfer: true)
        let operation = "upload part \(number) of \(key)"
        let response = try await send(request, operation: operation)
        guard let etag = response.header("etag"), !etag.isEmpty else {
            throw S3Error.invalidResponse(operation: operation, reason: "no ETag")
        }
        return etag
    }

    /// S3 may answer 200 and still fail, with an `<Error>` body sent after a long wait: that is
    /// read as the error it is (and retried when it is transient).
    func completeMultipartUpload(_ objectKey: String, uploadID: String, etags: [String], key: String) async throws {
        let parts = etags.enumerated().map { index, etag in
            "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XMLElement.escape(etag))</ETag></Part>"
        }
        let xml = "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>"
        let request = S3Request(
            .POST, objectKey: objectKey, query: [("uploadId", uploadID)],
            headers: [("content-type", "application/xml")], body: Array(xml.utf8)[...])
        _ = try await send(request, operation: "complete multipart upload of \(key)") { response in
            response.isSuccess && S3XMLElement.parse(response.body)?.name != "Error"
        }
    }

    /// Best effort, with the usual retries: a failure is logged, since the caller already has the
    /// error that made us abort. An upload already gone (404 NoSuchUpload) is what we wanted.
    func abortMultipartUpload(_ objectKey: String, uploadID: String, key: String) async {
        let request = S3Request(.DELETE, objectKey: objectKey, query: [("uploadId", uploadID)])
        do {
            _ = try await send(request, operation: "abort multipart upload of \(key)") {
                $0.isSuccess || $0.status == 404
            }
        } catch {
            logger.warning("S3 could not abort the multipart upload \(uploadID) of \(key): \(error)")
        }
    }
}
