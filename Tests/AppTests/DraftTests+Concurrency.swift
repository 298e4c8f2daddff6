import Fluent
import Foundation
import Imaging
import SQLKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Drafts under concurrent requests: two builds, photos arriving together, a full draft.
extension DraftTests {
    /// Two builds of one draft at once (two tabs, two processes): one starts it, once.
    @Test(arguments: TestDatabase.all)
    func twoBuildsAtOnceStartItOnce(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token, name: "Me").persona.id
            for photo in try TestPhotos.obamaSet() {
                _ = try await service.addedPhoto(token: token, draft: draft, photo)
            }
            async let one = service.build(token: token, draft: draft)
            async let two = service.build(token: token, draft: draft)
            let statuses = try await [one.status, two.status].map(\.code).sorted()
            #expect(statuses == [202, 409], "\(statuses)")
            #expect(try await GenerationJob.query(on: service.app.db).count() == 5)
        }
    }

    /// The page uploads two photos at a time: photos added at once are all taken (no "database is
    /// locked" on SQLite), each once.
    @Test(arguments: TestDatabase.all)
    func photosAddedAtOnceAreAllTaken(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token, name: "Me").persona.id
            let photos = try TestPhotos.obamaSet()
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for photo in photos {
                    group.addTask { try await service.addPhoto(token: token, draft: draft, photo).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: photos.count), "\(statuses)")
            let shown = try await service.send(.GET, "/api/personas/\(draft)/photos", token: token)
            #expect(try shown.decode(ShownDraft.self).draft.photoCount == photos.count)
        }
    }

    /// Nineteen photos, then three at once: exactly one more is taken (the count is checked under
    /// the draft's lock), and nothing of the two refused is stored.
    @Test(arguments: TestDatabase.all)
    func aDraftHoldsTwentyPhotosEvenWhenTheyArriveTogether(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let grey = try TestPhotos.faceless(width: 320, height: 240)
            for n in 0..<19 {
                _ = try await service.addedPhoto(token: token, draft: draft, TestPhoto(name: "g\(n).jpg", bytes: grey))
            }
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<3 {
                    group.addTask {
                        let answer = try await service.addPhoto(
                            token: token, draft: draft, TestPhoto(name: "late\(n).jpg", bytes: grey))
                        return answer.status == .created ? "created" : answer.errorCode ?? "\(answer.status)"
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }.sorted()
            }
            #expect(codes == ["created", "too_many_photos", "too_many_photos"], "\(codes)")
            #expect(try await PersonaImage.query(on: service.app.db).count() == 20)
            #expect(service.storedFiles(persona: draft).count == 20)
        }
    }
}
