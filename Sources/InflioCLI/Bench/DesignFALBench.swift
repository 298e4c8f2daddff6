import ArgumentParser
import AsyncHTTPClient
import Faces
import FakeFAL
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PersonaKit

/// `inflio bench design-fal`: the content studio on FAL against the fake (in this process) with a
/// slow model, through a real `inflio serve` (SQLite, INFLIO_PROVIDER=fal, webhooks on). For each
/// design it measures our added delay as a page sees it: from the fake's job leaving the queue to
/// the `design.progress` "generating" event reaching a client of the persona's event stream, and
/// from the fake completing the job to `design.version_ready` reaching it (which includes the
/// download, the crop, the title, the likeness check and storing the picture). Goal: ≤ 300 ms each.
struct DesignFALBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design-fal", abstract: "The content studio on FAL against the fake: our added delay.")

    @ArgumentParser.Option(help: "Folder of sample faces.") var from = "../shared/testdata/faces"
    @ArgumentParser.Option(help: "Work folder (photos, server data).") var work = ".build/bench-design-fal"
    @ArgumentParser.Option(help: "Port for the server under test.") var port = 8393
    @ArgumentParser.Option(help: "Designs made one after another.") var designs = 5
    @ArgumentParser.Option(help: "Seconds the fake model takes per picture.") var latency = 5.0

    struct Seen: Sendable {
        let type: String
        let designID: String
        let stage: String?
        let at: Date
    }

    func run() async throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let photos = Array(
            try BenchPhotos.personaSet(from: from, into: work + "/photos", count: 6, side: 1024).prefix(5))
        let (fake, _) = try await FakeFALServer.start(
            latency: latency, options: .init(), analyzer: PhotoBatchAnalyzer(models: FaceModels.loadOrExplain()))
        var environment = Dictionary(uniqueKeysWithValues: fake.environment)
        environment["INFLIO_PROVIDER"] = "fal"
        environment["INFLIO_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        let server = try BenchServer(
            port: port, dataDirectory: work + "/data-\(UUID().uuidString.prefix(8))", environment: environment,
            client: BenchServer.wideClient)
        defer { server.stop() }
        try await server.start()
        let token = try await server.signUp()
        let persona = try await server.createPersona(token: token, photos: photos, wait: true)
        guard let personaID = persona.personaID else { throw ValidationError("no persona: \(persona.text)") }
        print(
            String(
                format: "fake latency %.1f s per picture (a quarter of it in the queue); %d designs", latency, designs))

        let seen = NIOLockedValueBox<[Seen]>([])
        let listener = Task { try await listen(server, token: token, personaID: personaID, into: seen) }
        defer { listener.cancel() }
        try await Task.sleep(for: .milliseconds(300))

        var ids: [String] = []
        for i in 0..<designs {
            let body = Array(
                #"{"prompt":"me looking excited, take \#(i + 1), title 'Bench \#(i + 1)'","format":"youtube-thumbnail"}"#
                    .utf8)
            let reply = try await server.send(
                .POST, "/api/designs", token: token, body: body, contentType: "application/json")
            let json = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any]
            guard let id = ((json?["designs"] as? [[String: Any]])?.first?["id"] as? String)?.lowercased() else {
                throw ValidationError("design not created: \(reply.text)")
            }
            ids.append(id)
            let deadline = Date().addingTimeInterval(latency * 4 + 60)
            while Date() < deadline,
                !seen.withLockedValue({
                    $0.contains { $0.designID == id && $0.type != "design.progress" && $0.type != "design.queued" }
                })
            {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let stats =
            (try? JSONSerialization.jsonObject(with: Data(try await fake.statsJSON()))) as? [String: Any] ?? [:]
        let requests = (stats["requests"] as? [[String: Any]]) ?? []
        await fake.stop()

        var progressDelays: [Double] = []
        var resultDelays: [Double] = []
        for id in ids {
            let reply = try await server.send(.GET, "/api/designs/\(id)", token: token)
            let json = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any]
            let version = (json?["versions"] as? [[String: Any]])?.first
            guard let requestID = version?["requestId"] as? String,
                let job = requests.first(where: { $0["request_id"] as? String == requestID }),
                let started = job["started_at"] as? Double, let finished = job["finished_at"] as? Double
            else {
                print("design \(id): no timing (\(version?["state"] ?? "?"))")
                continue
            }
            let events = seen.withLockedValue { $0.filter { $0.designID == id } }
            if let generating = events.first(where: { $0.stage == "generating" }) {
                progressDelays.append((generating.at.timeIntervalSince1970 - started) * 1000)
            }
            if let ready = events.first(where: { $0.type == "design.version_ready" }) {
                resultDelays.append((ready.at.timeIntervalSince1970 - finished) * 1000)
            }
            let stages = events.map { $0.stage ?? $0.type.replacingOccurrences(of: "design.", with: "") }
            print("design \(id.prefix(8)): \(stages.joined(separator: " → "))")
        }
        func summary(_ name: String, _ values: [Double]) {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return print("\(name): not seen") }
            print(
                String(
                    format: "%@: median %.0f ms, max %.0f ms over %d (goal ≤ 300 ms)", name,
                    sorted[sorted.count / 2], sorted.last!, sorted.count))
        }
        summary("progress (fake IN_PROGRESS → page event)", progressDelays)
        summary("result (fake COMPLETED → page event version_ready)", resultDelays)
    }

    /// Reads the persona's event stream as a page does, noting when each design event arrives.
    func listen(_ server: BenchServer, token: String, personaID: String, into seen: NIOLockedValueBox<[Seen]>)
        async throws
    {
        // After the persona's latest event, as the page starts (a replay would end at "ready").
        let detail = try await server.send(.GET, "/api/personas/\(personaID)", token: token)
        let json = (try? JSONSerialization.jsonObject(with: Data(detail.body))) as? [String: Any]
        let after = ((json?["persona"] as? [String: Any])?["lastEventId"] as? Int) ?? 0
        var request = HTTPClientRequest(url: server.url("/api/personas/\(personaID)/events?lastEventId=\(after)"))
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await server.client.execute(request, deadline: .now() + .hours(1))
        var buffer = ""
        var type: String?
        for try await chunk in response.body {
            let arrived = Date()
            buffer += String(buffer: chunk)
            while let newline = buffer.firstIndex(of: "\n") {
                let line = String(buffer[..<newline])
                buffer = String(buffer[buffer.index(after: newline)...])
                if line.hasPrefix("event:") {
                    type = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("data:"), let name = type, name.hasPrefix("design.") {
                    let data =
                        (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8))) as? [String: Any]
                    let id = (data?["designId"] as? String)?.lowercased() ?? ""
                    let event = Seen(type: name, designID: id, stage: data?["stage"] as? String, at: arrived)
                    seen.withLockedValue { $0.append(event) }
                } else if line.isEmpty {
                    type = nil
                }
            }
        }
    }
}
