import AsyncHTTPClient
import Foundation
import Logging
import S3
import Testing

/// App's protocol, copied from Sources/App/Storage/BlobStore.swift, so this package can check
/// that `S3BlobStore` fits it as it is (App declares the same conformance).
protocol BlobStore: Sendable {
    func put(_ bytes: [UInt8], at key: String) async throws
    func get(_ key: String) async throws -> [UInt8]
    func delete(_ key: String) async throws
    /// Removes every blob whose key starts with `prefix` (a persona's folder).
    func deleteAll(under prefix: String) async throws
}

extension S3BlobStore: BlobStore {}

struct S3BlobStoreTests {
    @Test func aBadURLOrMissingKeysFailAtStartUp() {
        #expect(throws: S3ConfigurationError.invalidURL("file:///tmp")) {
            try S3BlobStore(url: "file:///tmp", environment: [:], httpClient: .shared, logger: Logger(label: "t"))
        }
        #expect(throws: S3ConfigurationError.missingCredentials) {
            try S3BlobStore(url: "s3://bucket/blobs", environment: [:], httpClient: .shared, logger: Logger(label: "t"))
        }
    }
}

extension MotoTests {
    @Suite struct BlobStoreOnS3 {
        /// Through the protocol, as App uses it, built from a URL and an environment as App builds it.
        @Test func behavesAsTheLocalStore() async throws {
            let bucket = try await Moto.client().configuration.location.bucket
            let credentials = try await Moto.account.value
            let environment = [
                "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                "AWS_ENDPOINT_URL_S3": Moto.endpointURL!,
            ]
            let concrete = try S3BlobStore(
                url: "s3://\(bucket)/inflio", environment: environment, httpClient: .shared, logger: Logger(label: "t"))
            let store: any BlobStore = concrete
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Moto.bytes(100)
            try await store.put(jpeg, at: "personas/p1/a.jpg")
            try await store.put([1], at: "personas/p1/b.jpg")
            try await store.put([2], at: "personas/p10/c.jpg")
            #expect(try await store.get("personas/p1/a.jpg") == jpeg)
            #expect(try await concrete.client.headObject("personas/p1/a.jpg").contentType == "image/jpeg")

            try await store.delete("personas/p1/b.jpg")
            try await store.delete("personas/p1/b.jpg")
            await #expect(throws: S3Error.self) { try await store.get("personas/p1/b.jpg") }

            try await store.deleteAll(under: "personas/p1")
            await #expect(throws: S3Error.self) { try await store.get("personas/p1/a.jpg") }
            #expect(try await store.get("personas/p10/c.jpg") == [2], "a folder is not a key prefix")
            #expect(
                concrete.presignedURL(for: "personas/p10/c.jpg", expiresIn: 60).path
                    == "/\(bucket)/inflio/personas/p10/c.jpg")
        }
    }
}
