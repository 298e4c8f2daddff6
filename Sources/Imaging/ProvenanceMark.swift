import Foundation

/// How an image was made, in the IPTC Digital Source Type vocabulary
/// (https://cv.iptc.org/newscodes/digitalsourcetype/): what the EU AI Act and C2PA-aware viewers
/// read to tell that a picture is AI-made.
public enum DigitalSourceType: String, Sendable, CaseIterable {
    /// Made entirely by a trained model (a generated portrait).
    case trainedAlgorithmicMedia
    /// A composite that includes generated elements.
    case compositeWithTrainedAlgorithmicMedia
    /// A composite of captured elements, without generated ones.
    case composite

    /// The IPTC term's URI, the value stored in XMP.
    public var uri: String { "http://cv.iptc.org/newscodes/digitalsourcetype/\(rawValue)" }
}

/// Declares an image's digital source type in XMP by inserting bytes, never re-encoding pixels, so
/// marking is lossless and cheap.
public enum ProvenanceMark {
    /// Why an image could not be marked.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
        /// Neither a JPEG nor a PNG.
        case unsupportedFormat
        /// A JPEG whose marker segments cannot be walked up to the start of its scan.
        case malformedJPEG(String)
        /// A PNG whose chunks cannot be walked from IHDR to IEND.
        case malformedPNG(String)

        public var description: String {
            switch self {
            case .unsupportedFormat: "Only JPEG and PNG images can carry a provenance mark."
            case .malformedJPEG(let reason): "The JPEG could not be marked: \(reason)."
            case .malformedPNG(let reason): "The PNG could not be marked: \(reason)."
            }
        }

        public var errorDescription: String? { description }
    }

    /// Returns the bytes with an XMP packet declaring `Iptc4xmpExt:DigitalSourceType` = `source.uri`
    /// (JPEG: an APP1 "http://ns.adobe.com/xap/1.0/\0" segment placed right after SOI, any APP0/JFIF
    /// and an Exif APP1 that follows them; PNG: an uncompressed iTXt chunk with keyword
    /// "XML:com.adobe.xmp" placed right after IHDR).
    /// Any XMP the image already carries is removed first, so there is exactly one packet.
    /// Unknown formats or malformed input throw `ProvenanceMark.Failure`.
    public static func marked(_ bytes: [UInt8], as source: DigitalSourceType) throws -> [UInt8] {
        let packet = Array(xmpPacket(for: source).utf8)
        if bytes.starts(with: JPEG.soi) { return try JPEG.marked(bytes, packet: packet) }
        if bytes.starts(with: PNG.signature) { return try PNG.marked(bytes, packet: packet) }
        throw Failure.unsupportedFormat
    }

    /// Reads back the DigitalSourceType from an image's XMP (nil if none, or if the image cannot be
    /// walked): used by tests and by the CLI.
    public static func sourceType(in bytes: [UInt8]) -> DigitalSourceType? {
        let packets: [ArraySlice<UInt8>]
        if bytes.starts(with: JPEG.soi) {
            packets = (try? JPEG.xmpPackets(in: bytes)) ?? []
        } else if bytes.starts(with: PNG.signature) {
            packets = (try? PNG.xmpPackets(in: bytes)) ?? []
        } else {
            return nil
        }
        for packet in packets {
            if let value = digitalSourceTypeValue(in: String(decoding: packet, as: UTF8.self)),
                let type = DigitalSourceType.allCases.first(where: { $0.uri == value })
            {
                return type
            }
        }
        return nil
    }

    /// The whole XMP packet. `end="r"` says it is read-only, so no padding for in-place edits is added.
    static func xmpPacket(for source: DigitalSourceType) -> String {
        """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>\
        <x:xmpmeta xmlns:x="adobe:ns:meta/">\
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
        <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" \
        Iptc4xmpExt:DigitalSourceType="\(source.uri)"/>\
        </rdf:RDF></x:xmpmeta>\
        <?xpacket end="r"?>
        """
    }

    /// The value of the first DigitalSourceType property in an XMP packet, in any of RDF's
    /// spellings: an attribute (what we write), an element's text, or an element's rdf:resource.
    /// A plain scan rather than an XML parser, because FoundationXML is not part of Foundation on Linux.
    static func digitalSourceTypeValue(in xmp: String) -> String? {
        var rest = Substring(xmp)
        while let name = rest.range(of: ":DigitalSourceType") {
            rest = rest[name.upperBound...]
            let afterName = rest.drop(while: \.isWhitespace)
            if afterName.first == "=" {
                return quotedValue(afterName.dropFirst().drop(while: \.isWhitespace))
            }
            // An element, `<p:DigitalSourceType rdf:resource="uri"/>` or `<p:DigitalSourceType>uri</...>`,
            // unless this is only the start of a longer name.
            let endsName = rest.first.map { $0.isWhitespace || $0 == ">" || $0 == "/" } ?? false
            guard endsName, let tagEnd = rest.firstIndex(of: ">") else { continue }
            let tag = rest[..<tagEnd]
            if let resource = tag.range(of: "rdf:resource") {
                let value = tag[resource.upperBound...].drop(while: \.isWhitespace)
                guard value.first == "=" else { continue }
                return quotedValue(value.dropFirst().drop(while: \.isWhitespace))
            }
            if tag.last == "/" { continue }
            let text = rest[rest.index(after: tagEnd)...].prefix { $0 != "<" }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    /// The text between a leading quote (single or double) and its match.
    private static func quotedValue(_ text: Substring) -> String? {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        let body = text.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        return String(body[..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

// MARK: - JPEG

// Nested in ProvenanceMark so that these helper names cannot clash with the module's own.
extension ProvenanceMark {
    /// JPEG marker segments (ITU T.81 Annex B), walked only as far as the first scan.
    private enum JPEG {
        static let soi: [UInt8] = [0xFF, 0xD8]
        static let xmpSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)
        /// Extended XMP (XMP spec part 3, §1.1.3.1) continues the main packet, so it goes with it.
        static let extendedXMPSignature = Array("http://ns.adobe.com/xmp/extension/\0".utf8)
        static let exifSignature: [UInt8] = Array("Exif".utf8) + [0, 0]

        /// One marker segment: `range` covers any fill bytes, the marker and the length-counted payload.
        struct Segment {
            var range: Range<Int>
            var marker: UInt8
            var payload: Range<Int>

            func payloadStarts(with prefix: [UInt8], in bytes: [UInt8]) -> Bool {
                bytes[payload].starts(with: prefix)
            }
        }

        /// The segments between SOI and the first SOS, and the offset of that SOS (whose scan and
        /// everything after are copied untouched).
        static func segments(of bytes: [UInt8]) throws -> (segments: [Segment], scanStart: Int) {
            var segments: [Segment] = []
            var position = soi.count
            while true {
                let start = position
                guard position < bytes.count, bytes[position] == 0xFF else {
                    throw ProvenanceMark.Failure.malformedJPEG(
                        position < bytes.count ? "no marker at byte \(position)" : "it ends before its image data")
                }
                // Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
                while position < bytes.count, bytes[position] == 0xFF { position += 1 }
                guard position < bytes.count else {
                    throw ProvenanceMark.Failure.malformedJPEG("it ends before its image data")
                }
                let marker = bytes[position]
                position += 1
                switch marker {
                case 0xDA:
                    return (segments, start)
                case 0x01, 0xD0...0xD7:
                    // TEM and RSTn stand alone, without a length.
                    segments.append(Segment(range: start..<position, marker: marker, payload: position..<position))
                    continue
                case 0x00, 0xD8, 0xD9:
                    throw ProvenanceMark.Failure.malformedJPEG(
                        "unexpected marker 0x\(String(marker, radix: 16, uppercase: true)) at byte \(position - 1)")
                default:
                    break
                }
                guard position + 2 <= bytes.count else {
                    throw ProvenanceMark.Failure.malformedJPEG("it ends inside a segment header")
                }
                let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
                guard length >= 2, position + length <= bytes.count else {
                    throw ProvenanceMark.Failure.malformedJPEG("a segment at byte \(start) overruns the file")
                }
                segments.append(
                    Segment(
                        range: start..<(position + length), marker: marker,
                        payload: (position + 2)..<(position + length)))
                position += length
            }
        }

        static func isXMP(_ segment: Segment, in bytes: [UInt8]) -> Bool {
            segment.marker == 0xE1
                && (segment.payloadStarts(with: xmpSignature, in: bytes)
                    || segment.payloadStarts(with: extendedXMPSignature, in: bytes))
        }

        static func marked(_ bytes: [UInt8], packet: [UInt8]) throws -> [UInt8] {
            let (segments, scanStart) = try segments(of: bytes)
            let kept = segments.filter { !isXMP($0, in: bytes) }
            // JFIF wants APP0 first and Exif wants its APP1 right after (or first): keep both in front.
            var leading = 0
            while leading < kept.count,
                kept[leading].marker == 0xE0
                    || (kept[leading].marker == 0xE1 && kept[leading].payloadStarts(with: exifSignature, in: bytes))
            {
                leading += 1
            }
            let payload = xmpSignature + packet
            // A segment's 16-bit length counts itself; our packet is far below the 65,533-byte limit.
            precondition(payload.count + 2 <= 0xFFFF, "XMP packet too large for one APP1 segment")
            let length = payload.count + 2
            let app1: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload

            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + app1.count)
            out += soi
            for segment in kept[..<leading] { out += bytes[segment.range] }
            out += app1
            for segment in kept[leading...] { out += bytes[segment.range] }
            out += bytes[scanStart...]
            return out
        }

        static func xmpPackets(in bytes: [UInt8]) throws -> [ArraySlice<UInt8>] {
            try segments(of: bytes).segments
                .filter { $0.marker == 0xE1 && $0.payloadStarts(with: xmpSignature, in: bytes) }
                .map { bytes[($0.payload.lowerBound + xmpSignature.count)..<$0.payload.upperBound] }
        }
    }

}

// MARK: - PNG

extension ProvenanceMark {

    /// PNG chunks (PNG spec §5.3): length, type, data, CRC-32 over type and data.
    private enum PNG {
        static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        static let xmpKeyword = Array("XML:com.adobe.xmp".utf8)
        /// The text chunks that can hold XMP; only iTXt is the standard place, but any is removed.
        static let textTypes: Set<String> = ["iTXt", "tEXt", "zTXt"]

        struct Chunk {
            var range: Range<Int>
            var type: String
            var data: Range<Int>
        }

        /// Every chunk from IHDR to IEND, and the offset just past IEND (trailing bytes are kept as they are).
        static func chunks(of bytes: [UInt8]) throws -> (chunks: [Chunk], end: Int) {
            var chunks: [Chunk] = []
            var position = signature.count
            while true {
                guard position + 12 <= bytes.count else {
                    throw ProvenanceMark.Failure.malformedPNG("it ends before IEND")
                }
                let length = bytes[position..<(position + 4)].reduce(0) { $0 << 8 | Int($1) }
                let typeBytes = bytes[(position + 4)..<(position + 8)]
                guard length <= 0x7FFF_FFFF, position + 12 + length <= bytes.count else {
                    throw ProvenanceMark.Failure.malformedPNG("a chunk at byte \(position) overruns the file")
                }
                guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                    throw ProvenanceMark.Failure.malformedPNG("no valid chunk type at byte \(position + 4)")
                }
                let type = String(decoding: typeBytes, as: UTF8.self)
                if chunks.isEmpty && type != "IHDR" {
                    throw ProvenanceMark.Failure.malformedPNG("the first chunk is \(type), not IHDR")
                }
                let end = position + 12 + length
                chunks.append(Chunk(range: position..<end, type: type, data: (position + 8)..<(position + 8 + length)))
                position = end
                if type == "IEND" { return (chunks, end) }
            }
        }

        static func isXMP(_ chunk: Chunk, in bytes: [UInt8]) -> Bool {
            guard textTypes.contains(chunk.type) else { return false }
            let data = bytes[chunk.data]
            // The keyword runs up to the first NUL in all three text chunk types.
            return data.starts(with: xmpKeyword + [0])
        }

        static func marked(_ bytes: [UInt8], packet: [UInt8]) throws -> [UInt8] {
            let (chunks, end) = try chunks(of: bytes)
            // iTXt: keyword, NUL, compression flag 0 and method 0, empty language tag and translated
            // keyword (each NUL-terminated), then the UTF-8 text.
            let data = xmpKeyword + [0, 0, 0, 0, 0] + packet
            let itxt = chunk(type: "iTXt", data: data)

            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + itxt.count)
            out += signature
            for (index, chunk) in chunks.enumerated() where !isXMP(chunk, in: bytes) {
                out += bytes[chunk.range]
                if index == 0 { out += itxt }  // right after IHDR
            }
            out += bytes[end...]
            return out
        }

        static func chunk(type: String, data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(CRC32.checksum(body))
        }

        static func bigEndian(_ value: UInt32) -> [UInt8] {
            [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        }

        /// The XMP text of uncompressed iTXt and tEXt chunks; compressed ones (zTXt, or iTXt with its
        /// flag set) would need zlib, which Foundation does not offer on Linux, so they are skipped.
        static func xmpPackets(in bytes: [UInt8]) throws -> [ArraySlice<UInt8>] {
            try chunks(of: bytes).chunks.filter { isXMP($0, in: bytes) }.compactMap { chunk in
                let afterKeyword = chunk.data.lowerBound + xmpKeyword.count + 1
                switch chunk.type {
                case "tEXt":
                    return bytes[afterKeyword..<chunk.data.upperBound]
                case "iTXt":
                    guard afterKeyword + 2 <= chunk.data.upperBound, bytes[afterKeyword] == 0 else { return nil }
                    // Skip the compression method, then the language tag and translated keyword.
                    var position = afterKeyword + 2
                    for _ in 0..<2 {
                        guard let nul = bytes[position..<chunk.data.upperBound].firstIndex(of: 0) else { return nil }
                        position = nul + 1
                    }
                    return bytes[position..<chunk.data.upperBound]
                default:
                    return nil
                }
            }
        }
    }
}
