import ArgumentParser
import Foundation
import Imaging
import Vapor

/// `inflio bench draft`: one photo added to a draft persona (a 12 MP JPEG, as a phone takes it):
/// the time from sending it to its verdict, p50 and p95 over 30 calls, against a real
/// `inflio serve` process (the rate limiter off). Goal: p50 ≤ 200 ms.
struct DraftBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft", abstract: "Benchmark adding a photo to a draft persona.")

    @ArgumentParser.Option(help: "Folder of 12 MP photos (`inflio bench prepare` makes them).")
    var photos = ".build/bench-photos"
    @ArgumentParser.Option(help: "Work folder (photos, server data).") var work = ".build/bench-draft"
    @ArgumentParser.Option(help: "Port for the server under test.") var port = 8393
    @ArgumentParser.Option(help: "How many photos to add.") var calls = 30

    func run() async throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // Five different 12 MP photos, added in turn.
        let files = PhotoArguments.expand([self.photos]).sorted().prefix(5)
        guard !files.isEmpty else {
            throw ValidationError(
                "No photos in \(self.photos): make them with `inflio bench prepare --output \(self.photos)`.")
        }
        let photos = try files.map { try ImageDecoder.readFile(atPath: $0) }
        let megapixels = try photos.map { try ImageDecoder.dimensions(of: $0) }.map { Double($0 * $1) / 1e6 }
        print(
            String(
                format: "photos: %.1f MP, %.1f MB on average", megapixels.reduce(0, +) / Double(photos.count),
                Double(photos.map(\.count).reduce(0, +)) / Double(photos.count) / 1_048_576))

        let server = try BenchServer(
            port: port, dataDirectory: work + "/data-\(UUID().uuidString.prefix(8))",
            environment: ["INFLIO_RATE_LIMITS": "off"])
        defer { server.stop() }
        try await server.start()
        let token = try await server.signUp()
        var draft = try await newDraft(server, token: token)
        var times: [Double] = []
        for call in 0..<calls {
            // A draft holds 20 photos at most: a fresh one every 10 calls.
            if call > 0 && call % 10 == 0 { draft = try await newDraft(server, token: token) }
            let photo = photos[call % photos.count]
            let start = Date()
            let reply = try await server.addPhoto(token: token, draft: draft, bytes: photo, name: "photo-\(call).jpg")
            times.append(Date().timeIntervalSince(start) * 1000)
            guard reply.status == .created else { throw ValidationError("adding a photo failed: \(reply.text)") }
        }
        let sorted = times.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p)))] }
        print(
            String(
                format:
                    "one 12 MP photo added to a draft, %d calls: p50 %.0f ms, p95 %.0f ms, max %.0f ms (goal p50 <= 200 ms)",
                calls, percentile(0.5), percentile(0.95), sorted.last ?? 0))
    }

    func newDraft(_ server: BenchServer, token: String) async throws -> String {
        let reply = try await server.send(
            .POST, "/api/personas", token: token, body: Array(#"{"name":"Bench"}"#.utf8),
            contentType: "application/json")
        guard reply.status == .created, let id = reply.personaID else {
            throw ValidationError("draft creation failed: \(reply.text)")
        }
        return id
    }
}

extension BenchServer {
    func addPhoto(token: String, draft: String, bytes: [UInt8], name: String) async throws -> Reply {
        let boundary = "bench-\(UUID().uuidString)"
        var body = Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(name)\"\r\nContent-Type: image/jpeg\r\n\r\n"
                .utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await send(
            .POST, "/api/personas/\(draft)/photos", token: token, body: body,
            contentType: "multipart/form-data; boundary=\(boundary)")
    }
}
