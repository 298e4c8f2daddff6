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

    /// The key lives in the data folder, made once, so links survive restarts.
    init(keyFile: String, lifetime: TimeInterval, granularity: Int = 300) throws {
        if let data = FileManager.default.contents(atPath: keyFile), data.count == 32 {
            key = SymmetricKey(data: data)
        } else {
            let fresh = SymmetricKey(size: .bits256)
            let data = fresh.withUnsafeBytes { Data($0) }
            try FileManager.default.createDirectory(
                atPath: (keyFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: keyFile, contents: data, attributes: [.posixPermissions: 0o600])
            key = fresh
        }
        self.lifetime = lifetime
        self.granularity = max(1, granularity)
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
