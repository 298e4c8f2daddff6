import Foundation
import PersonaKit

/// The local renderer's request ids are derived from the request itself, so submitting the same
/// request twice (say, after a restart) names the same portrait, and a new seed names a new one.
enum StudioRequestID {
    static let prefix = "local-"

    static func make(for request: PortraitRequest) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the id must not depend on the order a dictionary happened to encode in.
        encoder.outputFormatting = [.sortedKeys]
        let hash = fnv1a64(Array(try encoder.encode(request)))
        return prefix + String(hash, radix: 16).leftPadded(to: 16)
    }

    /// FNV-1a, 64-bit: stable across processes (unlike `Hasher`, which is seeded per process).
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
