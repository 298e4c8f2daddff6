import Crypto
import Foundation

/// A JSON Web Key Set of Ed25519 keys: `{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": <base64url>}]}`.
/// A key with only `x` is read as Ed25519 too, as third-party verifiers of FAL's webhooks read
/// them (whether FAL's keys carry `kty` and `crv` is unconfirmed); keys that say they are of
/// another type or curve are skipped.
public struct FALJWKS: Sendable {
    /// Raw 32-byte public keys (Crypto's key type is not `Sendable`, so keys are rebuilt to verify).
    public let rawKeys: [[UInt8]]

    public init(keys: [Curve25519.Signing.PublicKey]) { self.rawKeys = keys.map { Array($0.rawRepresentation) } }

    public var keys: [Curve25519.Signing.PublicKey] {
        rawKeys.compactMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    public init(json: [UInt8]) throws {
        struct Set: Decodable { let keys: [Key] }
        struct Key: Decodable {
            let kty: String?
            let crv: String?
            let x: String?
        }
        let set: Set
        do { set = try JSONDecoder().decode(Set.self, from: Data(json)) } catch {
            throw FALWebhookError.jwksUnavailable("the key set did not decode: \(error)")
        }
        rawKeys = set.keys.compactMap { key in
            guard key.kty == nil || key.kty == "OKP", key.crv == nil || key.crv == "Ed25519", let x = key.x,
                let raw = Self.base64URLDecode(x), raw.count == 32,
                (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
            else { return nil }
            return raw
        }
    }

    /// The JSON form, as a JWKS endpoint serves it.
    public static func json(for keys: [Curve25519.Signing.PublicKey], keyIds: [String]? = nil) -> [UInt8] {
        let entries = keys.enumerated().map { i, key in
            let kid = keyIds.map { $0[i] } ?? "key-\(i)"
            return
                #"{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"\#(kid)","x":"\#(base64URLEncode(Array(key.rawRepresentation)))"}"#
        }
        return Array(#"{"keys":[\#(entries.joined(separator: ","))]}"#.utf8)
    }

    static func base64URLEncode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
