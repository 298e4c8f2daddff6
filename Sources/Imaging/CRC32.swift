import Foundation

/// CRC-32 (ISO 3309, as in zlib) by "slicing-by-8": eight tables let each step fold in eight
/// bytes, about three times faster than one lookup per byte, which matters for ZIP exports of
/// gigabytes. PNG chunks (ProvenanceMark) use it too.
public enum CRC32 {
    /// Table k (entries 256·k ..< 256·(k+1)) advances a byte's CRC through k further zero bytes.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            tables[index] = value
        }
        for index in 0..<256 {
            for k in 1..<8 {
                let previous = tables[256 * (k - 1) + index]
                tables[256 * k + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { data in
                var index = 0
                while index + 8 <= data.count {
                    let low =
                        crc
                        ^ (UInt32(data[index]) | UInt32(data[index + 1]) << 8
                            | UInt32(data[index + 2]) << 16 | UInt32(data[index + 3]) << 24)
                    crc =
                        t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                        ^ t[3 * 256 + Int(data[index + 4])] ^ t[2 * 256 + Int(data[index + 5])]
                        ^ t[256 + Int(data[index + 6])] ^ t[Int(data[index + 7])]
                    index += 8
                }
                while index < data.count {
                    crc = t[Int((crc ^ UInt32(data[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
