import Faces
import Imaging
import PersonaKit
import Providers
import Synchronization
import TestSupport
import Testing
import Vapor

@testable import App

/// A provider whose pictures hold no face: each portrait must be retried once with a new seed,
/// then marked needs_review.
final class FacelessProvider: PortraitProvider {
    let submissions = Mutex<[UInt64]>([])
    var name: String { "faceless" }
    func charge(for request: PortraitRequest) -> ProviderCharge {
        ProviderCharge(model: "faceless-test", resolution: "1K", unitPriceUSD: 0.15)
    }
    func submit(_ request: PortraitRequest) async throws -> String {
        submissions.withLock { $0.append(request.seed) }
        return "faceless-\(request.scenario.index)-\(request.seed)"
    }
    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    {
        GeneratedImage(bytes: try TestPhotos.faceless(), contentType: "image/jpeg", width: 640, height: 480)
    }
    func cancel(requestId: String) async throws {}
}

/// The offline studio's name, with pictures that hold no face but say which reference they were
/// composed from (the leading one), as the studio's do: each retry must lead with another photo.
final class FacelessLocalProvider: PortraitProvider {
    /// Each request's references (their locations), in the order asked, per scenario.
    let asked = Mutex<[Int: [[String]]]>([:])
    var name: String { LocalStudioProvider.providerName }
    func charge(for request: PortraitRequest) -> ProviderCharge {
        ProviderCharge(model: "local-test", resolution: "1K", unitPriceUSD: 0)
    }
    func submit(_ request: PortraitRequest) async throws -> String {
        "local-\(request.scenario.index)-\(request.seed)"
    }
    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    {
        let locations = request.references.map(\.location)
        let first = locations.first ?? ""
        asked.withLock { $0[request.scenario.index, default: []].append(locations) }
        return GeneratedImage(
            bytes: try TestPhotos.faceless(), contentType: "image/jpeg", width: 640, height: 480, source: first)
    }
    func cancel(requestId: String) async throws {}
}

/// A provider that refuses every request for good, as a content policy would.
struct RefusingProvider: PortraitProvider {
    var name: String { "refusing" }
    func charge(for request: PortraitRequest) -> ProviderCharge {
        ProviderCharge(model: "refusing-test", resolution: "1K", unitPriceUSD: 0.15)
    }
    func submit(_ request: PortraitRequest) async throws -> String { "refused-\(request.scenario.index)" }
    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    {
        throw ProviderError.rejected(code: "content_policy_violation", message: "refused by policy")
    }
    func cancel(requestId: String) async throws {}
}

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct VerificationRetryTests {
    @Test func aPortraitWithoutAFaceIsRetriedOnceThenNeedsReview() async throws {
        let provider = FacelessProvider()
        try await TestService.with(provider: provider) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let persona = try created.decode(CreatedPersona.self).persona
            let id = persona.id

            let seeds = provider.submissions.withLock { $0 }
            #expect(seeds.count == 10, "five first attempts and five retries")
            #expect(Set(seeds).count == 10, "each retry has a new seed")

            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
                .persona
            for portrait in detail.portraits {
                #expect(portrait.state == "needs_review")
                #expect(portrait.attempts == 2)
                #expect(portrait.history.count == 2, "earlier attempts stay in the history")
                #expect(portrait.identityDistance.isNull)
            }
            #expect(detail.metadata.consistencyScore == 0)
            // Every portrait finished, all needing review: the seed's `ready` (the portraits say the rest).
            #expect(persona.status == "ready" && persona.stage == "done")
            #expect(detail.status == "ready")

            let events = ServerSentEvents.parse(
                try await service.send(.GET, "/api/personas/\(id)/events", token: token).text
            ).map(\.type)
            #expect(events.filter { $0 == "portrait_retrying" }.count == 5)
            #expect(events.filter { $0 == "portrait_needs_review" }.count == 5)
            #expect(!events.contains("portrait_verified"))
            // Ten paid calls, all delivered pictures.
            let usage = try await service.send(.GET, "/api/usage", token: token).decode(Usage.self)
            #expect(abs(usage.totals.costUSD - 1.5) < 1e-9)
        }
    }

    /// The offline studio composes the photo's own face: the retry of a portrait that failed the
    /// check starts from the scenario's next photo, not the same one again.
    @Test func anOfflineRetryStartsFromAnotherPhoto() async throws {
        let provider = FacelessLocalProvider()
        try await TestService.with(provider: provider) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            #expect(created.status == .created, "\(created.text)")
            let asked = provider.asked.withLock { $0 }
            #expect(asked.count == 5, "\(asked)")
            for (scenario, requests) in asked {
                #expect(requests.count == 2, "a first attempt and its retry: \(scenario) \(requests)")
                guard let first = requests.first, let retry = requests.last, let failed = first.first else { continue }
                // The failed photo is gone from the retry, so the studio cannot fall back on it.
                #expect(retry.first != failed && !retry.contains(failed), "\(scenario): \(requests)")
                #expect(retry.count == first.count - 1 && Set(retry).isSubset(of: Set(first)), "\(requests)")
            }
        }
    }

    @Test func aProviderRefusalFailsThePortraitAndIsNotCharged() async throws {
        try await TestService.with(provider: RefusingProvider()) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let persona = try created.decode(CreatedPersona.self).persona
            #expect(persona.status == "failed")
            let id = persona.id
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
                .persona
            #expect(detail.portraits.allSatisfy { $0.state == "failed" })
            // Each failure names its attempt, so a page replaying history cannot pin it on a later one.
            let events = ServerSentEvents.parse(
                try await service.send(.GET, "/api/personas/\(id)/events", token: token).text)
            let failures = try events.filter { $0.type == "portrait_failed" }.map {
                try $0.decode(FailedPortraitEvent.self)
            }
            #expect(failures.map(\.index).sorted() == [0, 1, 2, 3, 4] && failures.allSatisfy { $0.attempt == 1 })
            let usage = try await service.send(.GET, "/api/usage", token: token).decode(Usage.self)
            let entries = usage.entries
            #expect(entries.count == 5 && entries.allSatisfy { $0.outcome == "failed" && $0.costUSD == 0 })
        }
    }
}
