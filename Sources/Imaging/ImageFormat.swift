/// The photo formats we accept, recognised by their leading bytes only: file names and the
/// client's content type are never trusted.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, heif

    /// HEIF brands whose images libheif decodes as still photos (iPhone HEIC and generic HEIF).
    /// AVIF shares the container but is not accepted.
    static let heifBrands: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]

    /// Generic brands shared by HEIC and AVIF: accepted only with a HEIC brand among the
    /// compatible ones, and never when AVIF is listed.
    static let genericBrands: Set<String> = ["mif1", "msf1"]
    static let avifBrands: Set<String> = ["avif", "avis"]

    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageFormat? where Bytes.Index == Int {
        let head = Array(bytes.prefix(64))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46][...],
            head[8..<12] == [0x57, 0x45, 0x42, 0x50][...]
        {
            return .webp
        }
        if head.count >= 12, head[4..<8] == [0x66, 0x74, 0x79, 0x70][...] {  // "ftyp"
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            guard heifBrands.contains(brand) else { return nil }
            // The ftyp box lists compatible brands after its 16-byte start.
            let boxSize = head[0..<4].reduce(0) { $0 << 8 | Int($1) }
            let end = min(boxSize, head.count)
            let compatible = stride(from: 16, to: end - 3, by: 4).map {
                String(decoding: head[$0..<($0 + 4)], as: UTF8.self)
            }
            if compatible.contains(where: avifBrands.contains) { return nil }
            if genericBrands.contains(brand)
                && !compatible.contains(where: { heifBrands.contains($0) && !genericBrands.contains($0) })
            {
                return nil
            }
            return .heif
        }
        return nil
    }

    /// The libvips loader class family that decodes this format; all others stay blocked.
    var vipsLoaderClass: String {
        switch self {
        case .jpeg: "VipsForeignLoadJpeg"
        case .png: "VipsForeignLoadPng"
        case .webp: "VipsForeignLoadWebp"
        case .heif: "VipsForeignLoadHeif"
        }
    }
}
