import Foundation
import Vapor

/// Signed, expiring media links (`/media/<id>?expires=…&signature=…`) so an `<img>` can load a
/// private image without credentials, and only until the link expires.
///
/// Expiry times are rounded up to a multiple of `granularity`, so one image keeps the same URL
/// for minutes at a time: the browser reuses its cached copy across detail reloads, and a
/// rendered persona detail (PersonaDetailCache) stays valid that long. A link therefore lives
/// between `lifetime` and `lifetime + granularity` seconds.
struct MediaSigner: Sendable {
    let key: SymmetricKey
    let lifetime: TimeInterval
    let granularity: Int

    /// The key lives in the data folder (or `INFLIO_SIGNING_KEY_FILE`, shared by every process of a
    /// deployment), made once, so links survive restarts and any process checks any link.
    init(keyFile: String, lifetime: TimeInterval, granularity: Int = 300) throws {
        key = try Self.loadOrCreate(keyFile)
        self.lifetime = lifetime
        self.granularity = max(1, granularity)
    }

    /// Processes starting together on an empty folder must agree on one key: a new key is written
    /// to a file of its own, then linked into place, which fails if another process got there first
    /// (then its key, complete by then, is read). A plain create could leave each with its own key,
    /// or one reading another's half-written file.
    static func loadOrCreate(_ keyFile: String) throws -> SymmetricKey {
        if let data = FileManager.default.contents(atPath: keyFile), data.count == 32 {
            return SymmetricKey(data: data)
        }
        let folder = (keyFile as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fresh = SymmetricKey(size: .bits256)
        let draft = (folder as NSString).appendingPathComponent(".signing-\(UUID().uuidString).key")
        guard
            FileManager.default.createFile(
                atPath: draft, contents: fresh.withUnsafeBytes { Data($0) }, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        defer { unlink(draft) }
        if link(draft, keyFile) == 0 { return fresh }
        guard errno == EEXIST, let data = FileManager.default.contents(atPath: keyFile), data.count == 32 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyFile])
        }
        return SymmetricKey(data: data)
    }

    /// The `expires` of a link made at `now`.
    func expiry(now: Date = Date()) -> Int {
        let earliest = Int((now.timeIntervalSince1970 + lifetime).rounded(.up))
        return (earliest + granularity - 1) / granularity * granularity
    }

    func url(for imageID: UUID, now: Date = Date()) -> String {
        let expires = expiry(now: now)
        return "\(MediaPath(imageID: imageID))?expires=\(expires)&signature=\(signature(imageID, expires))"
    }

    func isValid(imageID: UUID, expires: Int, signature given: String, now: Date = Date()) -> Bool {
        guard Double(expires) > now.timeIntervalSince1970 else { return false }
        let expected = signature(imageID, expires)
        // Constant-time comparison.
        guard expected.utf8.count == given.utf8.count else { return false }
        return zip(expected.utf8, given.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func signature(_ imageID: UUID, _ expires: Int) -> String {
        let message = Data("\(MediaPath(imageID: imageID).idComponent):\(expires)".utf8)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
