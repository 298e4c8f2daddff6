import Crypto
import Foundation

/// A file written in pieces while its SHA-256 and size are counted, so nothing is read twice to
/// make a manifest. Created new: an existing file is an error, never overwritten.
final class HashingFileWriter {
    private let handle: FileHandle
    private var hash = SHA256()
    private(set) var size = 0
    private var pending = Data()

    init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        self.handle = handle
    }

    func write<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws {
        let data = Data(bytes)
        hash.update(data: data)
        size += data.count
        pending.append(data)
        // Writes of at least 256 KiB: one system call per row would dominate a large table.
        if pending.count >= 1 << 18 { try flush() }
    }

    /// Flushes, syncs and closes; the file's size and SHA-256.
    func finish() throws -> BlobDigest {
        try flush()
        try handle.synchronize()
        try handle.close()
        return BlobDigest(size: size, sha256: Hex.encode(hash.finalize()))
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}

enum FileDigest {
    /// Size and SHA-256 of a file, read a MiB at a time; nil when there is no such file.
    static func of(_ path: String) throws -> BlobDigest? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        var size = 0
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            hash.update(data: data)
            size += data.count
        }
        return BlobDigest(size: size, sha256: Hex.encode(hash.finalize()))
    }
}
