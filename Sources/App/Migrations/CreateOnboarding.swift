import Fluent

/// Onboarding progress (one row per user) and the append-only funnel.
struct CreateOnboarding: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("onboarding_progress")
            .id()
            .field("user_id", .string, .required)
            .field("substep", .string, .required)
            .field("answers", .json, .required)
            .field("consent_at", .datetime)
            .field("consent_version", .int)
            .field("brand_skipped_at", .datetime)
            .field("preferences_skipped_at", .datetime)
            .field("step1_confirmed_at", .datetime)
            .field("step2_confirmed_at", .datetime)
            .field("step2_skipped_at", .datetime)
            .field("step3_confirmed_at", .datetime)
            .field("moment", .json)
            .field("moment_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
        try await database.schema("funnel_events")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .string, .required)
            .field("step", .int, .required)
            .field("substep", .string)
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("funnel_events").delete()
        try await database.schema("onboarding_progress").delete()
    }
}
