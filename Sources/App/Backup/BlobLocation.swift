import Crypto
import Foundation
import NIOCore
import S3

/// A blob store seen whole, as copying it needs: every key it holds, each blob's bytes, and
/// writes. The `BlobStore` protocol is what the service needs; listing and streaming are
/// only for operators, so they live here.
enum BlobLocation: Sendable {
    /// The data folder's `images/` (or any folder laid out the same). Reading never creates it.
    case folder(String)
    case bucket(S3BlobStore)

    /// The service's store, as configured.
    init(_ store: any BlobStore) throws {
        switch store {
        case let local as LocalBlobStore: self = .folder(local.root.path)
        case let bucket as S3BlobStore: self = .bucket(bucket)
        default: throw BackupError.invalidRequest("This blob store cannot be listed.")
        }
    }

    var description: String {
        switch self {
        case .folder(let path): path
        case .bucket(let store): store.client.configuration.location.description
        }
    }

    /// Every key the store holds, sorted. The folder's hidden files are a write's temporary
    /// `.part` files (LocalBlobStore), never blobs.
    func keys() async throws -> [String] {
        switch self {
        case .folder(let path):
            guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
            var keys: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                var isDirectory: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(relative)
                guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
                keys.append(relative)
            }
            return keys.sorted()
        case .bucket(let store):
            return try await store.client.listObjects().map(\.key).sorted()
        }
    }

    /// Passes the blob's bytes to `chunk` as they are read, a MiB or a network packet at a time;
    /// false, and no call, when the store has no such key.
    func read(_ key: String, _ chunk: (ByteBuffer) async throws -> Void) async throws -> Bool {
        try Self.checkKey(key)
        switch self {
        case .folder(let path):
            guard let handle = FileHandle(forReadingAtPath: (path as NSString).appendingPathComponent(key)) else {
                return false
            }
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                try await chunk(ByteBuffer(data: data))
            }
            return true
        case .bucket(let store):
            let stream: S3ObjectStream
            do {
                stream = try await store.client.streamObject(key)
            } catch S3Error.notFound(_, let code, _) where code == "NoSuchKey" || code.isEmpty {
                // Only a missing key: a missing bucket (NoSuchBucket) is an error, not an empty store.
                return false
            }
            for try await buffer in stream { try await chunk(buffer) }
            return true
        }
    }

    /// The whole blob and its SHA-256, or nil when the store has no such key.
    func bytes(_ key: String) async throws -> (bytes: [UInt8], sha256: String)? {
        var bytes: [UInt8] = []
        var hash = SHA256()
        let found = try await read(key) { buffer in
            bytes += buffer.readableBytesView
            hash.update(data: buffer.readableBytesView)
        }
        return found ? (bytes, Hex.encode(hash.finalize())) : nil
    }

    /// Size and SHA-256 of the stored blob, read through without keeping it; nil when absent.
    func digest(_ key: String) async throws -> BlobDigest? {
        var hash = SHA256()
        var size = 0
        let found = try await read(key) { buffer in
            size += buffer.readableBytes
            hash.update(data: buffer.readableBytesView)
        }
        return found ? BlobDigest(size: size, sha256: Hex.encode(hash.finalize())) : nil
    }

    /// Stores `bytes` under `key` whole, as the service does (a bucket takes whole objects;
    /// the folder writes a temporary file and renames it).
    func write(_ bytes: [UInt8], at key: String) async throws {
        try Self.checkKey(key)
        try await store().put(bytes, at: key)
    }

    func delete(_ key: String) async throws {
        try await store().delete(key)
    }

    private func store() throws -> any BlobStore {
        switch self {
        case .folder(let path): try LocalBlobStore(root: path)
        case .bucket(let store): store
        }
    }

    /// Keys are the service's own, but a backup's folder or a hand-edited row must not lead a copy
    /// outside the folder it writes to.
    static func checkKey(_ key: String) throws {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !key.contains("\0")
        else { throw BackupError.unsafeBlobKey(key) }
    }
}

/// What a backup records of each blob, and what a verification compares.
struct BlobDigest: Codable, Sendable, Equatable {
    let size: Int
    let sha256: String
}
