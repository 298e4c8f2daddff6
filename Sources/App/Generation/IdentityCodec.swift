import Faces
import Foundation
import PersonaKit

/// The persona's identity as stored: dlib's centroid as 128 little-endian Float32, followed, when
/// the photos were analysed with the second model, by SFace's centroid in the same form (personas
/// stored before SFace have the first 512 bytes only, and are checked by dlib alone).
enum IdentityCodec {
    static let valuesPerDescriptor = 128

    static func encode(_ identity: PersonaIdentity) -> Data {
        var data = Data(capacity: 1024)
        for value in identity.centroid.values + (identity.secondOpinion?.values ?? []) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> PersonaIdentity {
        let bytes = [UInt8](data)
        func floats(from start: Int) -> [Float] {
            (0..<valuesPerDescriptor).map { k in
                let i = 4 * (start + k)
                return Float(
                    bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                        | UInt32(bytes[i + 3]) << 24)
            }
        }
        let secondOpinion =
            bytes.count >= 8 * valuesPerDescriptor ? SFaceEmbedding(raw: floats(from: valuesPerDescriptor)) : nil
        return PersonaIdentity(centroid: FaceEmbedding(values: floats(from: 0)), secondOpinion: secondOpinion)
    }
}
