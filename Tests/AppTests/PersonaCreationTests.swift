import Fluent
import Imaging
import Testing
import Vapor

@testable import App

@Suite(.enabled(if: TestPhotos.available, "needs ../shared/testdata/faces"))
struct PersonaCreationTests {
    @Test(arguments: TestDatabase.all)
    func createWaitsForFiveVerifiedPortraits(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(
                token: token, photos: try TestPhotos.obamaSet(), name: "Barack", wait: true)
            #expect(created.status == .created, "\(created.text)")
            let persona = try #require(try created.json()["persona"] as? [String: Any])
            #expect(persona["status"] as? String == "ready")
            let portraits = try #require(persona["portraits"] as? [String])
            #expect(portraits.count == 5)
            for url in portraits {
                let image = try await service.send(.GET, url)  // signed: no credentials needed
                #expect(image.status == .ok)
                let decoded = try ImageDecoder.decode(bytes: image.bytes, maxSide: 256)
                #expect(decoded.originalWidth >= 512 && decoded.originalHeight >= 512)
            }

            let id = try #require(persona["id"] as? String)
            let detail = try #require(
                try await service.send(.GET, "/api/personas/\(id)", token: token).json()["persona"] as? [String: Any])
            let shown = try #require(detail["portraits"] as? [[String: Any]])
            #expect(
                shown.map { $0["scenario"] as? String } == [
                    "professional_headshot", "casual_friendly", "dynamic_action", "thoughtful_closeup",
                    "environmental_portrait",
                ])
            for portrait in shown {
                #expect(portrait["state"] as? String == "verified", "\(portrait)")
                let distance = try #require(portrait["identityDistance"] as? Double)
                #expect(distance < 0.6)
            }
            let photos = try #require(detail["photos"] as? [[String: Any]])
            #expect(photos.count == 6)
            #expect(photos.filter { $0["isReference"] as? Bool == true }.count == 6)
            #expect(photos.allSatisfy { ($0["quality"] as? [String: Any])?["overall"] is Double })
            let metadata = try #require(detail["metadata"] as? [String: Any])
            #expect(metadata["photoCount"] as? Int == 6)
            #expect((metadata["portraitUrls"] as? [String])?.count == 5)
            #expect((metadata["referencePhotoUrls"] as? [String])?.count == 6)
            let consistency = try #require(metadata["consistencyScore"] as? Double)
            #expect(consistency > 0 && consistency <= 1)
            #expect(detail["identity"] == nil, "the identity centroid never leaves the server")

            // The usage ledger saw exactly five calls for this persona, all succeeded.
            let usage = try await service.send(.GET, "/api/usage", token: token).json()
            let entries = try #require(usage["entries"] as? [[String: Any]])
            #expect(entries.count == 5)
            #expect(
                entries.allSatisfy {
                    $0["outcome"] as? String == "succeeded" && $0["model"] as? String == "local-studio"
                })

            let list = try #require(
                try await service.send(.GET, "/api/personas", token: token).json()["personas"] as? [[String: Any]])
            #expect(list.map { $0["name"] as? String } == ["Barack"])
        }
    }

    @Test func eventsArriveInOrderAndResumeFromLastEventID() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
            #expect(created.status == .created)
            let persona = try #require(try created.json()["persona"] as? [String: Any])
            let eventsURL = try #require(persona["eventsUrl"] as? String)
            #expect(persona["status"] as? String == "generating")

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
                let mine = events.filter { $0.data["index"] as? Int == index }.map(\.type)
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
}

/// Reads a text/event-stream body.
enum ServerSentEvents {
    struct Event {
        let id: Int
        let type: String
        let data: [String: Any]
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
            let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
            return Event(id: id, type: type, data: object)
        }
    }
}
