import Foundation
import TestSupport
import Testing
import XCTVapor

@testable import App

/// "smile" on a thumbnail of the speaking photo: the persona's grin (obama-1, or its mirror
/// image), chosen among all its references; a tester's got the speaking shot mirrored, the design
/// having been given only the three photos of the dynamic portrait's request.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DesignExpressionAPITests {
    typealias S = DesignStudioTests

    @Test func aSmileShowsTheGrin() async throws {
        try await TestService.with { service in
            let token = try await S.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token, json: ["prompt": S.prompt, "format": "youtube-thumbnail"])
            let id = try #require(try created.decode(S.Designs.self).designs.first?.id)
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
}
