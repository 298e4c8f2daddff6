import Faces
import Fluent
import Foundation
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Which database a test runs on. PostgreSQL is a real server (scripts/postgres.sh, started by
/// .ci/run); each test gets a database of its own.
enum TestDatabase: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["INFLIO_TEST_POSTGRES_URL"]
    /// PostgreSQL joins whenever a server is configured; CI always configures one.
    static let all: [TestDatabase] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// A fresh database URL (PostgreSQL, on the tests' server or `server`) or nil (SQLite in the
    /// data folder).
    func makeURL(on server: String? = nil) throws -> String? {
        guard self == .postgres, let base = server ?? Self.postgresURL else { return nil }
        // Anything else here (a stray line captured with the URL, say) would make psql fall back
        // to a local socket and an unrelated role: say what was received instead.
        guard base.hasPrefix("postgres://"), !base.contains("\n") else {
            throw TestDatabaseError.notAURL(base)
        }
        let name = "inflio_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try Shell.run("psql", [base, "-qc", "CREATE DATABASE \(name)"])
        return base.replacingOccurrences(of: #"/[^/]*$"#, with: "/\(name)", options: .regularExpression)
    }
}

enum TestDatabaseError: Error, CustomStringConvertible {
    case notAURL(String)
    var description: String {
        switch self {
        case .notAURL(let value): "INFLIO_TEST_POSTGRES_URL is not a postgres:// URL: \(value.debugDescription)"
        }
    }
}

/// The service, started in this process on a free loopback port and spoken to over real HTTP.
final class TestService: @unchecked Sendable {
    let app: Application
    let port: Int
    let config: ServiceConfig

    static let models: FaceModels = try! FaceModels()
    /// For in-process fakes (FakeFAL renders and checks faces too).
    static let analyzer: PhotoBatchAnalyzer = try! PhotoBatchAnalyzer(models: models, workers: 1)

    static func start(
        _ database: TestDatabase = .sqlite, provider: (any PortraitProvider)? = nil, workers: Int = 5, port: Int = 0,
        configure: (inout ServiceConfig) -> Void = { _ in }
    ) async throws -> TestService {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inflio-test-\(UUID().uuidString)"
        ).path
        var config = ServiceConfig(
            dataDirectory: directory, databaseURL: try database.makeURL(), generationWorkers: workers)
        configure(&config)
        let app = try await InflioApp.make(config: config, environment: .testing, models: models, provider: provider)
        do {
            try await App.start(app)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = port
            try await app.server.start()
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
            return TestService(app: app, port: port, config: config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private init(app: Application, port: Int, config: ServiceConfig) {
        self.app = app
        self.port = port
        self.config = config
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: config.dataDirectory)
    }

    /// Runs `body` with a started service (its configuration changed by `configure`) and always
    /// stops it.
    static func with<T>(
        _ database: TestDatabase = .sqlite, provider: (any PortraitProvider)? = nil,
        configure: (inout ServiceConfig) -> Void = { _ in }, _ body: (TestService) async throws -> T
    ) async throws -> T {
        let service = try await start(database, provider: provider, configure: configure)
        do {
            let result = try await body(service)
            await service.stop()
            return result
        } catch {
            await service.stop()
            throw error
        }
    }

    func url(_ path: String) -> URI { URI(string: "http://127.0.0.1:\(port)\(path)") }

    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, headers: HTTPHeaders = [:],
        json: (any Encodable)? = nil, body: ByteBuffer? = nil, contentType: HTTPMediaType? = nil
    ) async throws -> ClientResponse {
        var headers = headers
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        // A deadline that only a hang reaches (`create?wait=true` waits for five portraits, and a
        // loaded CI machine is slower than a laptop): without one, a hung request held CI to its limit.
        var request = ClientRequest(method: method, url: url(path), headers: headers, body: nil, timeout: .seconds(300))
        if let json { try request.content.encode(AnyEncodable(json), as: .json) }
        if let body {
            request.body = body
            if let contentType { request.headers.contentType = contentType }
        }
        let response = try await app.client.send(request)
        // Every answer an API test receives is held to the contract (Public/openapi.json).
        for problem in OpenAPIContract.shared.problems(
            method: method.rawValue, path: path, status: Int(response.status.code),
            contentType: response.headers.first(name: .contentType), body: response.bytes)
        {
            Issue.record(Comment(rawValue: "openapi.json: \(problem)"))
        }
        return response
    }

    /// Signs up a new account and returns its token.
    /// A new account; unless `consent` is false, it has accepted the face-data notice, as every
    /// client must before its first persona.
    func signUp(_ email: String = "user-\(UUID().uuidString.prefix(8))@example.com", consent: Bool = true)
        async throws -> String
    {
        let response = try await send(.POST, "/api/auth/signup", json: ["email": email, "password": "correct horse"])
        guard response.status == .created, let token = try response.decode(SignedIn.self).token else {
            throw TestFailure("sign-up failed: \(response.status) \(response.text)")
        }
        if consent {
            let accepted = try await send(
                .POST, "/api/onboarding/consent", token: token, json: ["accepted": true])
            guard accepted.status == .ok else { throw TestFailure("consent failed: \(accepted.text)") }
        }
        return token
    }

    func createPersona(
        token: String, photos: [TestPhoto], name: String? = "Me", wait: Bool = false,
        extraFields: [String: String] = [:]
    ) async throws -> ClientResponse {
        var form = MultipartForm()
        if let name { form.field("name", name) }
        form.field("description", "made by a test")
        for (key, value) in extraFields { form.field(key, value) }
        for photo in photos { form.file("photos", photo.name, photo.bytes) }
        return try await send(
            .POST, "/api/personas/create" + (wait ? "?wait=true" : ""), token: token,
            body: form.body(), contentType: form.contentType)
    }

    /// Rows in every persona table, and stored image files: what a rejected request must leave at 0.
    func storedCounts() async throws -> (personas: Int, images: Int, jobs: Int, events: Int, files: Int) {
        let files = (FileManager.default.enumerator(atPath: config.blobDirectory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".jpg") }.count
        let spooled = (FileManager.default.enumerator(atPath: config.spoolDirectory)?.allObjects as? [String] ?? [])
            .count
        return (
            try await Persona.query(on: app.db).count(), try await PersonaImage.query(on: app.db).count(),
            try await GenerationJob.query(on: app.db).count(), try await PersonaEventRecord.query(on: app.db).count(),
            files + spooled
        )
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ClientResponse {
    var text: String { body.map { String(buffer: $0) } ?? "" }
    var bytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
    /// The body decoded as `T` (see APIBodies.swift); a mismatch fails with the body's text.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try TypedJSON.decode(T.self, from: bytes) }
    /// The `error.code` of an error answer.
    var errorCode: String? { (try? decode(ErrorAnswer.self))?.error.code }
}

enum Shell {
    /// Runs a script whose children outlive it (a server it starts), through posix_spawn and
    /// waitpid: Foundation's Process learns that its child ended from a socket the child
    /// inherits, and a daemon the child starts inherits it too, so `waitUntilExit` would wait for
    /// the daemon (swift-corelibs-foundation#4795). Output goes to files for the same reason.
    /// The script's standard output, trimmed.
    @discardableResult
    static func runDetached(_ tool: String, _ arguments: [String]) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)").path
        let (out, log) = (base + ".out", base + ".log")
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: log)
        }
        let quoted = ([tool] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        let command = quoted.joined(separator: " ") + " >'\(out)' 2>'\(log)' </dev/null"
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard spawned == 0 else { throw TestFailure("posix_spawn: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var waited = waitpid(pid, &status, 0)
        while waited == -1 && errno == EINTR { waited = waitpid(pid, &status, 0) }
        guard waited == pid else { throw TestFailure("waitpid: \(String(cString: strerror(errno)))") }
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let errors = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw TestFailure("\(command) failed (\(status)): \(output)\(errors.suffix(2000))")
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(tool) failed: \(String(decoding: data, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
