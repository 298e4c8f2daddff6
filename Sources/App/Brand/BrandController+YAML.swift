import Fluent
import Vapor

/// `GET /api/brand.yml` downloads the record as posit's brand.yml; `PUT /api/brand.yml` (the file's
/// text as the body) replaces the record's colours, fonts and name with the file's, keeping the logo.
extension BrandController {
    static func registerYAML(_ routes: any RoutesBuilder) {
        routes.get("api", "brand.yml", use: exportYAML)
        routes.on(
            .PUT, "api", "brand.yml", body: .collect(maxSize: ByteCount(value: YAMLSubset.maxBytes)), use: importYAML)
    }

    static func exportYAML(_ req: Request) async throws -> Response {
        guard let record = try await record(req) else { throw ServiceError.notFound("Your brand") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"brand.yml\"")
        return Response(status: .ok, headers: headers, body: .init(string: BrandYAML.export(record.brand)))
    }

    static func importYAML(_ req: Request) async throws -> Answer {
        let user = try req.requireUser()
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw BrandValidation.invalid("brand.yml", "Send the brand.yml file's text as the request body.")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw BrandValidation.invalid("brand.yml", "A brand.yml is UTF-8 text.")
        }
        var brand = try BrandYAML.import(text)
        let record = try await record(req) ?? BrandRecord(userID: user.id, brand: brand)
        // Kept from the record: what brand.yml does not carry.
        brand.logo = record.brand.logo
        brand.voice = record.brand.voice
        brand.audience = record.brand.audience
        brand.guidelines = record.brand.guidelines
        if brand.name == nil { brand.name = record.brand.name }
        record.brand = brand
        try await record.save(on: req.db)
        let onboarding = try await OnboardingController.brandSaved(req, user: user)
        return Answer(brand: record.brand, updatedAt: record.updatedAt, onboarding: onboarding)
    }
}
