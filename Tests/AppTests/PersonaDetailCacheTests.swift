import Fluent
import TestSupport
import Testing
import Vapor

@testable import App

/// `GET /api/personas/:id` is served from a cache while the persona is unchanged; every change,
/// through the API or written by another server process straight into the database, must show.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct PersonaDetailCacheTests {
    @Test(arguments: TestDatabase.all)
    func cachedDetailFollowsEveryChange(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            let uuid = try #require(UUID(uuidString: id))
            await service.app.inflio.generator.drain()
            let cache = service.app.inflio.details
            func detail() async throws -> (body: String, persona: Keyed<PersonaDetail.Persona>) {
                let response = try await service.send(.GET, "/api/personas/\(id)", token: token)
                #expect(response.status == .ok)
                return (response.text, try response.decode(PersonaDetail.self).persona)
            }

            // The kept answer and its ETag also depend on the signed links' expiry, which moves on
            // every 5-minute boundary: a pair of reads that straddles one is read again.
            func withinOneLinkPeriod<T>(_ reads: () async throws -> T) async throws -> T {
                for _ in 0..<2 {
                    let links = service.app.inflio.signer.expiry()
                    let result = try await reads()
                    if service.app.inflio.signer.expiry() == links { return result }
                }
                throw TestFailure("two 5-minute boundaries in two tries")
            }

            let (first, second, hits) = try await withinOneLinkPeriod {
                let first = try await detail()
                let hitsBefore = cache.hits
                let second = try await detail()
                return (first, second, cache.hits - hitsBefore)
            }
            #expect(hits == 1, "an unchanged persona is served from the cache")
            #expect(second.body == first.body)

            // A client that sends the ETag back gets a bodiless 304 while nothing changed.
            let (etag, unchanged) = try await withinOneLinkPeriod {
                let tagged = try await service.send(.GET, "/api/personas/\(id)", token: token)
                let etag = try #require(tagged.headers.first(name: .eTag))
                #expect(tagged.headers.first(name: .cacheControl) == "private, no-cache")
                let answer = try await service.send(
                    .GET, "/api/personas/\(id)", token: token, headers: ["If-None-Match": etag])
                return (etag, answer)
            }
            #expect(unchanged.status == .notModified)
            #expect(unchanged.bytes.isEmpty)

            // Through the API: rename, default.
            #expect(
                try await service.send(.PATCH, "/api/personas/\(id)", token: token, json: ["name": "Renamed"]).status
                    == .ok)
            let changed = try await service.send(
                .GET, "/api/personas/\(id)", token: token, headers: ["If-None-Match": etag])
            #expect(changed.status == .ok, "a changed persona is sent again, whatever ETag the client holds")
            #expect(changed.headers.first(name: .eTag) != etag)
            #expect(try await detail().persona.name == "Renamed")
            #expect(try await service.send(.POST, "/api/personas/\(id)/default", token: token).status == .ok)
            #expect(try await detail().persona.isDefault == true)

            // Another process writes the persona row: its updated_at moves.
            let persona = try #require(try await Persona.find(uuid, on: service.app.db))
            persona.description = "written elsewhere"
            try await persona.save(on: service.app.db)
            #expect(try await detail().persona.description == "written elsewhere")

            // Another process finishes a job and publishes its event (as PortraitGenerator does).
            let job = try #require(
                try await GenerationJob.query(on: service.app.db).filter(\.$persona.$id == uuid)
                    .filter(\.$scenarioIndex == 1).first())
            job.state = .failed
            job.error = "provider_unavailable: elsewhere"
            try await job.save(on: service.app.db)
            try await service.app.inflio.events.publish(
                "portrait_failed", personaID: uuid, data: .object(["index": .number(1)]), on: service.app.db)
            let portrait = try await detail().persona.portraits[1]
            #expect(portrait.state == "failed")
            #expect(portrait.error == "provider_unavailable: elsewhere")

            // The default moved to another persona by a direct write.
            let profile = try #require(try await UserProfile.query(on: service.app.db).first())
            profile.defaultPersonaID = UUID()
            try await profile.save(on: service.app.db)
            #expect(try await detail().persona.isDefault == false)

            // A cached persona is still someone else's 404, and gone once deleted.
            _ = try await detail()
            let stranger = try await service.signUp()
            #expect(try await service.send(.GET, "/api/personas/\(id)", token: stranger).status == .notFound)
            #expect(try await service.send(.DELETE, "/api/personas/\(id)", token: token).status == .ok)
            #expect(try await service.send(.GET, "/api/personas/\(id)", token: token).status == .notFound)
        }
    }

    @Test func signedLinksKeepOneURLForMinutes() throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("signer-\(UUID().uuidString)").path
        let signer = try MediaSigner(keyFile: key, lifetime: 3600, granularity: 300)
        let now = Date(timeIntervalSince1970: 1_800_000_123.4)
        let expires = signer.expiry(now: now)
        #expect(expires % 300 == 0)
        #expect(Double(expires) >= now.timeIntervalSince1970 + 3600)
        #expect(Double(expires) < now.timeIntervalSince1970 + 3600 + 300)
        let image = UUID()
        #expect(signer.url(for: image, now: now) == signer.url(for: image, now: now.addingTimeInterval(60)))
        let url = signer.url(for: image, now: now)
        let signature = String(url.split(separator: "=").last!)
        #expect(signer.isValid(imageID: image, expires: expires, signature: signature, now: now))
        #expect(
            !signer.isValid(
                imageID: image, expires: expires, signature: signature,
                now: Date(timeIntervalSince1970: Double(expires) + 1)))
    }
}
