import Crypto
import Fluent
import Foundation
import Imaging
import Vapor

/// "Download my data" (issue 18): a ZIP of the account, streamed one file at a time, so an export
/// of any size holds one image (and its copies on the way out) in memory at once. Inside: the photos as stored, every portrait at
/// full size (marked AI-made, as downloads are), and the account's records as JSON, with a
/// `manifest.json` written last that lists every file with its size and SHA-256.
struct AccountExport {
    let db: any Database
    let blobs: any BlobStore
    let userID: String
    let email: String?
    /// How each portrait is marked: the provider that made it, by its job.
    let provenance: PortraitProvenance

    /// One file of the archive: an image from storage, or a record.
    enum Content {
        case image(key: String, mark: DigitalSourceType?)
        case json(Data)
    }

    struct Item {
        let path: String
        let what: String
        let content: Content
    }

    struct Manifest: Encodable {
        struct File: Encodable {
            let path: String
            let what: String
            let bytes: Int
            let sha256: String
            /// The IPTC digital source type written into the image's XMP, for model-made images.
            let digitalSourceType: String?
        }
        let exportedAt: Date
        let account: [String: String]
        let files: [File]
        /// Images whose file could not be read (gone from storage): left out, named here, rather
        /// than every export of the account failing.
        let missing: [String]
        let notIncluded: [String]
    }

    static let notIncluded = [
        "Face descriptors: numbers computed from your photos to check likeness; they are derived from the photos above and deleted with your account.",
        "Passwords and tokens: only their hashes are stored, and they are not yours to reuse elsewhere.",
    ]

    /// Everything the archive will hold, read before its first byte is sent: a database failure
    /// is then an error answer rather than a broken download.
    func plan() async throws -> [Item] {
        var items: [Item] = []
        let personas = try await Persona.query(on: db).filter(\.$userID == userID).sort(\.$createdAt).all()
        var personaRecords: [PersonaRecord] = []
        for persona in personas {
            let id = try persona.requireID()
            let folder = "personas/\(Self.slug(persona.name))-\(id.uuidString.lowercased())"
            let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == id).sort(\.$createdAt).all()
            var records: [PersonaRecord.Image] = []
            for (index, image) in images.enumerated() {
                let meta = image.metadata
                let file =
                    "\(try image.requireID().uuidString.lowercased())."
                    + (meta.contentType == "image/png" ? "png" : "jpg")
                let path: String
                let mark: DigitalSourceType?
                switch meta.type {
                case .userUpload:
                    path = "\(folder)/photos/photo-\(file)"
                    mark = nil
                case .referencePortrait:
                    path = "\(folder)/portraits/\(Self.slug(meta.scenario ?? "portrait \(index)"))-\(file)"
                    mark = try await provenance.source(of: image, on: db)
                }
                items.append(
                    Item(
                        path: path, what: meta.type == .userUpload ? "photo you uploaded, as stored" : "portrait",
                        content: .image(key: meta.storageKey, mark: mark)))
                records.append(.init(image, path: path))
            }
            personaRecords.append(PersonaRecord(persona, images: records))
        }
        items.append(
            Item(
                path: "personas.json", what: "your personas and their images",
                content: .json(try Self.encode(personaRecords))))
        if let brand = try await BrandRecord.query(on: db).filter(\.$userID == userID).first() {
            items.append(
                Item(path: "brand.json", what: "your brand record", content: .json(try Self.encode(brand.brand))))
            if let logo = brand.brand.logo {
                items.append(
                    Item(
                        path: "brand-logo.png", what: "your logo, as stored", content: .image(key: logo.key, mark: nil))
                )
            }
        }
        // Designs: each version's record, and its picture as stored.
        let designs = try await Design.query(on: db).filter(\.$userID == userID).sort(\.$createdAt).all()
        var designRecords: [DesignBody] = []
        for design in designs {
            let versions = try await DesignVersion.query(on: db).filter(\.$design.$id == design.requireID()).all()
            designRecords.append(try DesignBody(design, versions: versions, eventCursor: 0))
            let folder = "designs/\(design.id!.uuidString.lowercased())"
            for version in versions.sorted(by: { $0.number < $1.number }) {
                guard let key = version.imageKey else { continue }
                items.append(
                    Item(
                        path: "\(folder)/v\(version.number).png", what: "a design's version \(version.number)",
                        content: .image(key: key, mark: nil)))
            }
        }
        if !designRecords.isEmpty {
            items.append(
                Item(
                    path: "designs.json", what: "your designs and their versions",
                    content: .json(try Self.encode(designRecords))))
        }
        if let progress = try await OnboardingProgress.query(on: db).filter(\.$userID == userID).first() {
            items.append(
                Item(
                    path: "onboarding.json", what: "your onboarding answers and progress",
                    content: .json(try Self.encode(OnboardingRecord(progress)))))
        }
        let usage = try await UsageController.usage(of: userID, on: db)
        items.append(
            Item(
                path: "usage.json", what: "the usage ledger: every model call and its cost",
                content: .json(try Self.encode(usage))))
        return items
    }

    /// Writes the archive through `send`, one file at a time, the manifest last.
    func write(_ items: [Item], to send: (ByteBuffer) async throws -> Void) async throws {
        var zip = ZipStreamWriter()
        var files: [Manifest.File] = []
        var missing: [String] = []
        let now = Date()
        for item in items {
            let bytes: [UInt8]
            var mark: DigitalSourceType? = nil
            switch item.content {
            case .json(let data): bytes = Array(data)
            case .image(let key, let source):
                guard let stored = try? await blobs.get(key) else {
                    missing.append(item.path)
                    continue
                }
                bytes = try source.map { try ProvenanceMark.marked(stored, as: $0) } ?? stored
                mark = source
            }
            files.append(
                .init(
                    path: item.path, what: item.what, bytes: bytes.count, sha256: Hex.encode(SHA256.hash(data: bytes)),
                    digitalSourceType: mark?.uri))
            try await send(ByteBuffer(bytes: try zip.entry(path: item.path, bytes: bytes, modified: now)))
        }
        var account = ["id": userID]
        account["email"] = email
        let manifest = Manifest(
            exportedAt: now, account: account, files: files, missing: missing, notIncluded: Self.notIncluded)
        try await send(
            ByteBuffer(
                bytes: try zip.entry(path: "manifest.json", bytes: Array(try Self.encode(manifest)), modified: now)))
        try await send(ByteBuffer(bytes: try zip.finish()))
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// A name as a file name: letters and digits, the rest as dashes.
    static func slug(_ name: String) -> String {
        let kept = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let joined = String(kept).split(separator: "-").joined(separator: "-")
        // Cut at 40, without a dash left at the end ("…-youtube-thumbnail" would double it).
        let cut = String(joined.prefix(40)).split(separator: "-").joined(separator: "-")
        return cut.isEmpty ? "untitled" : cut
    }
}
