import Foundation

/// Decodes a response body into a typed value, failing with the body's text so a mismatch reads
/// as what the server said rather than a bare `DecodingError`.
public enum TypedJSON {
    public struct Mismatch: Error, CustomStringConvertible {
        public let description: String
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        let data = Data(bytes)
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            let text = String(decoding: data.prefix(2_000), as: UTF8.self)
            throw Mismatch(description: "expected \(T.self): \(error)\nbody: \(text)")
        }
    }

    /// The service writes dates as ISO 8601 (Vapor's default); most tests ignore them.
    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
