import Faces
import Fluent
import Imaging
import NIOConcurrencyHelpers
import PersonaKit
import Uploads
import Vapor

/// `POST /api/personas/create`, from raw upload to a persona whose portraits are being made.
/// Every rejection happens before anything is stored, and a failure while storing removes what
/// was written: a rejected request leaves no rows and no files.
struct PersonaIntake {
    let req: Request

    static let minPhotos = 5
    static let maxPhotos = 20
    /// Stored copies of uploads: at most this many pixels on the longer side, metadata stripped.
    static let storedPhotoSide = 2048
    static let photoFields: Set<String> = ["photos", "photos[]", "photo"]

    /// An uploaded photo on disk (the spool, or the CLI's own file); read one at a time, when needed.
    struct Upload: Sendable {
        let fileName: String
        let path: String
    }

    func create() async throws -> Persona {
        let user = try req.requireUser()
        let onboarding = OnboardingService(db: req.db, user: user)
        // Refused before the upload is read: no photo is analysed without the notice accepted.
        try await onboarding.requireConsent()
        let spool = try MultipartSpool(
            directory: req.inflio.config.spoolDirectory,
            maxFileBytes: DecodeLimits.uploads.maxFileBytes, maxFiles: Self.maxPhotos + 1)
        defer { spool.discard() }
        let (fields, uploads) = try await receive(into: spool)
        do {
            return try await Self.accept(
                name: fields["name"] ?? "", description: fields["description"] ?? "", uploads: uploads,
                user: user, app: req.application, db: req.db)
        } catch let error as ServiceError {
            await onboarding.noteRejection(error)
            throw error
        }
    }

    /// The intake after the upload: checks, analysis, storage, jobs. Shared with `inflio persona create`.
    static func accept(
        name rawName: String, description rawDescription: String, uploads: [Upload], user: AuthenticatedUser,
        app: Application, db: any Database
    ) async throws -> Persona {
        try await OnboardingService(db: db, user: user).requireConsent()
        let name = try Self.checkedName(rawName, ifEmpty: "Give your persona a name.")
        let description = try Self.checkedDescription(rawDescription)
        try checkCount(uploads.count)
        try checkFormats(uploads)

        let analyzer = app.inflio.analyzer
        let set = try await app.inflio.compute.runIfActive {
            SetAnalyzer.analyze(analyzer.analyze(files: uploads.map(\.path), names: uploads.map(\.fileName)))
        }
        for photo in set.photos { if let error = photo.error { app.logger.info("\(photo.file): \(error.message)") } }
        if set.ambiguousGroups != nil { throw ambiguousIdentity(set) }
        guard set.hasEnoughPhotos, let identity = set.identity else { throw notEnoughUsable(set) }
        // Enough good photos do not carry a file that cannot be read: it is named, nothing is stored.
        let unreadable = set.photos.filter { $0.error.map { fileErrorCodes.contains($0.code) } ?? false }
        if !unreadable.isEmpty {
            throw unreadableFiles(unreadable.map { ($0.file, $0.error!.code) })
        }

        let stored = try await app.inflio.compute.runIfActive { try sanitize(uploads, logger: app.logger) }
        return try await PersonaStore(services: app.inflio, db: db, user: user)
            .save(name: name, description: description, set: set, stored: stored, identity: identity)
    }

    /// Streams the multipart body to disk; the photos stay there until the request ends. More files
    /// than the spool takes answer `tooMany` (by default, the create route's too_many_photos).
    func receive(into spool: MultipartSpool, tooMany: ServiceError? = nil) async throws -> ([String: String], [Upload])
    {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
            let boundary = type.parameters["boundary"]
        else {
            throw ServiceError(
                .unsupportedMediaType, "expected_multipart",
                "Send the photos as multipart/form-data with fields name, description and photos.")
        }
        do {
            try await spool.receive(req.body, boundary: boundary)
        } catch MultipartSpool.Limit.fileTooLarge(let file) {
            throw ServiceError(
                .payloadTooLarge, "image_too_large", "\(file) is larger than 25 MB. Use a smaller photo.",
                details: .object([
                    "file": .string(file), "maxBytes": .number(Double(DecodeLimits.uploads.maxFileBytes)),
                ]))
        } catch MultipartSpool.Limit.tooManyFiles {
            if let tooMany { throw tooMany }
            try Self.checkCount(Self.maxPhotos + 1)
        } catch MultipartSpool.Limit.fieldTooLarge(let field) {
            throw ServiceError(.payloadTooLarge, "field_too_large", "The field \(field) is too long.")
        } catch MultipartSpool.Limit.tooManyFields {
            throw ServiceError(
                .payloadTooLarge, "too_many_fields",
                "The upload has more than \(MultipartSpool.maxTextFields) text fields; send only the ones the route reads."
            )
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.badRequest, "invalid_multipart", "The upload could not be read as multipart/form-data.")
        }
        let uploads = spool.files.filter { Self.photoFields.contains($0.field) }.map { file in
            Upload(fileName: file.fileName.isEmpty ? "photo" : file.fileName, path: file.path)
        }
        return (spool.fields, uploads)
    }

    static func checkCount(_ count: Int) throws {
        if count < minPhotos {
            throw ServiceError(
                .badRequest, "too_few_photos", "Upload at least \(minPhotos) photos of yourself (you sent \(count)).",
                details: .object(["received": .number(Double(count)), "minimum": .number(Double(minPhotos))]))
        }
        if count > maxPhotos {
            throw ServiceError(
                .badRequest, "too_many_photos", "Upload at most \(maxPhotos) photos.",
                details: .object(["maximum": .number(Double(maxPhotos))]))
        }
    }

    /// Anything that is not a JPEG, PNG, WebP or HEIC photo refuses the whole request.
    static func checkFormats(_ uploads: [Upload]) throws {
        let refused = uploads.filter { ImageFormat.sniff(leadingBytes(of: $0.path)) == nil }
        guard refused.isEmpty else {
            throw ServiceError(
                .unsupportedMediaType, "unsupported_format",
                "\(refused.map(\.fileName).joined(separator: ", ")) \(refused.count == 1 ? "is" : "are") not a JPEG, PNG, WebP or HEIC photo.",
                details: .object(["files": .array(refused.map { .string($0.fileName) })]))
        }
    }

    /// The first bytes of a file: enough to sniff its format without reading it all.
    static func leadingBytes(of path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8](handle.readData(ofLength: 64))
    }

    /// `photoIDs` (a draft's, in the set's order) adds each rejected photo's `photoId`.
    static func notEnoughUsable(_ set: SetAnalysis, photoIDs: [UUID]? = nil) -> ServiceError {
        let rejected: [JSONValue] = set.photos.indices.filter { !set.isUsable($0) }.map { i in
            let photo = set.photos[i]
            let reasons =
                photo.error.map { [PhotoIssueBody(code: $0.code, message: fileErrorMessage($0.code))] }
                ?? photo.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) }
            var fields: [String: JSONValue] = ["file": .string(photo.file), "reasons": JSONValue.from(reasons)]
            // Written as the draft's answers write ids.
            if let photoIDs { fields["photoId"] = .string(photoIDs[i].uuidString) }
            return .object(fields)
        }
        return ServiceError(
            .unprocessableEntity, "not_enough_usable_photos",
            "Only \(set.usableCount) of your photos can be used; at least \(minPhotos) are needed. Replace the photos listed, then try again.",
            details: .object([
                "usablePhotos": .number(Double(set.usableCount)), "required": .number(Double(minPhotos)),
                "rejectedPhotos": .array(rejected),
            ]))
    }

    /// 422 `ambiguous_identity`: the photos show two people about equally, and which one is the
    /// user is theirs to say. `details.groups` lists each group's files (and, for a draft, photo ids).
    static func ambiguousIdentity(_ set: SetAnalysis, photoIDs: [UUID]? = nil) -> ServiceError {
        let groups = set.ambiguousGroups ?? []
        func group(_ indices: [Int]) -> JSONValue {
            var fields: [String: JSONValue] = ["files": .array(indices.map { .string(set.photos[$0].file) })]
            if let photoIDs { fields["photoIds"] = .array(indices.map { .string(photoIDs[$0].uuidString) }) }
            return .object(fields)
        }
        return ServiceError(
            .unprocessableEntity, "ambiguous_identity",
            "Your photos show two different people, about as many of each. Keep only the photos of you, then try again.",
            details: .object(["groups": .array(groups.map(group))]))
    }

    /// The analysis' file errors: the file itself cannot be stored, whatever the other photos.
    static let fileErrorCodes: Set<String> = ["unreadable_image", "image_too_large", "unsupported_format"]

    /// A file error in our words: the imaging library's own text (in `PhotoError.message`) is
    /// logged, never sent.
    static func fileErrorMessage(_ code: String) -> String {
        switch code {
        case "unreadable_image": "This photo could not be read; it may be damaged or incomplete."
        case "image_too_large":
            "This photo is too large: use one under 25 MB and \(DecodeLimits.uploads.maxPixels / 1_000_000) megapixels."
        case "unsupported_format": "This file is not a JPEG, PNG, WebP or HEIC photo."
        default: "This photo could not be analysed."
        }
    }

    /// 422 with the first file's error code (`unreadable_image`, `image_too_large`), every such file
    /// named in `details.files` and, with its code, in `details.rejectedPhotos`.
    static func unreadableFiles(_ files: [(name: String, code: String)]) -> ServiceError {
        let names = files.map(\.name)
        let one = names.count == 1
        let what =
            files.allSatisfy { $0.code == "image_too_large" }
            ? (one ? "is too large" : "are too large") : "could not be read"
        return ServiceError(
            .unprocessableEntity, files[0].code,
            "\(names.joined(separator: ", ")) \(what). Replace or remove \(one ? "it" : "them"), then try again.",
            details: .object([
                "files": .array(names.map { .string($0) }),
                "rejectedPhotos": .array(
                    files.map { file in
                        .object([
                            "file": .string(file.name),
                            "reasons": JSONValue.from([
                                PhotoIssueBody(code: file.code, message: fileErrorMessage(file.code))
                            ]),
                        ])
                    }),
            ]))
    }

    /// Upright, at most 2048 px, metadata stripped; one photo per core at a time. A file the
    /// analysis read but this cannot is refused like one the analysis could not read.
    static func sanitize(_ uploads: [Upload], logger: Logger) throws -> [ImageSanitizer.Stored] {
        let results = NIOLockedValueBox<[Result<ImageSanitizer.Stored, any Error>?]>(
            Array(repeating: nil, count: uploads.count))
        BackgroundThreads.perform(iterations: uploads.count) { i in
            let result = Result {
                try ImageSanitizer.strippedJPEG(
                    from: ImageDecoder.readFile(atPath: uploads[i].path), maxSide: storedPhotoSide)
            }
            results.withLockedValue { $0[i] = result }
        }
        var stored: [ImageSanitizer.Stored] = []
        var failed: [(name: String, code: String)] = []
        for (upload, result) in zip(uploads, results.withLockedValue { $0 }) {
            switch result! {
            case .success(let photo): stored.append(photo)
            case .failure(let error as ImagingError):
                logger.info("\(upload.fileName) could not be stored: \(error.message)")
                failed.append((upload.fileName, fileErrorCodes.contains(error.code) ? error.code : "unreadable_image"))
            case .failure(let error): throw error
            }
        }
        guard failed.isEmpty else { throw unreadableFiles(failed) }
        return stored
    }
}

extension PersonaIntake {
    /// A persona's name, trimmed: not empty, at most 100 characters, and no control characters
    /// (Unicode Cc: NUL, newlines, tabs, escapes; SQLite would cut the text at a NUL). Format
    /// characters stay allowed: emoji and scripts need the zero-width joiner ("Ada 👩🏽‍💻 कोड").
    static func checkedName(_ raw: String, ifEmpty: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ServiceError(.badRequest, "missing_name", ifEmpty) }
        guard name.count <= 100 else {
            throw ServiceError(.badRequest, "name_too_long", "Keep the name under 100 characters.")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ServiceError(
                .badRequest, "invalid_name",
                "The name cannot hold control characters such as line breaks, tabs or NUL.",
                details: .object(["field": .string("name")]))
        }
        return name
    }

    /// A persona's description, trimmed: line breaks and tabs are fine, other control characters
    /// (NUL among them) are refused.
    static func checkedDescription(_ raw: String) throws -> String {
        let description = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        guard
            !description.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control && !allowed.contains($0)
            })
        else {
            throw ServiceError(
                .badRequest, "invalid_description",
                "The description cannot hold control characters such as NUL; line breaks and tabs are fine.",
                details: .object(["field": .string("description")]))
        }
        return description
    }
}
