import Crypto
import Foundation

/// FAL's webhook signature, implemented on the fake's side independently of the client's
/// verifier (a shared implementation would only agree with itself): Ed25519 over
/// `request_id \n user_id \n timestamp \n hex(sha256(body))`, hex-encoded.
enum FALSignature {
    static func sign(
        requestId: String, userId: String, timestamp: String, body: [UInt8], with key: Curve25519.Signing.PrivateKey
    ) throws -> String {
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let message = Data("\(requestId)\n\(userId)\n\(timestamp)\n\(digest)".utf8)
        return try key.signature(for: message).map { String(format: "%02x", $0) }.joined()
    }

    /// `{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": base64url}]}`, or with `minimal` only
    /// `{"keys": [{"x": base64url}]}` (what third-party verifiers read; whether FAL's keys carry
    /// `kty` and `crv` is unconfirmed).
    static func jwks(for key: Curve25519.Signing.PublicKey, minimal: Bool = false) -> String {
        let x = key.rawRepresentation.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
        if minimal { return #"{"keys":[{"x":"\#(x)"}]}"# }
        return #"{"keys":[{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"fake-fal-1","x":"\#(x)"}]}"#
    }
}
