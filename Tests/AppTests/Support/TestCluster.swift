import FakeFAL
import Foundation
import NIOCore
import S3
import TestSupport
import Testing
import Vapor

/// Several real `inflio serve` processes on one PostgreSQL database and one S3 bucket (moto,
/// `INFLIO_TEST_S3_APP_ENDPOINT`), each with a data folder of its own and one shared signing key,
/// against the fake FAL in this process: what issue 14's multi-process tests start. Short leases
/// (3 s), so a dead process's jobs are taken over within seconds. Logs go to files the tests read.
final class TestCluster: @unchecked Sendable {
    let fake: FakeFALServer
    let servers: [ServerProcess]
    let directory: String
    let databaseURL: String
    /// The bucket every process stores images in.
    let bucket: S3Client
    let client = HTTPClient.shared
    static let leaseSeconds = 3.0

    /// `webhooksTo`: FAL's webhooks go to that process alone (its URL is every process's
    /// `INFLIO_PUBLIC_URL`), and polling FAL is slowed to ten minutes, so a job waiting on another
    /// process finishes only if the webhook's wake-up crosses processes.
    /// `database`: a PostgreSQL server's URL to make the cluster's database on (the tests' own
    /// server when nil).
    init(
        processes: Int, latency: Double, noWorker: Set<Int> = [], webhooksTo: Int? = nil, database: String? = nil
    ) async throws {
        guard let url = try TestDatabase.postgres.makeURL(on: database) else { throw TestFailure("needs PostgreSQL") }
        databaseURL = url
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "inflio-cluster-\(UUID().uuidString)"
            ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let s3 = TestCluster.s3Endpoint else { throw TestFailure("needs INFLIO_TEST_S3_APP_ENDPOINT") }
        let blobURL = "s3://inflio-cluster-\(UUID().uuidString.lowercased().prefix(12))/images"
        let s3Environment = [
            "AWS_ENDPOINT_URL": s3, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "us-east-1",
        ]
        bucket = try S3Client(url: blobURL, environment: s3Environment)
        try await bucket.createBucket()
        (fake, _) = try await FakeFALServer.start(latency: latency, options: .init(), analyzer: TestService.analyzer)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url
        environment["INFLIO_BLOB_URL"] = blobURL
        for (key, value) in s3Environment { environment[key] = value }
        environment["INFLIO_SIGNING_KEY_FILE"] = directory + "/signing.key"  // shared: any process checks any link
        environment["INFLIO_PROVIDER"] = "fal"
        environment["FAL_POLL_INTERVAL_SECONDS"] = "0.25"
        environment["INFLIO_LEASE_SECONDS"] = String(Self.leaseSeconds)
        environment["INFLIO_JOB_POLL_SECONDS"] = "0.5"
        environment["INFLIO_QUOTAS"] = "off"
        environment["INFLIO_RATE_LIMITS"] = "off"
        for (key, value) in fake.environment { environment[key] = value }
        let base = try FreePorts.consecutive(processes)
        if let webhooksTo {
            environment["INFLIO_PUBLIC_URL"] = "http://127.0.0.1:\(base + webhooksTo)"
            environment["FAL_POLL_INTERVAL_SECONDS"] = "600"
        }
        let directory = directory
        servers = (0..<processes).map { index in
            var own = environment
            own["INFLIO_DATA_DIR"] = directory + "/data-\(index)"  // the spool; never an image
            return ServerProcess(
                port: base + index, environment: own,
                extraArguments: noWorker.contains(index) ? ["--no-worker"] : [],
                logFile: "\(NSTemporaryDirectory())inflio-cluster-\(base)-\(index).log")
        }
    }

    /// Starts the first process alone (it migrates the empty database), then the others.
    func start() async throws {
        try await servers[0].start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers.dropFirst() { group.addTask { try await server.start() } }
            try await group.waitForAll()
        }
    }

    /// Starts the processes, runs `body`, and stops everything; after a thrown failure (a wait
    /// that timed out, a `#require`) the processes' logs are kept (see `stop`). A failed `#expect`
    /// does not throw, so its logs go.
    func run(_ body: () async throws -> Void) async throws {
        do {
            try await start()
            try await body()
        } catch {
            await stop(failed: true)
            throw error
        }
        await stop()
    }

    /// Stops everything and deletes the data and logs; after a failure (`failed`), each
    /// process's log is kept and named in the test's output, since it is the only account of
    /// what the processes did.
    func stop(failed: Bool = false) async {
        for server in servers { server.kill() }
        await fake.stop()
        try? FileManager.default.removeItem(atPath: directory)
        for server in servers {
            guard let log = server.logFile else { continue }
            if failed {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                let notable = text.split(separator: "\n").filter { $0.contains("warning") || $0.contains("error") }
                let tail = notable.suffix(20).joined(separator: "\n")
                Issue.record("process log kept at \(log); its warnings and errors (last 20):\n\(tail)")
            } else {
                try? FileManager.default.removeItem(atPath: log)
            }
        }
    }

    /// A signed-up account that accepted the face-data notice (tokens work on every process).
    func signUp(on server: Int = 0) async throws -> String {
        let token = try #require(
            try await servers[server].decode(
                SignedIn.self, client, .POST, "/api/auth/signup",
                json: ["email": "cluster-\(UUID().uuidString.prefix(8))@example.com", "password": "long enough pass"]
            ).token)
        let consent = try await servers[server].send(
            client, .POST, "/api/onboarding/consent", token: token, body: ByteBuffer(string: #"{"accepted":true}"#),
            contentType: .json)
        #expect(consent.status == .ok)
        return token
    }

    /// Creates a persona through process `server` (not waiting for its portraits); its id.
    func createPersona(on server: Int, token: String) async throws -> String {
        var form = MultipartForm()
        form.field("name", "Clustered")
        for photo in try TestPhotos.obamaSet() { form.file("photos", photo.name, photo.bytes) }
        let created = try await servers[server].send(
            client, .POST, "/api/personas/create", token: token, body: form.body(), contentType: form.contentType)
        guard created.status == .created else {
            // The process's own account of it, since its log goes with the cluster.
            let log = servers[server].logFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            throw TestFailure(
                "create on process \(server): \(created.status) \(String(buffer: created.body ?? .init()))\n"
                    + "its log ends: \(log.suffix(3000))")
        }
        return try TypedJSON.decode(CreatedPersona.self, from: created.body.map { Array($0.readableBytesView) } ?? [])
            .persona.id
    }

    /// One persona on each of `servers`, all at once (so their jobs are in flight together).
    func createPersonas(on servers: [Int], token: String) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for server in servers { group.addTask { try await self.createPersona(on: server, token: token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The process holding the most job leases now, and how many.
    func busiestProcess() throws -> (index: Int, held: Int) {
        let held = try servers.map { server -> Int in
            guard let pid = server.processIdentifier else { return 0 }
            return try count(
                "SELECT count(*) FROM generation_jobs WHERE lease_owner LIKE '%:\(pid):%' AND lease_until IS NOT NULL")
        }
        let busiest = held.indices.max { held[$0] < held[$1] } ?? 0
        return (busiest, held[busiest])
    }

    /// Waits until every persona is ready or failed, asking any live process; their statuses.
    func waitUntilFinished(_ ids: [String], token: String, via server: Int, seconds: Double = 300) async throws
        -> [String: String]
    {
        var statuses: [String: String] = [:]
        try await waitFor("\(ids.count) personas to finish", seconds: seconds) {
            for id in ids where statuses[id] == nil {
                let status = try? await servers[server].decode(
                    PersonaDetail.self, client, .GET, "/api/personas/\(id)", token: token
                ).persona.status
                if let status, status == "ready" || status == "failed" { statuses[id] = status }
            }
            return statuses.count == ids.count
        }
        return statuses
    }

    func stats() async throws -> FakeStats { try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON()) }

    /// One number from the shared database, through psql.
    func count(_ sql: String) throws -> Int {
        let output = try Shell.run("psql", [databaseURL, "-qtAc", sql])
        guard let value = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("not a number from \(sql): \(output)")
        }
        return value
    }

    static let s3Endpoint = ProcessInfo.processInfo.environment["INFLIO_TEST_S3_APP_ENDPOINT"].flatMap {
        $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Portraits in the bucket that no persona_images row names (a write that was refused must not
    /// leave its image behind).
    func orphanPortraits() async throws -> [String] {
        let files = try await bucket.listObjects(prefix: "personas/").map(\.key).filter { $0.contains("/portraits/") }
        let keys = Set(
            try Shell.run(
                "psql", [databaseURL, "-qtAc", "SELECT metadata->>'storageKey' FROM persona_images"]
            ).split(separator: "\n").map(String.init))
        return files.filter { !keys.contains($0) }
    }

    /// Every object in the bucket, and every file the processes wrote under their data folders'
    /// image folders (there must be none: images go to the bucket).
    func storedImages() async throws -> (inBucket: Int, onDisk: [String]) {
        let inBucket = try await bucket.listObjects().count
        let onDisk = servers.indices.flatMap { index -> [String] in
            let root = directory + "/data-\(index)/images"
            return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
                $0.hasSuffix(".jpg") || $0.hasSuffix(".png")
            }
        }
        return (inBucket, onDisk)
    }
}
