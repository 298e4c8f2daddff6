import Fluent
import Vapor

/// `GET | PUT | PATCH | DELETE /api/brand`: the user's one brand record. PUT takes the onboarding
/// questionnaire (and replaces the record); PATCH edits fields. Both answer the record and the
/// onboarding state they moved.
enum BrandController {
    struct Answer: Content {
        let success = true
        let brand: Brand
        let updatedAt: Date?
        let onboarding: OnboardingState?
    }

    static func register(_ routes: any RoutesBuilder) {
        let brand = routes.grouped("api", "brand")
        brand.get(use: show)
        brand.put(use: replace)
        brand.patch(use: edit)
        brand.delete(use: remove)
    }

    static func record(_ req: Request) async throws -> BrandRecord? {
        let user = try req.requireUser()
        return try await BrandRecord.query(on: req.db).filter(\.$userID == user.id).first()
    }

    static func show(_ req: Request) async throws -> Answer {
        guard let record = try await record(req) else { throw ServiceError.notFound("Your brand") }
        return Answer(brand: record.brand, updatedAt: record.updatedAt, onboarding: nil)
    }

    /// The questionnaire: a new record, or the old one replaced (every field from the answers).
    static func replace(_ req: Request) async throws -> Answer {
        let user = try req.requireUser()
        var brand = try req.content.decode(BrandQuestionnaire.self).brand()
        let record = try await record(req) ?? BrandRecord(userID: user.id, brand: brand)
        // The questions have no logo: one given before (with a PDF) stays, and so stays findable
        // by the account's export and deletion.
        brand.logo = record.brand.logo
        record.brand = brand
        try await record.save(on: req.db)
        let onboarding = try await OnboardingController.brandSaved(req, user: user)
        return Answer(brand: record.brand, updatedAt: record.updatedAt, onboarding: onboarding)
    }

    static func edit(_ req: Request) async throws -> Answer {
        guard let record = try await record(req) else { throw ServiceError.notFound("Your brand") }
        record.brand = try req.content.decode(BrandEdit.self).applied(to: record.brand)
        try await record.save(on: req.db)
        let onboarding = try await OnboardingService(db: req.db, user: try req.requireUser()).state()
        return Answer(brand: record.brand, updatedAt: record.updatedAt, onboarding: onboarding)
    }

    static func remove(_ req: Request) async throws -> Response {
        guard let record = try await record(req) else { throw ServiceError.notFound("Your brand") }
        try await record.delete(on: req.db)
        if let key = record.brand.logo?.key { try? await req.inflio.blobs.delete(key) }
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        return response
    }
}
