import ArgumentParser
import Faces
import FakeFAL
import Foundation
import PersonaKit

/// `inflio fake-fal`: a local stand-in for FAL.AI, for offline demos, tests and the benchmark.
struct FakeFALCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-fal",
        abstract:
            "Run a local server that speaks FAL's queue, storage, stream and webhook protocol, rendering with the local studio.",
        discussion: """
            Faults: FAKE_FAL_FAULT (server-wide) or the X-Fake-Fal-Fault request header, e.g. "503;times=2", \
            "status_500;times=5", "network_gap;seconds=10", "drop;times=1", "stall;times=1", \
            "stall_after_accept;times=1;on=submit", "upload_token_unavailable", "jwks_minimal" (server-wide only), \
            "content_policy", "completed_error", "retryable_error", "request_lost;times=1", "hang", "webhook_twice", \
            "webhook_gateway_id", "stream_error_event". \
            FAKE_FAL_KEY restricts the accepted key; FAKE_FAL_MAX_CONCURRENT limits jobs running at once; \
            FAKE_FAL_MAX_IMAGE_URLS limits image_urls ("10" or "fal-ai/nano-banana-pro/edit=2,..."); \
            FAKE_FAL_STREAMING_MODELS names the models with a /stream; FAKE_FAL_VALIDATE=result refuses invalid \
            inputs in the queued job's result instead of at submission. \
            GET /_fake/stats counts submissions, charges (also those after a cancel), uploads and more.
            """)

    @ArgumentParser.Option(help: "Port to listen on (0: any free port).") var port = 8090
    @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "Seconds from submission to result (at least; rendering may take longer).")
    var latency: Double?

    func run() async throws {
        var options = FakeFALServer.Options.fromEnvironment()
        if let latency { options.latency = latency }
        let server = try await FakeFALServer(
            options: options, analyzer: PhotoBatchAnalyzer(models: FaceModels.loadOrExplain()))
        let bound = try await server.start(hostname: hostname, port: port)
        print("Fake FAL is listening on \(server.baseURL) (port \(bound), latency \(options.latency) s).")
        print("Point a client at it with:")
        for (name, value) in server.environment { print("export \(name)=\(value)") }
        print("Stats: curl \(server.baseURL)/_fake/stats")
        // Lines a script waits for must not sit in a pipe's buffer while the server runs.
        fflush(nil)
        // Runs until the process is stopped (Ctrl-C).
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
