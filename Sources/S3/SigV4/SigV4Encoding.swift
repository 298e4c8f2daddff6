/// AWS's URI encoding: every byte of the UTF-8 form is percent-encoded (upper-case hex) except the
/// unreserved `A-Z a-z 0-9 - . _ ~`. Foundation's encoders keep other characters (`+`, `=`, `&`,
/// `:`…) that S3 then reads differently from how we signed them, so this is done by hand.
public enum SigV4Encoding {
    /// `text` encoded; `/` is kept when `keepingSlashes` (a path, where it separates segments).
    public static func encode(_ text: some StringProtocol, keepingSlashes: Bool = false) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The path for an object key: `/` + the key encoded once, its slashes kept. S3 signs exactly
    /// this (it does not encode the path a second time, as other services do).
    public static func path(forKey key: String) -> String { "/" + encode(key, keepingSlashes: true) }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
