import Foundation
import NIOConcurrencyHelpers
import S3

/// Where image bytes live. The local folder is the default; an S3-compatible bucket plugs in here.
public protocol BlobStore: Sendable {
    func put(_ bytes: [UInt8], at key: String) async throws
    func get(_ key: String) async throws -> [UInt8]
    func delete(_ key: String) async throws
    /// Removes every blob whose key starts with `prefix` (a persona's folder).
    func deleteAll(under prefix: String) async throws
}

/// Blobs as files under one folder. Writes go to a temporary name first, then are renamed, so a
/// crash never leaves half an image under a real key.
public struct LocalBlobStore: BlobStore {
    let root: URL

    public init(root: String) throws {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
    }

    func url(_ key: String) throws -> URL {
        // Keys are made by the service, but refuse anything that could escape the folder.
        guard !key.contains(".."), !key.hasPrefix("/") else { throw CocoaError(.fileReadInvalidFileName) }
        return root.appendingPathComponent(key)
    }

    public func put(_ bytes: [UInt8], at key: String) async throws {
        let target = try url(key)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).part")
        try Data(bytes).write(to: temporary)
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: temporary, to: target)
    }

    public func get(_ key: String) async throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try url(key)))
    }

    public func delete(_ key: String) async throws {
        try? FileManager.default.removeItem(at: try url(key))
    }

    public func deleteAll(under prefix: String) async throws {
        try? FileManager.default.removeItem(at: try url(prefix))
    }
}

/// The bucket of `INFLIO_BLOB_URL` (the S3 target's client: SigV4 over AsyncHTTPClient).
extension S3BlobStore: BlobStore {}
