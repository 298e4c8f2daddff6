import Foundation

/// JSON as FAL speaks it. Keys are spelled out in each type's `CodingKeys` (snake_case), since
/// `.convertToSnakeCase` would turn `imageURLs` into `image_ur_ls`; nil optionals are omitted
/// by the synthesized encoders.
enum FALJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw FALError.invalidResponse("the input could not be encoded: \(error)")
        }
    }

    static func decode<T: Decodable>(_ bytes: [UInt8], what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            let excerpt = String(decoding: bytes.prefix(300), as: UTF8.self)
            throw FALError.invalidResponse("\(what) did not decode (\(error)): \(excerpt)")
        }
    }
}
