import Foundation
import Imaging

/// The logo: the first picture on the first two pages that is not a page-sized scan or backdrop,
/// as `pdfimages` lists them, written as a PNG with its soft mask as alpha (PDFs keep a picture's
/// transparency as a separate grey image). A guess, said as such: the review page shows it and the
/// user keeps, replaces or drops it.
enum PDFLogo {
    struct Listed: Sendable, Equatable {
        var page: Int
        var number: Int
        var type: String
        var width: Int
        var height: Int
        var ppi: Double
    }

    struct Picture: Sendable {
        var png: [UInt8]
        var width: Int
        var height: Int
        var page: Int
        var transparent: Bool
    }

    static let pages = 2
    static let maxListed = 200
    static let maxPixels = 40_000_000
    /// Longest side kept: a logo for thumbnails, not a print master.
    static let maxSide = 1024

    /// `pdfimages -list`'s table, after its two header lines.
    static func listed(_ table: String) -> [Listed] {
        table.split(separator: "\n").dropFirst(2).compactMap { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 13, let page = Int(columns[0]), let number = Int(columns[1]),
                let width = Int(columns[3]), let height = Int(columns[4])
            else { return nil }
            return Listed(
                page: page, number: number, type: String(columns[2]), width: width, height: height,
                ppi: Double(columns[12]) ?? 72)
        }
    }

    /// The picture to offer as the logo, and its soft mask's number when it has one.
    static func choose(_ listed: [Listed], pageWidthPoints: Double) -> (image: Listed, mask: Listed?)? {
        // A page of hundreds of pictures is not a guideline's cover: no logo is guessed from it.
        guard listed.count <= maxListed else { return nil }
        let pageInches = max(pageWidthPoints, 1) / 72
        for (index, image) in listed.enumerated() where image.type == "image" {
            let shownInches = Double(image.width) / max(image.ppi, 1)
            // Decoded in this process (poppler wrote the PNG): a picture past 40 megapixels is never a
            // logo and would cost gigabytes.
            guard min(image.width, image.height) >= 16, image.width * image.height <= maxPixels,
                shownInches <= pageInches * 0.6
            else { continue }
            let next = index + 1 < listed.count ? listed[index + 1] : nil
            guard let mask = next, mask.type == "smask", mask.page == image.page else { return (image, nil) }
            // The mask's size comes from the PDF too.
            return mask.width * mask.height <= maxPixels ? (image, mask) : (image, nil)
        }
        return nil
    }

    /// The chosen picture as a PNG, its soft mask (if any) as alpha, at most `maxSide` pixels.
    static func picture(imagePath: String, maskPath: String?, page: Int) throws -> Picture {
        // Shrunk while decoding (never past maxSide), the size checked against the upload limits first.
        func load(_ path: String) throws -> EditableImage {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = try ImageDecoder.dimensions(of: bytes)
            return try EditableImage(bytes: bytes, maxSide: maxSide)
        }
        let image = try load(imagePath)
        let rgb = try image.rgb()
        guard let maskPath else {
            return Picture(png: try image.png(), width: rgb.width, height: rgb.height, page: page, transparent: false)
        }
        var mask = try load(maskPath)
        if mask.width != rgb.width || mask.height != rgb.height {
            mask = try mask.resized(toWidth: rgb.width, height: rgb.height)
        }
        let alpha = try mask.rgb()
        var rgba = [UInt8](repeating: 0, count: rgb.width * rgb.height * 4)
        for pixel in 0..<(rgb.width * rgb.height) {
            rgba[pixel * 4] = rgb.pixels[pixel * 3]
            rgba[pixel * 4 + 1] = rgb.pixels[pixel * 3 + 1]
            rgba[pixel * 4 + 2] = rgb.pixels[pixel * 3 + 2]
            rgba[pixel * 4 + 3] = alpha.pixels[pixel * 3]
        }
        let png = try EditableImage(rgbaWidth: rgb.width, height: rgb.height, pixels: rgba).png()
        return Picture(png: png, width: rgb.width, height: rgb.height, page: page, transparent: true)
    }
}
