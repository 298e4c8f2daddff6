import FAL
import FakeFAL
import Foundation
import NIOCore
import TestSupport
import Testing
import Vapor

/// `kill -9` of the server during generation, then a restart: the persona finishes and no
/// portrait is submitted to the provider twice.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct RestartTests {
    @Test(arguments: TestDatabase.all)
    func killedMidGenerationFinishesWithoutSubmittingTwice(database: TestDatabase) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inflio-restart-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = directory + "/submissions.log"
        let port = try FreePorts.consecutive()
        var environment = ProcessInfo.processInfo.environment
        environment["INFLIO_DATA_DIR"] = directory + "/data"
        environment["INFLIO_LOCAL_LATENCY"] = "4"
        environment["INFLIO_SUBMISSION_LOG"] = log
        if let url = try database.makeURL() { environment["DATABASE_URL"] = url }
        let server = ServerProcess(port: port, environment: environment)
        defer { server.kill() }  // also when an expectation throws midway

        let client = HTTPClient.shared
        // All five submitted (their request ids saved right after), none finished: kill -9.
        let (token, id) = try await killAfterFiveSubmissions(server, client, log: log)
        #expect(try await statusAfterRestart(server, client, token, id) == "ready")
        #expect(Self.lines(log) == 5, "no portrait was submitted twice: \(Self.lines(log)) submissions")
        let detail = try await server.decode(PersonaDetail.self, client, .GET, "/api/personas/\(id)", token: token)
            .persona
        #expect(detail.portraits.allSatisfy { $0.state == "verified" })
    }

    /// The same with FAL (the fake, in this process): the restarted server resumes the five stored
    /// FAL requests; the fake, which counts what would be paid for, sees five submissions.
    @Test func killedMidFALGenerationResumesTheSameRequests() async throws {
        let (fake, _) = try await FakeFALServer.start(latency: 5, options: .init(), analyzer: TestService.analyzer)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inflio-restart-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = directory + "/submissions.log"
        var environment = ProcessInfo.processInfo.environment
        environment["INFLIO_DATA_DIR"] = directory + "/data"
        environment["INFLIO_PROVIDER"] = "fal"
        environment["INFLIO_SUBMISSION_LOG"] = log
        environment["FAL_POLL_INTERVAL_SECONDS"] = "0.25"
        for (key, value) in fake.environment { environment[key] = value }
        let server = ServerProcess(port: try FreePorts.consecutive(), environment: environment)
        defer { server.kill() }

        let client = HTTPClient.shared
        let (token, id) = try await killAfterFiveSubmissions(server, client, log: log)
        #expect(try await statusAfterRestart(server, client, token, id) == "ready")
        let stats = try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
        #expect(
            stats.submissions[FALModel.nanoBananaProEdit] == 5, "paid for five portraits, not more: \(stats)")
        #expect(Self.lines(log) == 5)
        await fake.stop()
    }

    /// A kill in the worst moment: FAL took all five submissions but none of its answers arrived,
    /// so no request id was saved. The restarted server must not pay again: each job waits, and
    /// FAL's webhook, whose URL names the job, claims the submission when the portrait is done.
    /// The webhooks' signed header names FAL's gateway id, not the queue's: the body's
    /// `request_id` is the one claimed, or the resumed portraits would ask FAL about ids it
    /// does not know.
    @Test func killedBeforeFALAnsweredClaimsTheSubmissionsByWebhook() async throws {
        var options = FakeFALServer.Options(latency: 10, webhookAttempts: 6)
        options.faults = FakeFALFault.parse("stall_after_accept;times=5;on=submit,webhook_gateway_id")
        let (fake, _) = try await FakeFALServer.start(latency: 10, options: options, analyzer: TestService.analyzer)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try Self.webhookServer(on: fake, directory: directory)
        defer { server.kill() }

        let client = HTTPClient.shared
        func submissions() async throws -> Int {
            let stats = try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
            return stats.submissions[FALModel.nanoBananaProEdit] ?? 0
        }
        let (token, id) = try await createPersona(server, client)
        try await waitFor("five submissions taken by the fake") { try await submissions() == 5 }
        server.kill()

        #expect(try await statusAfterRestart(server, client, token, id) == "ready")
        #expect(try await submissions() == 5, "paid for five portraits, not more")
        let entries = try await server.decode(Usage.self, client, .GET, "/api/usage", token: token).entries
        #expect(entries.count == 5, "one ledger line per claimed submission: \(entries)")
        #expect(entries.allSatisfy { $0.outcome == "succeeded" })
        let stats = try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
        #expect(stats.charged[FALModel.nanoBananaProEdit] == 5)
        await fake.stop()
    }

    /// Starts the server, signs up, creates a persona, waits until its five portraits are
    /// submitted (the log has five lines) and kills the server with SIGKILL.
    func killAfterFiveSubmissions(_ server: ServerProcess, _ client: HTTPClient, log: String) async throws -> (
        token: String, id: String
    ) {
        let (token, id) = try await createPersona(server, client)
        try await waitFor("five submissions") { Self.lines(log) == 5 }
        try await Task.sleep(nanoseconds: 500_000_000)
        server.kill()
        return (token, id)
    }

    /// A folder of the test's own, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inflio-restart-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A server on `fake` with FAL's webhooks on (its own port named in INFLIO_PUBLIC_URL), its
    /// data in `directory`, `environment` added, its output in `log` when given, not started.
    static func webhookServer(
        on fake: FakeFALServer, directory: String, environment extra: [String: String] = [:], log: String? = nil
    ) throws -> ServerProcess {
        let port = try FreePorts.consecutive()
        var environment = ProcessInfo.processInfo.environment
        environment["INFLIO_DATA_DIR"] = directory + "/data"
        environment["INFLIO_PROVIDER"] = "fal"
        environment["INFLIO_PUBLIC_URL"] = "http://127.0.0.1:\(port)"
        // Long enough for the webhooks even under the full suite's load (60 s once was not), and
        // still a resubmission would show in the count.
        environment["INFLIO_LOST_SUBMISSION_GRACE_SECONDS"] = "300"
        environment["FAL_POLL_INTERVAL_SECONDS"] = "0.25"
        for (key, value) in fake.environment { environment[key] = value }
        environment.merge(extra) { _, new in new }
        return ServerProcess(port: port, environment: environment, logFile: log)
    }

    /// Starts the server, signs up and creates a persona (not waiting for it).
    func createPersona(_ server: ServerProcess, _ client: HTTPClient) async throws -> (token: String, id: String) {
        try await server.start()
        let token = try #require(
            try await server.decode(
                SignedIn.self, client, .POST, "/api/auth/signup",
                json: ["email": "k@example.com", "password": "long enough pass"]
            ).token)
        let consent = try await server.send(
            client, .POST, "/api/onboarding/consent", token: token, body: ByteBuffer(string: #"{"accepted":true}"#),
            contentType: .json)
        #expect(consent.status == .ok)
        var form = MultipartForm()
        form.field("name", "Restarted")
        for photo in try TestPhotos.obamaSet() { form.file("photos", photo.name, photo.bytes) }
        let created = try await server.send(
            client, .POST, "/api/personas/create", token: token, body: form.body(), contentType: form.contentType)
        #expect(created.status == .created)
        let id = try TypedJSON.decode(
            CreatedPersona.self, from: created.body.map { Array($0.readableBytesView) } ?? []
        ).persona.id
        return (token, id)
    }

    func statusAfterRestart(_ server: ServerProcess, _ client: HTTPClient, _ token: String, _ id: String) async throws
        -> String?
    {
        try await server.start()
        return try await Self.settledStatus(server, client, token, id)
    }

    /// The persona's status once it is ready or failed.
    static func settledStatus(_ server: ServerProcess, _ client: HTTPClient, _ token: String, _ id: String)
        async throws -> String?
    {
        var status: String?
        // A fresh debug process loads both face models and resumes five portraits while the rest of
        // the suite runs: 90 s was once too short in CI.
        try await waitFor("the persona to be ready", seconds: 240) {
            status =
                (try? await server.decode(PersonaDetail.self, client, .GET, "/api/personas/\(id)", token: token))?
                .persona.status
            return status == "ready" || status == "failed"
        }
        return status
    }

    static func lines(_ path: String) -> Int {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
    }
}

func waitFor(_ what: String, seconds: Double = 120, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
    throw TestFailure("timed out waiting for \(what)")
}

/// The real `inflio serve` executable, started and killed by the test.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    let environment: [String: String]
    /// Arguments after `serve --port N` (e.g. `--no-worker`).
    let extraArguments: [String]
    /// Where the process's output goes (its log), when set.
    let logFile: String?
    private var process: Process?

    init(port: Int, environment: [String: String], extraArguments: [String] = [], logFile: String? = nil) {
        self.port = port
        self.environment = environment
        self.extraArguments = extraArguments
        self.logFile = logFile
    }

    var processIdentifier: Int32? { process?.processIdentifier }

    static var executable: String {
        // The test bundle sits in the build folder, beside the `inflio` executable.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("inflio").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return ".build/debug/inflio"
    }

    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["serve", "--port", String(port)] + extraArguments
        process.environment = environment
        if let logFile {
            // Vapor's console logger writes to standard output.
            FileManager.default.createFile(atPath: logFile, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
            process.standardOutput = log
            process.standardError = log
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        self.process = process
        do {
            // A debug process loads both face models first; on a CI machine busy with the rest of
            // the suite that has taken most of a minute.
            // A process that could not listen (its port taken since it was chosen) has exited:
            // that ends the wait at once rather than after its two minutes.
            try await waitFor("the server on port \(port) to listen", seconds: 120) {
                guard process.isRunning else { throw TestFailure("the server on port \(port) exited") }
                return (try? await self.send(HTTPClient.shared, .GET, "/health").status) == .ok
            }
        } catch {
            let log = logFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            throw TestFailure("\(error); its log ends: \(log.suffix(2000))")
        }
    }

    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGCONT)  // a paused process dies only once resumed
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGSTOP: the process stops where it is, holding whatever it holds, until `resume()`.
    func pause() {
        if let process, process.isRunning { Foundation.kill(process.processIdentifier, SIGSTOP) }
    }

    func resume() {
        if let process, process.isRunning { Foundation.kill(process.processIdentifier, SIGCONT) }
    }

    func send(
        _ client: HTTPClient, _ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: String]? = nil,
        body: ByteBuffer? = nil, contentType: HTTPMediaType? = nil, headers extra: HTTPHeaders = [:]
    ) async throws -> HTTPClient.Response {
        var headers = extra
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        var payload = body
        if let json {
            payload = ByteBuffer(data: try JSONEncoder().encode(json))
            headers.add(name: .contentType, value: "application/json")
        } else if let contentType {
            headers.add(name: .contentType, value: contentType.serialize())
        }
        let request = try HTTPClient.Request(
            url: "http://127.0.0.1:\(port)\(path)", method: method, headers: headers,
            body: payload.map { .byteBuffer($0) })
        return try await client.execute(request: request, deadline: NIODeadline.now() + TimeAmount.seconds(120)).get()
    }

    /// The answer decoded as `T` (see APIBodies.swift).
    func decode<T: Decodable>(
        _ type: T.Type, _ client: HTTPClient, _ method: HTTPMethod, _ path: String, token: String? = nil,
        json: [String: String]? = nil
    ) async throws -> T {
        let response = try await send(client, method, path, token: token, json: json)
        return try TypedJSON.decode(T.self, from: response.body.map { Array($0.readableBytesView) } ?? [])
    }
}
