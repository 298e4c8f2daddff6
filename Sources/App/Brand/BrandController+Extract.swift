import Fluent
import Foundation
import Imaging
import PersonaKit
import Synchronization
import Uploads
import Vapor

/// Option A of step 1.2: `POST /api/brand/extract` reads a brand-guidelines PDF and answers what it
/// found, storing nothing; `POST /api/brand/accept` stores the record the user reviewed, with the
/// logo they kept. `GET /api/brand/logo` answers the stored logo.
extension BrandController {
    struct Extracted: Encodable {
        let success = true
        let extraction: BrandExtraction
    }

    static func registerExtraction(_ app: Application) {
        sweepScratch(app.inflio.config.spoolDirectory)
        registerExtractionRoutes(app)
    }

    static func registerExtractionRoutes(_ routes: any RoutesBuilder) {
        let brand = routes.grouped("api", "brand")
        brand.on(.POST, "extract", body: .stream, use: extract)
        brand.on(.POST, "accept", body: .stream, use: accept)
        brand.get("logo", use: logo)
    }

    static let maxLogoBytes = 5 * 1024 * 1024

    /// PDFs read at once by this process: each runs up to three poppler programs of up to 1 GiB.
    static let maxExtractions = 2
    static let extractions = Mutex(0)
    /// How long a PDF waits for one of those to be free before its sender is told to try again:
    /// a reading takes seconds, so a third one sent at the same moment (two people, or the test
    /// suite's parallel tests in one process) is read a moment later rather than refused.
    static let slotWait: Duration = .seconds(30)

    /// Takes one of the `maxExtractions` slots, waiting up to `slotWait`; false when none came free.
    static func takeExtractionSlot() async throws -> Bool {
        let deadline = ContinuousClock.now + slotWait
        while true {
            let admitted = extractions.withLock { count in
                guard count < maxExtractions else { return false }
                count += 1
                return true
            }
            if admitted { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Folders of extractions a crash cut short: older than any extraction lasts, so never one of
    /// another process's that share the data folder.
    static func sweepScratch(_ spool: String) {
        let old = Date().addingTimeInterval(-600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []
        where name.hasPrefix("inflio-brand-") {
            let path = (spool as NSString).appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
            if let modified, modified < old { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    static func extract(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.inflio.limiter.take(.brandExtract, user: user.id, ip: req.clientAddress)
        let spool = try MultipartSpool(
            directory: req.inflio.config.spoolDirectory, maxFileBytes: BrandPDFError.maxBytes, maxFiles: 1)
        defer { spool.discard() }
        let file = try await receive(req, into: spool, field: "pdf", tooLarge: BrandPDFError.tooLarge(bytes: 0))
        guard let file else {
            throw ServiceError(
                .badRequest, "missing_pdf", "Send the brand guidelines as multipart/form-data in the field `pdf`.")
        }
        guard try await takeExtractionSlot() else {
            var busy = ServiceError(
                .serviceUnavailable, "extraction_busy",
                "Other guidelines are being read right now. Try again in a few seconds.")
            busy.retryAfter = 5
            throw busy
        }
        defer { extractions.withLock { $0 -= 1 } }
        do {
            let scratch = URL(fileURLWithPath: req.inflio.config.spoolDirectory)
            let extraction = try await BrandPDFExtractor(limits: .init(), scratch: scratch).extract(path: file.path)
            let response = Response(status: .ok)
            try response.content.encode(Extracted(extraction: extraction), as: .json)
            return response
        } catch let error as BrandPDFError {
            throw serviceError(error)
        }
    }

    static func serviceError(_ error: BrandPDFError) -> ServiceError {
        let status: HTTPResponseStatus =
            switch error {
            case .notAPDF: .unsupportedMediaType
            case .tooLarge, .tooManyPages, .pastLimits: .payloadTooLarge
            case .encrypted, .unreadable: .unprocessableEntity
            case .toolsMissing: .serviceUnavailable
            }
        var details: [String: JSONValue] = [
            "maxBytes": .number(Double(BrandPDFError.maxBytes)), "maxPages": .number(Double(BrandPDFError.maxPages)),
        ]
        if let reason = error.reason { details["reason"] = .string(reason) }
        return ServiceError(status, error.code, error.message, details: .object(details))
    }

    /// The one file of `field`, spooled to disk; a file past the spool's limit answers `tooLarge`.
    static func receive(_ req: Request, into spool: MultipartSpool, field: String, tooLarge: BrandPDFError)
        async throws -> MultipartSpool.SpooledFile?
    {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
            let boundary = type.parameters["boundary"]
        else {
            throw ServiceError(
                .unsupportedMediaType, "expected_multipart",
                "Send the file as multipart/form-data in the field `\(field)`.")
        }
        do {
            try await spool.receive(req.body, boundary: boundary)
        } catch MultipartSpool.Limit.fileTooLarge {
            throw serviceError(tooLarge)
        } catch MultipartSpool.Limit.tooManyFiles {
            throw ServiceError(.badRequest, "one_file_per_request", "Send one file, in the field `\(field)`.")
        } catch MultipartSpool.Limit.fieldTooLarge(let name) {
            throw ServiceError(.payloadTooLarge, "field_too_large", "The field \(name) is too long.")
        } catch MultipartSpool.Limit.tooManyFields {
            throw ServiceError(.payloadTooLarge, "too_many_fields", "The upload has too many text fields.")
        } catch {
            throw ServiceError(.badRequest, "invalid_multipart", "The upload could not be read as multipart/form-data.")
        }
        return spool.files.first { $0.field == field }
    }

    /// The reviewed record (field `brand`, JSON) and optionally the logo kept (file `logo`, PNG,
    /// JPEG or WebP): replaces the user's brand. Every value is checked as an edit's would be.
    static func accept(_ req: Request) async throws -> Answer {
        let user = try req.requireUser()
        let spool = try MultipartSpool(
            directory: req.inflio.config.spoolDirectory, maxFileBytes: maxLogoBytes, maxFiles: 1)
        defer { spool.discard() }
        let file = try await receive(req, into: spool, field: "logo", tooLarge: .tooLarge(bytes: maxLogoBytes))
        guard let json = spool.fields["brand"] else {
            throw ServiceError(
                .badRequest, "missing_brand", "Send the reviewed brand as JSON in the multipart field `brand`.")
        }
        var brand = try BrandReview.checked(Data(json.utf8))
        var newKey: String?
        if let file {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
            let stored: LogoSanitizer.Stored
            do {
                stored = try await req.inflio.compute.runIfActive {
                    try LogoSanitizer.png(from: bytes, maxSide: PDFLogo.maxSide)
                }
            } catch let error as ServiceError {
                throw error
            } catch {
                throw ServiceError(
                    .unsupportedMediaType, "invalid_logo",
                    "The logo could not be read: send a PNG, JPEG or WebP picture.")
            }
            let key = "brands/\(UUID().uuidString.lowercased()).png"
            try await req.inflio.blobs.put(stored.png, at: key)
            newKey = key
            brand.logo = Brand.Logo(
                key: key, width: stored.width, height: stored.height, source: brand.logo?.source ?? .edited,
                page: brand.logo?.page, confidence: brand.logo?.confidence)
        } else {
            brand.logo = nil
        }
        let existing = try await record(req)
        let oldKey = existing?.brand.logo?.key
        let record = existing ?? BrandRecord(userID: user.id, brand: brand)
        record.brand = brand
        do {
            try await record.save(on: req.db)
        } catch {
            if let newKey { try? await req.inflio.blobs.delete(newKey) }
            throw error
        }
        if let oldKey, oldKey != newKey { try? await req.inflio.blobs.delete(oldKey) }
        let onboarding = try await OnboardingController.brandSaved(req, user: user)
        return Answer(brand: record.brand, updatedAt: record.updatedAt, onboarding: onboarding)
    }

    static func logo(_ req: Request) async throws -> Response {
        guard let key = try await record(req)?.brand.logo?.key else { throw ServiceError.notFound("Your logo") }
        let bytes = try await req.inflio.blobs.get(key)
        var headers = HTTPHeaders()
        headers.contentType = .png
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }
}
