import Faces
import Foundation

/// The identity centroid as stored: 128 little-endian Float32.
enum IdentityCodec {
    static func encode(_ embedding: FaceEmbedding) -> Data {
        var data = Data(capacity: 512)
        for value in embedding.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> FaceEmbedding {
        let bytes = [UInt8](data)
        return FaceEmbedding(
            values: (0..<128).map { i in
                Float(
                    bitPattern: UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16
                        | UInt32(bytes[4 * i + 3]) << 24)
            })
    }
}
