import AsyncHTTPClient
import Fluent
import Imaging
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct PersonaCreationTests {
    @Test(arguments: TestDatabase.all)
    func createWaitsForFiveVerifiedPortraits(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(
                token: token, photos: try TestPhotos.obamaSet(), name: "Barack", wait: true)
            #expect(created.status == .created, "\(created.text)")
            let persona = try created.decode(CreatedPersona.self).persona
            #expect(persona.status == "ready")
            let portraits = persona.portraits
            #expect(portraits.count == 5)
            for url in portraits {
                let image = try await service.send(.GET, url)  // signed: no credentials needed
                #expect(image.status == .ok)
                let decoded = try ImageDecoder.decode(bytes: image.bytes, maxSide: 256)
                #expect(decoded.originalWidth >= 512 && decoded.originalHeight >= 512)
            }

            let id = persona.id
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
                .persona
            let shown = detail.portraits
            #expect(
                shown.map(\.scenario) == [
                    "professional_headshot", "casual_friendly", "dynamic_action", "thoughtful_closeup",
                    "environmental_portrait",
                ])
            for portrait in shown {
                #expect(portrait.state == "verified", "\(portrait)")
                #expect(portrait.preview && portrait.madeBy == "composite", "the offline studio's: a preview")
                #expect(
                    !portrait.history.isEmpty && portrait.history.allSatisfy(\.preview),
                    "each attempt says so too (the viewer names it a preview, not verified)")
                let distance = try #require(portrait.identityDistance.value)
                #expect(distance < 0.6)
                // Rounded as the portrait's events round it: the page shows one figure, live or not.
                #expect(distance == (distance * 1000).rounded() / 1000, "\(distance)")
                // SFace, asked beside dlib when installed (make test installs it), agrees.
                if SecondFaceModel.load(logger: Logger(label: "test")) != nil {
                    let secondOpinion = try #require(portrait.secondOpinionDistance.value)
                    #expect(secondOpinion < AnalysisThresholds.standard.secondOpinionCentroidBar)
                }
            }
            let photos = detail.photos
            expectCastFromTheObamaSet(photos: photos, portraits: shown)
            #expect(photos.count == 6)
            #expect(photos.filter { $0.isReference }.count == 6)
            #expect(photos.allSatisfy { $0.quality?.overall != nil })
            let metadata = detail.metadata
            #expect(metadata.photoCount == 6)
            #expect(metadata.portraitUrls.count == 5)
            #expect(metadata.referencePhotoUrls.count == 6)
            let consistency = metadata.consistencyScore
            #expect(consistency > 0 && consistency <= 1)
            #expect(!detail.keys.contains("identity"), "the identity centroid never leaves the server")

            // The usage ledger saw exactly five calls for this persona, all succeeded.
            let usage = try await service.send(.GET, "/api/usage", token: token).decode(Usage.self)
            let entries = usage.entries
            #expect(entries.count == 5)
            #expect(entries.allSatisfy { $0.outcome == "succeeded" && $0.model == "local-studio" })

            let list = try await service.send(.GET, "/api/personas", token: token).decode(PersonaList.self).personas
            #expect(list.map(\.name) == ["Barack"])
        }
    }

    @Test func eventsArriveInOrderAndResumeFromLastEventID() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
            #expect(created.status == .created)
            let persona = try created.decode(CreatedPersona.self).persona
            let eventsURL = persona.eventsUrl
            #expect(persona.status == "analyzing" && persona.stage == "generating")

            // The stream ends after persona_ready, so the whole body can be read.
            let stream = try await service.send(.GET, eventsURL, token: token)
            #expect(stream.headers.contentType?.description.hasPrefix("text/event-stream") == true)
            let events = ServerSentEvents.parse(stream.text)
            let types = events.map(\.type)
            #expect(types.first == "analysis_done")
            #expect(types.last == "persona_ready")
            #expect(types.filter { $0 == "portrait_started" }.count == 5)
            #expect(types.filter { $0 == "portrait_verified" }.count == 5)
            #expect(events.map(\.id) == events.map(\.id).sorted(), "ids increase")
            for index in 0..<5 {
                let mine = events.filter { (try? $0.decode(PortraitEvent.self))?.index == index }.map(\.type)
                #expect(
                    mine == ["portrait_started", "portrait_ready", "portrait_verified"], "portrait \(index): \(mine)")
            }

            // Resuming after the third event replays only what came later.
            let third = events[2].id
            let resumed = ServerSentEvents.parse(
                try await service.send(.GET, eventsURL, token: token, headers: ["Last-Event-ID": "\(third)"]).text)
            #expect(resumed.map(\.id) == events.dropFirst(3).map(\.id))
        }
    }

    /// A reload or a closed tab mid-generation drops the event stream: the service ends that
    /// response cleanly (a debug build once died on it: "stream writer deinitialized before .end")
    /// and carries on.
    @Test func aStreamLeftMidGenerationEndsCleanly() async throws {
        let slow: (inout ServiceConfig) -> Void = { $0.localLatency = 2 }
        try await TestService.with(configure: slow) { service in
            try await leaveStreams(service)
        }
    }

    func leaveStreams(_ service: TestService) async throws {
        let token = try await service.signUp()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
        let persona = try created.decode(CreatedPersona.self).persona
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(service.port)\(persona.eventsUrl)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for _ in 0..<3 {
            // Reads the first bytes, then goes away while portraits are still being made.
            // The deadline covers the answer's head and first bytes only: a loaded CI machine once
            // took more than 30 s to answer (tests run in parallel on two cores).
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(240))
            var iterator = response.body.makeAsyncIterator()
            #expect(try await iterator.next() != nil)
        }
        let health = try await service.send(.GET, "/health")
        #expect(health.status == .ok)
        // The service lives on: the persona finishes, and a new stream reads to its end.
        let stream = try await service.send(.GET, persona.eventsUrl, token: token)
        #expect(ServerSentEvents.parse(stream.text).last?.type == "persona_ready")
    }
}

/// Reads a text/event-stream body.
enum ServerSentEvents {
    struct Event {
        let id: Int
        let type: String
        /// The event's `data:` lines, as sent (JSON).
        let data: String

        /// The data decoded as `T` (see APIBodies.swift).
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try TypedJSON.decode(T.self, from: Array(data.utf8)) }
    }

    static func parse(_ text: String) -> [Event] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id: Int?
            var type = "message"
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard let id else { return nil }
            return Event(id: id, type: type, data: data)
        }
    }
}
