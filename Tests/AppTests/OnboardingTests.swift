import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// The onboarding's state and writes over real HTTP, on SQLite and PostgreSQL.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct OnboardingTests {
    func state(_ service: TestService, _ token: String) async throws -> OnboardingAnswer.State {
        try await service.send(.GET, "/api/onboarding", token: token).decode(OnboardingAnswer.self).onboarding
    }

    func write(
        _ service: TestService, _ method: HTTPMethod, _ path: String, _ token: String, json: (any Encodable)? = nil
    ) async throws -> OnboardingAnswer.State {
        let response = try await service.send(method, path, token: token, json: json)
        guard response.status == .ok else {
            throw TestFailure("\(method) \(path): \(response.status) \(response.text)")
        }
        return try response.decode(OnboardingAnswer.self).onboarding
    }

    @Test(arguments: TestDatabase.all)
    func theWholeJourneyEndsAt60Percent(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp("ada@example.com", consent: false)
            var now = try await state(service, token)
            #expect(now.percent == 0 && !now.finished)
            #expect(now.stepStates == ["current", "locked", "locked", "unavailable", "unavailable"])
            #expect(now.steps[2].lockedMessage == "Complete step 2 to unlock")
            #expect(now.steps[3].lockedMessage == "Not available on this server yet")
            #expect(now.wizard.substep == "profile" && now.guide.id == "profile:hello")
            #expect(now.answers.profile.email == "ada@example.com" && !now.consent.accepted)

            now = try await write(
                service, .PUT, "/api/onboarding/profile", token, json: ["displayName": "Ada L", "niche": "tech"])
            #expect(now.substep("profile") == "done" && now.wizard.substep == "brand")
            #expect(now.guide.text.contains("Nice to meet you, Ada!"))

            let brand = try await service.send(.PUT, "/api/brand", token: token, json: Self.questionnaireBody)
            #expect(brand.status == .ok, "\(brand.text)")
            now = try await state(service, token)
            #expect(now.substep("brand") == "done" && now.wizard.substep == "avatar" && now.brand.exists)
            #expect(now.guide.id == "avatar:consent")

            now = try await write(service, .POST, "/api/onboarding/consent", token, json: ["accepted": true])
            #expect(now.consent.accepted && now.guide.id == "avatar:photos")
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            #expect(created.status == .created, "\(created.text)")
            let personaID = try created.decode(CreatedPersona.self).persona.id
            now = try await state(service, token)
            #expect(
                now.avatar.defaultPersonaId?.lowercased() == personaID.lowercased(), "the first persona is the default")
            // The offline studio made them: the guide says they are the person's photos, relit.
            #expect(now.substep("avatar") == "done" && now.guide.id == "avatar:ready-preview")
            #expect(now.guide.text.contains("relit") && !now.guide.text.contains("never visited"))

            now = try await write(service, .PUT, "/api/onboarding/position", token, json: ["substep": "preferences"])
            now = try await write(
                service, .PUT, "/api/onboarding/preferences", token,
                json: PreferencesBody(
                    platforms: ["youtube", "x", "youtube"], contentStyle: "educational",
                    postingFrequency: "weekly"))
            #expect(now.answers.preferences?.platforms == ["youtube", "x"] && now.wizard.substep == "review")

            now = try await write(service, .POST, "/api/onboarding/confirm", token)
            #expect(now.percent == 20 && now.stepStates.prefix(3) == ["done", "current", "locked"])
            #expect(now.guide.id == "step2:review" && now.guide.text.contains("#1A73E8"))

            now = try await write(service, .POST, "/api/onboarding/steps/2/confirm", token)
            #expect(now.percent == 40 && now.stepStates[2] == "current")
            now = try await write(service, .POST, "/api/onboarding/steps/3/confirm", token)
            #expect(now.percent == 60 && now.finished && now.guide.id == "finished")

            // The server wrote the funnel's completions itself, once each.
            let completed = try await FunnelEvent.query(on: service.app.db).filter(\.$kind == .completed).all()
            let stages = completed.map { $0.substep ?? String($0.step) }.sorted()
            #expect(stages == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "3"], "\(stages)")
        }
    }

    struct PreferencesBody: Encodable {
        let platforms: [String]
        let contentStyle: String
        let postingFrequency: String
    }

    static var questionnaireBody: QuestionnaireBody {
        QuestionnaireBody(
            name: "Ada Makes", colors: ["#1a73e8", "F4B400", "#0f9d58"], voice: "Friendly, curious, a bit nerdy",
            audience: "People learning to code", fonts: "Montserrat for headings, Open Sans for body")
    }

    struct QuestionnaireBody: Encodable {
        let name: String
        let colors: [String]
        let voice: String
        let audience: String
        let fonts: String
    }

    @Test(arguments: TestDatabase.all)
    func lockedStepsAndUnfinishedSubstepsAreRefused(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            func code(_ method: HTTPMethod, _ path: String, json: (any Encodable)? = nil) async throws -> (Int, String?)
            {
                let response = try await service.send(method, path, token: token, json: json)
                return (Int(response.status.code), response.errorCode)
            }
            #expect(try await code(.GET, "/api/onboarding/steps/1") == (200, nil))
            #expect(try await code(.GET, "/api/onboarding/steps/2") == (409, "step_locked"))
            #expect(try await code(.GET, "/api/onboarding/steps/3") == (409, "step_locked"))
            #expect(try await code(.GET, "/api/onboarding/steps/4") == (409, "step_unavailable"))
            #expect(try await code(.GET, "/api/onboarding/steps/9") == (404, "not_found"))
            #expect(try await code(.POST, "/api/onboarding/steps/3/confirm") == (409, "step_locked"))
            #expect(try await code(.POST, "/api/onboarding/steps/2/skip") == (409, "step_locked"))
            #expect(try await code(.POST, "/api/onboarding/confirm") == (409, "onboarding_incomplete"))
            #expect(
                try await code(.PUT, "/api/onboarding/position", json: ["substep": "review"]) == (409, "substep_locked")
            )
            #expect(
                try await code(.POST, "/api/onboarding/events", json: EventBody(kind: "shown", step: 3))
                    == (409, "step_locked"))
            #expect(
                try await code(.PUT, "/api/onboarding/profile", json: ["displayName": "A", "niche": "knitting"])
                    == (400, "invalid_answer"))
            #expect(
                try await code(.PUT, "/api/onboarding/profile", json: ["displayName": "A\u{0}", "niche": "tech"])
                    == (400, "invalid_answer"))
            // Skipping the optional sub-steps moves on; the avatar cannot be skipped.
            _ = try await write(
                service, .PUT, "/api/onboarding/profile", token, json: ["displayName": "A", "niche": "tech"])
            let skipped = try await write(service, .POST, "/api/onboarding/brand/skip", token)
            #expect(skipped.substep("brand") == "skipped" && skipped.wizard.substep == "avatar")
            #expect(
                try await code(.PUT, "/api/onboarding/position", json: ["substep": "preferences"])
                    == (409, "substep_locked"))
            let back = try await write(service, .PUT, "/api/onboarding/position", token, json: ["substep": "profile"])
            #expect(back.wizard.substep == "profile", "going back is always allowed")
            // A reload (or another device) resumes where the user was, with what they entered.
            let again = try await state(service, token)
            #expect(again.wizard.substep == "profile" && again.answers.profile.displayName == "A")
        }
    }

    struct EventBody: Encodable {
        let kind: String
        let step: Int
    }

    @Test(arguments: TestDatabase.all)
    func noPhotoIsAnalysedBeforeConsent(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp(consent: false)
            let refused = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
            #expect(refused.status == .forbidden && refused.errorCode == "consent_required")
            let counts = try await service.storedCounts()
            #expect(counts.personas == 0 && counts.files == 0)
            let wrongVersion = try await service.send(
                .POST, "/api/onboarding/consent", token: token, json: ConsentBody(accepted: true, version: 99))
            #expect(wrongVersion.status == .badRequest)
            let now = try await write(
                service, .POST, "/api/onboarding/consent", token, json: ConsentBody(accepted: true, version: 1))
            #expect(now.consent.accepted)
            let row = try #require(try await OnboardingProgress.query(on: service.app.db).first())
            #expect(row.consentAt != nil && row.consentVersion == 1)
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
            #expect(created.status == .created, "\(created.text)")
        }
    }

    struct ConsentBody: Encodable {
        let accepted: Bool
        let version: Int
    }

    @Test(arguments: TestDatabase.all)
    func rejectedPhotosMakeTheGuideSayWhy(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            _ = try await write(
                service, .PUT, "/api/onboarding/profile", token, json: ["displayName": "B", "niche": "tech"])
            _ = try await write(service, .POST, "/api/onboarding/brand/skip", token)
            let grey = try TestPhotos.faceless()
            let photos = (0..<5).map { TestPhoto(name: "grey-\($0).jpg", bytes: grey) }
            let rejected = try await service.createPersona(token: token, photos: photos)
            #expect(rejected.errorCode == "not_enough_usable_photos")
            let now = try await state(service, token)
            #expect(now.guide.id.hasPrefix("avatar:rejected:no_face"), "\(now.guide.id)")
            #expect(now.guide.text.contains("no face I could find"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func anotherUsersOnboardingAndBrandAreInvisible(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let ada = try await service.signUp()
            let bob = try await service.signUp()
            _ = try await write(
                service, .PUT, "/api/onboarding/profile", ada, json: ["displayName": "Ada", "niche": "tech"])
            #expect(try await service.send(.PUT, "/api/brand", token: ada, json: Self.questionnaireBody).status == .ok)
            let bobs = try await state(service, bob)
            #expect(bobs.answers.profile.displayName == nil && !bobs.brand.exists && bobs.wizard.substep == "profile")
            let brand = try await service.send(.GET, "/api/brand", token: bob)
            #expect(brand.status == .notFound && brand.errorCode == "not_found")
            #expect(
                try await service.send(.PATCH, "/api/brand", token: bob, json: ["name": "Mine"]).status == .notFound)
            #expect(try await service.send(.GET, "/api/onboarding").status == .unauthorized)
        }
    }
}

/// `inflio funnel`'s figures from the database, for users scripted through the API.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FunnelFromTheDatabaseTests {
    @Test(arguments: TestDatabase.all)
    func aScriptedSetOfUsers(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let helper = OnboardingTests()
            // Ann: profile, brand skipped, a ready persona. Ben: the profile only. Cat: nothing.
            let ann = try await service.signUp()
            let shown = try await service.send(
                .POST, "/api/onboarding/events", token: ann, json: OnboardingTests.EventBody(kind: "shown", step: 1))
            #expect(shown.status == .ok)
            _ = try await helper.write(
                service, .PUT, "/api/onboarding/profile", ann, json: ["displayName": "Ann", "niche": "tech"])
            _ = try await helper.write(service, .POST, "/api/onboarding/brand/skip", ann)
            let created = try await service.createPersona(token: ann, photos: try TestPhotos.obamaSet(), wait: true)
            #expect(created.status == .created)
            let ben = try await service.signUp()
            _ = try await helper.write(
                service, .PUT, "/api/onboarding/profile", ben, json: ["displayName": "Ben", "niche": "music"])
            _ = try await service.signUp()

            let report = try await FunnelReport.load(app: service.app, since: nil)
            let stage = Dictionary(uniqueKeysWithValues: report.stages.map { ($0.stage, $0) })
            #expect(report.users == 3)
            #expect(stage["1"]?.entered == 2 && stage["1.1"]?.completed == 2)
            #expect(stage["1.2"]?.skipped == 1 && stage["1.3"]?.completed == 1)
            #expect(report.finished == 0 && report.completion == 0 && report.abandoned == 0)
            #expect(report.medianSecondsToFirstPersona.map { $0 >= 0 && $0 < 600 } == true)
            // Nobody signed up after tomorrow.
            #expect(try await FunnelReport.load(app: service.app, since: Date().addingTimeInterval(86_400)).users == 0)
        }
    }
}
