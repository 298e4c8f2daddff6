import Fluent
import Vapor

/// The user's brand (`../shared/docs/BRAND.md`): one per user, read by everything that makes
/// content. The fields live in one JSON document so later work extends the shape, never forks it.
final class BrandRecord: Model, @unchecked Sendable {
    static let schema = "brands"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    // data
    @Field(key: "brand") var brand: Brand

    init() {}
    init(userID: String, brand: Brand) {
        self.userID = userID
        self.brand = brand
    }
}
