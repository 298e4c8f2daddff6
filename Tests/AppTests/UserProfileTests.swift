import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// A user's profile row is made on first need, by whichever request gets there first. Two
/// requests of one user can get there together (two first personas at once with quotas off,
/// whose lock otherwise serialises them; or two processes): neither may fail on the unique
/// `user_id`, and exactly one persona becomes the default.
@Suite struct UserProfileTests {
    @Test(arguments: TestDatabase.all)
    func concurrentFirstNeedsMakeOneProfile(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let db = service.app.db
            let userID = "user-\(UUID().uuidString)"
            let profiles = try await withThrowingTaskGroup(of: UUID?.self) { group in
                for _ in 0..<8 { group.addTask { try await UserProfile.forUser(userID, on: db).id } }
                return try await group.reduce(into: [UUID?]()) { $0.append($1) }
            }
            #expect(Set(profiles).count == 1, "every caller got the one row: \(profiles)")
            #expect(try await UserProfile.query(on: db).filter(\.$userID == userID).count() == 1)

            // Eight personas claiming "first" at once: the first to write wins, the rest keep it.
            let candidates = (0..<8).map { _ in UUID() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in candidates {
                    group.addTask { try await UserProfile.adoptDefaultIfUnset(id, userID: userID, on: db) }
                }
                try await group.waitForAll()
            }
            let chosen = try #require(try await UserProfile.forUser(userID, on: db).defaultPersonaID)
            #expect(candidates.contains(chosen))
            try await UserProfile.adoptDefaultIfUnset(UUID(), userID: userID, on: db)
            #expect(try await UserProfile.forUser(userID, on: db).defaultPersonaID == chosen, "a default stays")
        }
    }
}
