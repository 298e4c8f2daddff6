import App
import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit
import Providers
import Vapor

/// `inflio bench service`: the persona service's figures, against a real `inflio serve` process.
/// (a) upload→ready wall time for 10 photos and the part of it that is not rendering;
/// (b) GET /api/personas/:id latency under load (wrk at full speed, then a paced 200 requests/s);
/// (c) the server's peak memory while 20 photos of ~8 MB are uploaded and processed.
struct ServiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "Benchmark the persona service.")

    @ArgumentParser.Option(help: "Folder of sample faces.") var from = "../shared/testdata/faces"
    @ArgumentParser.Option(help: "Work folder (photos, server data).") var work = ".build/bench-service"
    @ArgumentParser.Option(help: "Port for the server under test.") var port = 8391

    func run() async throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let small = try BenchPhotos.personaSet(from: from, into: work + "/ten", count: 10, side: nil)
        let large = try BenchPhotos.personaSet(from: from, into: work + "/large", count: 20, side: 6000)
        let sizes = large.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
        print(
            String(
                format: "photos: 10 for timing; 20 for memory, %.1f MB each on average",
                Double(sizes.reduce(0, +)) / Double(max(sizes.count, 1)) / 1_048_576))

        let server = try BenchServer(port: port, dataDirectory: work + "/data-\(UUID().uuidString.prefix(8))")
        defer { server.stop() }
        try await server.start()
        let token = try await server.signUp()
        print(String(format: "server: pid %d, resident %.0f MB after start", server.pid, server.residentMB()))

        // (a) upload → ready.
        let start = Date()
        let created = try await server.createPersona(token: token, photos: small, wait: true)
        let total = Date().timeIntervalSince(start)
        guard created.status == .created, let id = created.personaID else {
            throw ValidationError("create failed: \(created.text)")
        }
        let rendering = try await BenchPhotos.renderingTime(photos: small)
        print(
            String(
                format:
                    "(a) upload→ready, 10 photos: %.2f s; rendering the five portraits alone: %.2f s; service overhead: %.2f s (goal < 2 s)",
                total, rendering, total - rendering))

        // (b) latency of GET /api/personas/:id.
        let path = "/api/personas/\(id)"
        if let wrk = Shell.which("wrk") {
            let output = try Shell.output(
                wrk, ["-t2", "-c16", "-d10s", "--latency", "-H", "Authorization: Bearer \(token)", server.url(path)])
            let rate = output.firstMatch(#"Requests/sec:\s+([0-9.]+)"#) ?? "?"
            let p99 = output.firstMatch(#"99%\s+([0-9.]+\w+)"#) ?? "?"
            let p50 = output.firstMatch(#"50%\s+([0-9.]+\w+)"#) ?? "?"
            print("(b) wrk, 16 connections, 10 s: \(rate) requests/s, p50 \(p50), p99 \(p99)")
        } else {
            print("(b) wrk is not installed (apt-get install wrk); the paced run follows")
        }
        try await Self.pacedDetail(
            server, token: token, id: id, label: "paced 200 requests/s for 10 s", goal: " (goal p99 < 10 ms)")

        // (b) again with the detail cache off: what a persona that changes between reads costs
        // (a cache miss does this work plus the one-query check).
        do {
            let uncached = try BenchServer(
                port: port + 1, dataDirectory: work + "/data-\(UUID().uuidString.prefix(8))",
                environment: ["INFLIO_DETAIL_CACHE": "0"])
            defer { uncached.stop() }
            try await uncached.start()
            let token = try await uncached.signUp()
            let created = try await uncached.createPersona(token: token, photos: small, wait: true)
            guard created.status == .created, let id = created.personaID else {
                throw ValidationError("create failed: \(created.text)")
            }
            try await Self.pacedDetail(
                uncached, token: token, id: id, label: "the same, detail cache off (every read rebuilt)")
        }

        // (c) peak memory while 20 large photos upload and the persona is made.
        let before = server.residentMB()
        let heavy = try await server.createPersona(token: token, photos: large, wait: true)
        guard heavy.status == .created else { throw ValidationError("create failed: \(heavy.text)") }
        print(
            String(
                format:
                    "(c) 20 photos of ~8 MB: server resident before %.0f MB, peak over its life %.0f MB (goal < 400 MB)",
                before, server.peakMB()))
    }

    /// GET /api/personas/:id at a steady 200 requests/s for 10 s, each request timed on its own schedule.
    static func pacedDetail(_ server: BenchServer, token: String, id: String, label: String, goal: String = "")
        async throws
    {
        let paced = try await server.pacedLatencies(
            path: "/api/personas/\(id)", token: token, perSecond: 200, seconds: 10)
        print(
            "(b) \(label): "
                + String(
                    format: "%d requests, %d errors, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    paced.count, paced.errors, paced.percentile(0.50), paced.percentile(0.99), paced.percentile(1.0))
                + goal)
    }
}
