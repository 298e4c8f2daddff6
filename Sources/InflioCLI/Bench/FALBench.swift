import ArgumentParser
import Faces
import FakeFAL
import Foundation
import PersonaKit

/// `inflio bench fal`: many personas at once against the fake FAL (in this process) with a fixed
/// model latency. A real `inflio serve` (SQLite, INFLIO_PROVIDER=fal, webhooks on) does the work.
/// Reports whether all completed, the wall time against the latency bound, the server's peak
/// memory and its most open sockets, and what the fake was asked to pay for.
struct FALBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fal", abstract: "Benchmark the FAL provider against the fake.")

    @ArgumentParser.Option(help: "Folder of sample faces.") var from = "../shared/testdata/faces"
    @ArgumentParser.Option(help: "Work folder (photos, server data).") var work = ".build/bench-fal"
    @ArgumentParser.Option(help: "Port for the server under test.") var port = 8392
    @ArgumentParser.Option(help: "Personas created at once.") var personas = 50
    @ArgumentParser.Option(help: "Seconds the fake model takes per portrait.") var latency = 2.0

    func run() async throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let photos = Array(
            try BenchPhotos.personaSet(from: from, into: work + "/photos", count: 6, side: 1024).prefix(5))
        let (fake, _) = try await FakeFALServer.start(
            latency: latency, options: .init(),
            analyzer: PhotoBatchAnalyzer(models: FaceModels.loadOrExplain()))
        var environment = Dictionary(uniqueKeysWithValues: fake.environment)
        environment["INFLIO_PROVIDER"] = "fal"
        environment["INFLIO_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        // Portraits on FAL wait, they do not compute: let every one of them be in flight.
        environment["INFLIO_WORKERS"] = String(max(64, personas * PortraitScenario.all.count))
        let server = try BenchServer(
            port: port, dataDirectory: work + "/data-\(UUID().uuidString.prefix(8))", environment: environment,
            client: BenchServer.wideClient)
        defer { server.stop() }
        try await server.start()
        let token = try await server.signUp()
        print(
            String(
                format:
                    "%d personas of %d photos (1024 px) at once; fake latency %.1f s per portrait; server resident %.0f MB after start",
                personas, photos.count, latency, server.residentMB()))

        let sockets = SocketWatch(pid: server.pid)
        let (serverCPU, ownCPU) = (server.cpuSeconds(), BenchServer.ownCPUSeconds())
        let start = Date()
        let outcomes = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<personas {
                group.addTask {
                    do {
                        let reply = try await server.createPersona(token: token, photos: photos, wait: true)
                        let ready = reply.status == .created && reply.text.contains(#""status":"ready""#)
                        return ready ? nil : "\(reply.status.code) \(reply.text.prefix(300))"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        let wall = Date().timeIntervalSince(start)
        let (serverUsed, ownUsed) = (server.cpuSeconds() - serverCPU, BenchServer.ownCPUSeconds() - ownCPU)
        sockets.stop()
        let stats = (try? JSONSerialization.jsonObject(with: Data(try await fake.statsJSON()))) as? [String: Any] ?? [:]
        await fake.stop()

        let failures = outcomes.compactMap { $0 }
        print("ready: \(personas - failures.count) of \(personas)")
        for (failure, count) in Dictionary(failures.map { ($0, 1) }, uniquingKeysWith: +) {
            print("  not ready (\(count)×): \(failure)")
        }
        print(
            String(
                format:
                    "wall time: %.1f s; one portrait's latency bound %.1f s; serial would take %.0f s (%d portraits × %.1f s)",
                wall, latency, Double(personas * 5) * latency, personas * 5, latency))
        // The floor no concurrency can beat on this machine: all the CPU work spread over every core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            String(
                format:
                    "CPU: server %.1f s (%.2f s per persona: analysis of its photos, verification of its portraits), fake model and clients %.1f s; spread over %d cores that alone needs %.1f s, so the wall time is %.1f s above that floor",
                serverUsed, serverUsed / Double(personas), ownUsed, cores, (serverUsed + ownUsed) / Double(cores),
                wall - (serverUsed + ownUsed) / Double(cores)))
        print(String(format: "server peak memory: %.0f MB; most open sockets: %d", server.peakMB(), sockets.peak))
        print(
            "fake: submissions \(stats["submissions"] ?? "?"), uploads \(stats["uploads"] ?? "?"), webhooks \(stats["webhooks"] ?? "?")"
        )
    }
}
