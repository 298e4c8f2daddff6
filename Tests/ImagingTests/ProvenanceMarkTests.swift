import Foundation
import Testing

@testable import Imaging

/// Marking declares the IPTC digital source type in exactly one XMP packet, by inserting bytes
/// only: every other byte of the image, and so every pixel, stays as it was.
@Suite("ProvenanceMark writes one XMP packet and leaves the pixels alone")
struct ProvenanceMarkTests {
    /// An 8×8 mid-grey baseline JPEG written by libvips (`strip,optimize_coding`), without its SOI:
    /// DQT, SOF0, two DHT, SOS, one byte of scan data, EOI.
    static let jpegBody: [UInt8] = [
        0xFF, 0xDB, 0x00, 0x43, 0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09, 0x09, 0x08,
        0x0A, 0x0C, 0x14, 0x0D, 0x0C, 0x0B, 0x0B, 0x0C, 0x19, 0x12, 0x13, 0x0F, 0x14, 0x1D, 0x1A, 0x1F, 0x1E, 0x1D,
        0x1A, 0x1C, 0x1C, 0x20, 0x24, 0x2E, 0x27, 0x20, 0x22, 0x2C, 0x23, 0x1C, 0x1C, 0x28, 0x37, 0x29, 0x2C, 0x30,
        0x31, 0x34, 0x34, 0x34, 0x1F, 0x27, 0x39, 0x3D, 0x38, 0x32, 0x3C, 0x2E, 0x33, 0x34, 0x32, 0xFF, 0xC0, 0x00,
        0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xC4, 0x00, 0x14,
        0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9,
    ]
    static let soi: [UInt8] = [0xFF, 0xD8]
    /// APP0 "JFIF\0", version 1.1, 1:1 aspect, no thumbnail.
    static let jfif: [UInt8] = [
        0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    ]
    /// APP1 "Exif\0\0" holding a big-endian TIFF header and an empty IFD0.
    static let exif: [UInt8] =
        [0xFF, 0xE1, 0x00, 0x16] + Array("Exif".utf8) + [0, 0]
        + [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08] + [0x00, 0x00] + [0x00, 0x00, 0x00, 0x00]

    static let jpeg = soi + jfif + jpegBody
    static let jpegWithExif = soi + jfif + exif + jpegBody
    static let png = PNGBuilder.png(
        width: 4, height: 3, channels: 3, pixels: (0..<36).map { UInt8(($0 * 29) % 256) })
    /// Signature and IHDR chunk: where the iTXt chunk goes.
    static let pngHeaderLength = 8 + 25

    static let jpegXMPSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
    static let pngXMPKeyword = Array("XML:com.adobe.xmp".utf8)

    /// How many times `needle` occurs in `haystack`.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        return (0...(haystack.count - needle.count)).filter { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
            .count
    }

    /// The bytes with `count` bytes at `offset` cut out.
    static func removing(_ count: Int, at offset: Int, from bytes: [UInt8]) -> [UInt8] {
        Array(bytes[..<offset] + bytes[(offset + count)...])
    }

    @Test(arguments: DigitalSourceType.allCases)
    func readsBackWhatItWrites(source: DigitalSourceType) throws {
        for image in [Self.jpeg, Self.jpegWithExif, Self.png] {
            #expect(ProvenanceMark.sourceType(in: image) == nil)
            let marked = try ProvenanceMark.marked(image, as: source)
            #expect(ProvenanceMark.sourceType(in: marked) == source)
            #expect(Self.occurrences(of: Array(source.uri.utf8), in: marked) == 1)
        }
    }

    @Test func jpegGetsOneAPP1SegmentAfterJFIFAndNothingElseChanges() throws {
        let marked = try ProvenanceMark.marked(Self.jpeg, as: .trainedAlgorithmicMedia)
        let offset = Self.soi.count + Self.jfif.count
        #expect(Array(marked[offset..<(offset + 2)]) == [0xFF, 0xE1])
        let length = Int(marked[offset + 2]) << 8 | Int(marked[offset + 3])
        #expect(marked.count == Self.jpeg.count + 2 + length)
        #expect(marked[(offset + 4)...].starts(with: Self.jpegXMPSignature))
        #expect(Self.removing(2 + length, at: offset, from: marked) == Self.jpeg)
    }

    @Test func jpegKeepsItsExifSegmentAheadOfTheXMP() throws {
        let marked = try ProvenanceMark.marked(Self.jpegWithExif, as: .composite)
        let offset = Self.soi.count + Self.jfif.count + Self.exif.count
        #expect(Array(marked[..<offset]) == Self.soi + Self.jfif + Self.exif)
        #expect(Array(marked[offset..<(offset + 2)]) == [0xFF, 0xE1])
        let length = Int(marked[offset + 2]) << 8 | Int(marked[offset + 3])
        #expect(Self.removing(2 + length, at: offset, from: marked) == Self.jpegWithExif)
    }

    @Test func pngGetsOneValidITXtChunkAfterIHDRAndNothingElseChanges() throws {
        let marked = try ProvenanceMark.marked(Self.png, as: .trainedAlgorithmicMedia)
        let offset = Self.pngHeaderLength
        let length = marked[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        let body = Array(marked[(offset + 4)..<(offset + 8 + length)])
        let crc = marked[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(body.starts(with: Array("iTXt".utf8) + Self.pngXMPKeyword + [0, 0, 0, 0, 0]))
        #expect(crc == PNGBuilder.crc32(body))
        #expect(Self.removing(12 + length, at: offset, from: marked) == Self.png)
    }

    @Test func markingAgainReplacesThePacket() throws {
        for image in [Self.jpeg, Self.jpegWithExif, Self.png] {
            let once = try ProvenanceMark.marked(image, as: .trainedAlgorithmicMedia)
            let twice = try ProvenanceMark.marked(
                try ProvenanceMark.marked(image, as: .composite), as: .trainedAlgorithmicMedia)
            #expect(twice == once)
            #expect(Self.occurrences(of: Array("<?xpacket begin".utf8), in: twice) == 1)
        }
    }

    @Test func existingXMPElsewhereIsRemoved() throws {
        // XMP written by another tool: a JPEG with it after the tables, a PNG with it in tEXt before IEND.
        let foreign = Array(ProvenanceMark.xmpPacket(for: .composite).utf8)
        let app1Length = 2 + Self.jpegXMPSignature.count + foreign.count
        let app1 = [0xFF, 0xE1, UInt8(app1Length >> 8), UInt8(app1Length & 0xFF)] + Self.jpegXMPSignature + foreign
        let sofOffset = 69  // after the DQT segment
        let jpeg = Self.soi + Self.jfif + Self.jpegBody[..<sofOffset] + app1 + Self.jpegBody[sofOffset...]
        #expect(ProvenanceMark.sourceType(in: jpeg) == .composite)
        #expect(
            try ProvenanceMark.marked(jpeg, as: .trainedAlgorithmicMedia)
                == ProvenanceMark.marked(Self.jpeg, as: .trainedAlgorithmicMedia))

        let text = PNGBuilder.chunk("tEXt", Self.pngXMPKeyword + [0] + foreign)
        let iend = Self.png.count - 12
        let png = Array(Self.png[..<iend] + text + Self.png[iend...])
        #expect(ProvenanceMark.sourceType(in: png) == .composite)
        #expect(
            try ProvenanceMark.marked(png, as: .trainedAlgorithmicMedia)
                == ProvenanceMark.marked(Self.png, as: .trainedAlgorithmicMedia))
    }

    @Test func markedImagesDecodeToTheSamePixels() throws {
        for image in [Self.jpeg, Self.jpegWithExif, Self.png] {
            let marked = try ProvenanceMark.marked(image, as: .trainedAlgorithmicMedia)
            let before = try ImageDecoder.decode(bytes: image, maxSide: 64).image
            #expect(try ImageDecoder.decode(bytes: marked, maxSide: 64).image == before)
        }
    }

    @Test func readsTheOtherRDFSpellings() {
        let uri = DigitalSourceType.compositeWithTrainedAlgorithmicMedia.uri
        #expect(
            ProvenanceMark.digitalSourceTypeValue(
                in: "<rdf:Description><Iptc4xmpExt:DigitalSourceType>\n \(uri) </Iptc4xmpExt:DigitalSourceType>")
                == uri)
        #expect(
            ProvenanceMark.digitalSourceTypeValue(
                in: "<rdf:Description><Iptc4xmpExt:DigitalSourceType rdf:resource='\(uri)'/>") == uri)
        #expect(ProvenanceMark.digitalSourceTypeValue(in: "<x:xmpmeta/>") == nil)
    }

    @Test func refusesWhatItCannotWalk() {
        let truncatedPNG = Array(Self.png.dropLast(12))  // no IEND
        var badChunkPNG = Self.png
        badChunkPNG[Self.pngHeaderLength + 3] = 0xFF  // the IDAT length now runs past the end
        let cases: [(String, [UInt8], ProvenanceMark.Failure?)] = [
            ("empty", [], .unsupportedFormat),
            ("text", Array("not an image".utf8), .unsupportedFormat),
            ("GIF", Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], .unsupportedFormat),
            ("bare SOI", Self.soi, nil),
            ("JPEG cut inside a segment", Array(Self.jpeg.prefix(40)), nil),
            ("JPEG with garbage after SOI", Self.soi + [0x12, 0x34, 0x56], nil),
            ("JPEG ending before its scan", Self.soi + Self.jfif + [0xFF, 0xD9], nil),
            ("PNG without IEND", truncatedPNG, nil),
            ("PNG with an overlong chunk", badChunkPNG, nil),
            ("PNG signature only", Array(Self.png.prefix(8)), nil),
        ]
        for (name, bytes, expected) in cases {
            do {
                _ = try ProvenanceMark.marked(bytes, as: .trainedAlgorithmicMedia)
                Issue.record("\(name): marked without an error")
            } catch let failure as ProvenanceMark.Failure {
                if let expected { #expect(failure == expected, "\(name)") }
                #expect(!failure.description.isEmpty, "\(name)")
            } catch {
                Issue.record("\(name): threw \(type(of: error)) instead of ProvenanceMark.Failure")
            }
            #expect(ProvenanceMark.sourceType(in: bytes) == nil, "\(name)")
        }
    }

    static let exiftool = "/usr/bin/exiftool"

    // Skipped where exiftool (Debian: libimage-exiftool-perl) is not installed.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: exiftool), "exiftool is not installed"))
    func exiftoolReadsTheSourceType() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, image) in [("marked.jpg", Self.jpegWithExif), ("marked.png", Self.png)] {
            let file = folder.appendingPathComponent(name)
            try Data(ProvenanceMark.marked(image, as: .trainedAlgorithmicMedia)).write(to: file)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.exiftool)
            process.arguments = ["-s", "-DigitalSourceType", "-XMP-iptcExt:all", file.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let line = text.split(separator: "\n").first { $0.hasPrefix("DigitalSourceType") }
            #expect(line?.hasSuffix(DigitalSourceType.trainedAlgorithmicMedia.uri) == true, "\(name): \(text)")
        }
    }
}
