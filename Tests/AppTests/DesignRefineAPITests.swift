import Foundation
import TestSupport
import Testing
import XCTVapor

@testable import App

/// Refinements a tester found wanting: "smile" and an instruction the version already obeys.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DesignRefineAPITests {
    typealias S = DesignStudioTests

    /// An account with a ready persona and a thumbnail of it being made.
    static func thumbnail(_ service: TestService) async throws -> (token: String, id: UUID) {
        let token = try await S.account(service)
        let created = try await service.send(
            .POST, "/api/designs", token: token, json: ["prompt": S.prompt, "format": "youtube-thumbnail"])
        return (token, try #require(try created.decode(S.Designs.self).designs.first?.id))
    }

    /// "smile" on a thumbnail of the speaking photo: the persona's grin (obama-1, or its mirror
    /// image), chosen among all its references; a tester's got the speaking shot mirrored, the
    /// design having been given only the three photos of the dynamic portrait's request.
    @Test func aSmileShowsTheGrin() async throws {
        try await TestService.with { service in
            let (token, id) = try await Self.thumbnail(service)
            _ = try await S.settled(service, token, id)
            let refined = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "smile"])
            #expect(refined.status == .accepted, "\(refined.text)")
            let design = try await S.settled(service, token, id)
            let names = try await S.photoNames(service, token, design.personaId)
            let shown = design.versions.map { $0.inputs.shown.flatMap { names[$0] } ?? "?" }
            #expect(
                shown.count == 2 && shown[0].hasSuffix("obama-2.jpg") && shown[1].hasSuffix("obama-1.jpg"), "\(shown)")
            let smile = try #require(design.versions.last)
            #expect(
                smile.state == "ready" && smile.notes.contains { $0.contains("your most smiling photo") },
                "\(smile.notes)")
        }
    }

    /// "title on the left" with the title there already: refused, nothing stored (a tester's
    /// v4 was a copy of v3 under "Nothing changed", counted as an image made).
    @Test func anInstructionTheVersionObeysAlreadyMakesNothing() async throws {
        try await TestService.with { service in
            let (token, id) = try await Self.thumbnail(service)
            let first = try await S.settled(service, token, id)
            #expect(first.versions.first?.layout == "split", "the thumbnail's layout: \(first.versions)")
            // The split layout puts the person on the right, so the title is on the left.
            let same = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "title on the left"])
            #expect(same.status == .unprocessableEntity && same.errorCode == "nothing_to_change", "\(same.text)")
            #expect(same.text.contains("v1 is like that already"), "\(same.text)")
            #expect(try await DesignVersion.query(on: service.app.db).count() == 1)
            let other = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "title on the right"])
            #expect(other.status == .accepted, "\(other.text)")
        }
    }

    /// Refusals give the limiter's token back: a creator who types instructions the studio turns
    /// down is not then held back from one it would make (each 422 had cost a design's token).
    @Test func refusalsCostNoToken() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let (token, id) = try await Self.thumbnail(service)
            _ = try await S.settled(service, token, id)
            for _ in 0..<Int(RateLimiter.Family.design.perUser.burst) + 2 {
                let refused = try await service.send(
                    .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "title on the left"])
                #expect(refused.status == .unprocessableEntity, "\(refused.text)")
            }
            let made = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "title on the right"])
            #expect(made.status == .accepted, "\(made.text)")
        }
    }

    /// Four variations asked with two tokens left: refused at the third (429), and the two
    /// taken go back, so the two refinements that follow are made.
    @Test func variationsRefusedByTheLimiterGiveBackWhatTheyTook() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let (token, id) = try await Self.thumbnail(service)
            _ = try await S.settled(service, token, id)
            let user = try #require(try await User.query(on: service.app.db).first()?.requireID().uuidString)
            // The thumbnail took one; all but two of the rest go here.
            for _ in 0..<Int(RateLimiter.Family.design.perUser.burst) - 3 {
                try service.app.inflio.limiter.take(.design, user: user, ip: nil)
            }
            let four = try await service.send(
                .POST, "/api/designs", token: token,
                body: ByteBuffer(
                    string: #"{"prompt":"me, friendly","format":"youtube-thumbnail","variations":4}"#),
                contentType: .json)
            #expect(four.status == .tooManyRequests && four.errorCode == "rate_limited", "\(four.text)")
            #expect(try await Design.query(on: service.app.db).count() == 1, "nothing made")
            for side in ["title on the right", "no title"] {
                let made = try await service.send(
                    .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": side])
                #expect(made.status == .accepted, "\(side): \(made.text)")
                _ = try await S.settled(service, token, id)
            }
            let spent = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "title on the left"])
            #expect(spent.status == .tooManyRequests, "\(spent.text)")
        }
    }

    /// A logo asked for without one in the brand: refused with where a logo comes from (a
    /// tester's "add my logo in the corner" was made into a copy "as asked", "corner" not
    /// understood).
    @Test func aLogoTheBrandLacksIsRefused() async throws {
        try await TestService.with { service in
            let (token, id) = try await Self.thumbnail(service)
            _ = try await S.settled(service, token, id)
            let refused = try await service.send(
                .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "add my logo in the corner"])
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "no_logo", "\(refused.text)")
            #expect(
                refused.text.contains(
                    BrandPDFExtractor.isAvailable ? "Upload brand guidelines (PDF)" : "which this server cannot read"),
                "\(refused.text)")
            #expect(try await DesignVersion.query(on: service.app.db).count() == 1)
        }
    }

    /// "bigger title" on a title its box holds back: refused, nothing stored (a tester's v5 was the
    /// same picture under "Nothing changed", counted as an image made). A long title in a
    /// thumbnail fills its box already, so the first "bigger" is refused too.
    @Test func aBiggerTitleTheBoxHeldBackMakesNothing() async throws {
        try await TestService.with { service in
            let token = try await S.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token,
                json: [
                    "prompt": "me, \"The seven habits of highly effective remote engineering teams\"",
                    "format": "youtube-thumbnail",
                ])
            let id = try #require(try created.decode(S.Designs.self).designs.first?.id)
            _ = try await S.settled(service, token, id)
            var answers: [String] = []
            for _ in 0..<3 {
                let bigger = try await service.send(
                    .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "bigger title"])
                answers.append("\(bigger.status.code) \(bigger.errorCode ?? "")")
                if bigger.status != .accepted { break }
                _ = try await S.settled(service, token, id)
            }
            // v1's title is set below the layout's largest size: its box holds it back already,
            // so the first "bigger" is refused before anything is made.
            #expect(answers == ["422 nothing_to_change"], "\(answers)")
            #expect(try await DesignVersion.query(on: service.app.db).count() == 1)
        }
    }
}
