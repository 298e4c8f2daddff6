import Crypto
import Foundation

/// FAL's webhook signature scheme (fal-api.md, "Signature verification"): Ed25519 over
/// `request_id \n user_id \n timestamp \n hex(sha256(raw body))`, hex-encoded in
/// `X-Fal-Webhook-Signature`, valid if any published key verifies it. Pure functions: no clock,
/// no network.
public enum FALWebhookSignature {
    public static let requestIdHeader = "X-Fal-Webhook-Request-Id"
    public static let userIdHeader = "X-Fal-Webhook-User-Id"
    public static let timestampHeader = "X-Fal-Webhook-Timestamp"
    public static let signatureHeader = "X-Fal-Webhook-Signature"

    /// The bytes that are signed. Always the raw body as received, never re-serialised JSON.
    public static func message(requestId: String, userId: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        Array("\(requestId)\n\(userId)\n\(timestamp)\n\(hex(SHA256.hash(data: body)))".utf8)
    }

    public static func isValid(signature: [UInt8], message: [UInt8], keys: [Curve25519.Signing.PublicKey]) -> Bool {
        keys.contains { $0.isValidSignature(signature, for: message) }
    }

    /// Signs like FAL does (for the fake, and for tests of a webhook route).
    public static func sign(
        requestId: String, userId: String, timestamp: String, body: [UInt8],
        with key: Curve25519.Signing.PrivateKey
    ) throws -> String {
        hex(try key.signature(for: message(requestId: requestId, userId: userId, timestamp: timestamp, body: body)))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }
}
