import FAL
import Foundation
import NIOCore
import TestSupport
import Testing
import Vapor

/// Issue 14: several `inflio serve` processes on one PostgreSQL share the portrait jobs safely.
/// Each test starts real processes (TestCluster) against the fake FAL, which counts what would
/// be paid for: exactly five submissions per persona, whatever happens to the processes.
@Suite(
    .enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"),
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL"),
    .enabled(if: TestCluster.s3Endpoint != nil, "needs an S3 server (scripts/s3-server.sh --instance app)"),
    .serialized)
struct ClusterTests {
    static let model = FALModel.nanoBananaProEdit

    /// Twenty personas created round-robin on two, then three processes: all ready, each portrait
    /// paid for once, and the work spread over the processes.
    @Test(arguments: [2, 3]) func processesShareTheWork(processes: Int) async throws {
        let cluster = try await TestCluster(processes: processes, latency: 1)
        try await cluster.run {
            let token = try await cluster.signUp()
            let count = 20
            var ids: [String] = []
            for round in stride(from: 0, to: count, by: processes) {
                // One per process, at once.
                ids += try await cluster.createPersonas(
                    on: Array(0..<min(processes, count - round)), token: token)
            }
            let statuses = try await cluster.waitUntilFinished(ids, token: token, via: processes - 1)
            #expect(statuses.values.allSatisfy { $0 == "ready" }, "\(statuses)")
            let stats = try await cluster.stats()
            #expect(stats.submissions[Self.model] == 5 * count, "paid once per portrait: \(stats.submissions)")
            #expect(try cluster.count("SELECT count(*) FROM generation_jobs") == 5 * count)
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries") == 5 * count, "one ledger line each")
            let owners = try cluster.count("SELECT count(DISTINCT lease_owner) FROM generation_jobs")
            #expect(owners >= 2, "jobs ran on \(owners) process(es)")
            // Every image (photos and portraits) in the bucket, none on any process's disk.
            let images = try cluster.count("SELECT count(*) FROM persona_images")
            let stored = try await cluster.storedImages()
            #expect(stored.inBucket == images && stored.onDisk.isEmpty, "\(stored.inBucket) objects, \(images) rows")
        }
    }

    /// SIGKILL of a process that holds submitted jobs: the survivors take them over once their
    /// leases expire, resume the stored requests, and submit nothing twice.
    @Test func aKilledProcessesJobsAreTakenOverWithoutPayingTwice() async throws {
        let cluster = try await TestCluster(processes: 3, latency: 12)
        try await cluster.run {
            let token = try await cluster.signUp()
            let ids = try await cluster.createPersonas(on: [0, 1, 2, 0], token: token)
            try await waitFor("every portrait submitted", seconds: 120) {
                (try await cluster.stats().submissions[Self.model] ?? 0) == 20
            }
            let (victim, held) = try cluster.busiestProcess()
            #expect(held > 0, "the killed process held jobs")
            cluster.servers[victim].kill()
            let survivor = (victim + 1) % 3
            let statuses = try await cluster.waitUntilFinished(ids, token: token, via: survivor)
            #expect(statuses.values.allSatisfy { $0 == "ready" }, "\(statuses)")
            let stats = try await cluster.stats()
            #expect(stats.submissions[Self.model] == 20, "resumed, not submitted again: \(stats.submissions)")
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries") == 20)
            #expect(
                try cluster.count("SELECT count(*) FROM generation_jobs WHERE lease_version >= 2") >= held,
                "the held jobs were claimed again")
            #expect(try await cluster.orphanPortraits().isEmpty)
        }
    }

    /// SIGKILL of a process waiting on FAL for designs (issue 15): four variations, one request
    /// for four pictures, waited on by one process or both; the other process claims the killed one's
    /// versions once their leases expire, resumes the stored request, and FAL is paid once (a
    /// line of one picture for each variation).
    @Test func aKilledProcessesDesignIsResumedElsewhereWithoutPayingTwice() async throws {
        let cluster = try await TestCluster(processes: 2, latency: 10)
        try await cluster.run {
            let token = try await cluster.signUp()
            let persona = try await cluster.createPersona(on: 0, token: token)
            _ = try await cluster.waitUntilFinished([persona], token: token, via: 0)
            let created = try await cluster.servers[0].send(
                cluster.client, .POST, "/api/designs", token: token,
                body: ByteBuffer(
                    string:
                        #"{"prompt":"me, friendly, title 'Resumed'","format":"youtube-thumbnail","variations":4}"#),
                contentType: .json)
            #expect(created.status == .accepted)
            let gpt = FALModel.gptImage15Edit
            try await waitFor("the four variations submitted to FAL as one request", seconds: 60) {
                try cluster.count("SELECT count(*) FROM design_versions WHERE provider_request IS NOT NULL") == 4
            }
            try await waitFor("a process waiting on it", seconds: 30) {
                try cluster.count("SELECT count(*) FROM design_versions WHERE state = 'rendering'") > 0
            }
            let holder = try cluster.servers.indices.first { index in
                guard let pid = cluster.servers[index].processIdentifier else { return false }
                return try cluster.count(
                    "SELECT count(*) FROM design_versions WHERE lease_owner LIKE '%:\(pid):%' AND state = 'rendering'")
                    > 0
            }
            let victim = try #require(holder, "a process holds a variation")
            cluster.servers[victim].kill()
            try await waitFor("the variations made by the other process", seconds: 180) {
                try cluster.count("SELECT count(*) FROM design_versions WHERE state = 'ready'") == 4
            }
            let stats = try await cluster.stats()
            #expect(stats.submissions[gpt] == 1, "resumed, not submitted again: \(stats.submissions)")
            #expect(
                try cluster.count(
                    "SELECT count(*) FROM ledger_entries WHERE model = '\(gpt)' AND outcome = 'succeeded'")
                    == 4)
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries WHERE model = '\(gpt)'") == 4)
            #expect(
                try cluster.count("SELECT count(DISTINCT request_id) FROM ledger_entries WHERE model = '\(gpt)'") == 1)
            // Each its own picture of the request: four different pictures.
            let ids = try TypedJSON.decode(
                DesignStudioTests.Designs.self, from: created.body.map { Array($0.readableBytesView) } ?? []
            ).designs.map(\.id)
            var pictures: Set<[UInt8]> = []
            for id in ids {
                let design = try await cluster.servers[1 - victim].decode(
                    DesignStudioTests.Body.self, cluster.client, .GET, "/api/designs/\(id)", token: token)
                let url = try #require(design.versions.first?.imageUrl)
                let image = try await cluster.servers[1 - victim].send(cluster.client, .GET, url, token: token)
                pictures.insert(image.body.map { Array($0.readableBytesView) } ?? [])
            }
            #expect(pictures.count == 4, "four different pictures")
        }
    }

    /// SIGSTOP past the lease, then SIGCONT: another process has taken the paused one's jobs over,
    /// and whatever the paused one then tries to write is refused (fencing); nothing is paid or
    /// stored twice.
    @Test func aPausedProcessCannotOverwriteItsSuccessor() async throws {
        let cluster = try await TestCluster(processes: 2, latency: 8)
        try await cluster.run {
            let token = try await cluster.signUp()
            let ids = try await cluster.createPersonas(on: [0, 1, 0], token: token)
            try await waitFor("every portrait submitted", seconds: 120) {
                (try await cluster.stats().submissions[Self.model] ?? 0) == 15
            }
            let (paused, held) = try cluster.busiestProcess()
            #expect(held > 0, "the paused process held jobs")
            cluster.servers[paused].pause()
            // Past the lease, and past the fake's latency: the successor finishes them meanwhile.
            try await Task.sleep(for: .seconds(TestCluster.leaseSeconds * 3 + 8))
            cluster.servers[paused].resume()
            let statuses = try await cluster.waitUntilFinished(ids, token: token, via: 1 - paused)
            #expect(statuses.values.allSatisfy { $0 == "ready" }, "\(statuses)")
            // Give the resumed process time to try its stale writes.
            try await Task.sleep(for: .seconds(TestCluster.leaseSeconds))
            let stats = try await cluster.stats()
            #expect(stats.submissions[Self.model] == 15, "\(stats.submissions)")
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries") == 15)
            let portraits = try cluster.count(
                "SELECT count(*) FROM persona_images WHERE metadata->>'jobID' IS NOT NULL")
            let finished = try cluster.count("SELECT count(*) FROM generation_jobs WHERE portrait_image_id IS NOT NULL")
            #expect(portraits == finished, "one image per job: \(portraits) images, \(finished) jobs")
            #expect(try await cluster.orphanPortraits().isEmpty)
            let log = (try? String(contentsOfFile: cluster.servers[paused].logFile!, encoding: .utf8)) ?? ""
            #expect(log.contains("lease lost") || log.contains("lease was taken over"), "the paused process noticed")
        }
    }

    /// PostgreSQL restarted (fast mode: every session ended) while two processes have portraits
    /// in flight: they reconnect, the jobs cut off are claimed again after their leases and
    /// resumed by their stored requests; every persona ready, each portrait paid for once. On a
    /// PostgreSQL cluster of its own (port 5499), so the other suites' server stays up.
    @Test func processesOutliveAPostgreSQLRestart() async throws {
        let script = Self.repository + "/scripts/postgres.sh"
        let server = try Shell.runDetached(
            "bash", [script, "--cluster", "inflio_restart", "--port", "5499", "--drop-test-databases"])
        defer {
            _ = try? Shell.runDetached("bash", [script, "--cluster", "inflio_restart", "--port", "5499", "--stop"])
        }
        let cluster = try await TestCluster(processes: 2, latency: 8, database: server)
        try await cluster.run {
            let token = try await cluster.signUp()
            let ids = try await cluster.createPersonas(on: [0, 1, 0, 1], token: token)
            // Every portrait submitted and its request id saved, so the restart cuts off waits and
            // verdicts: a restart between a submission and the save of its id would make it a
            // lost submission, submitted again (and paid twice) without webhooks, by design.
            try await waitFor("every portrait submitted and saved", seconds: 120) {
                try cluster.count("SELECT count(*) FROM generation_jobs WHERE request_id IS NOT NULL") == 20
            }
            try Shell.runDetached("bash", [script, "--cluster", "inflio_restart", "--port", "5499", "--restart"])
            let statuses = try await cluster.waitUntilFinished(ids, token: token, via: 1)
            #expect(statuses.values.allSatisfy { $0 == "ready" }, "\(statuses)")
            let stats = try await cluster.stats()
            #expect(stats.submissions[Self.model] == 20, "resumed, not submitted again: \(stats.submissions)")
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries") == 20)
            #expect(try cluster.count("SELECT count(*) FROM generation_jobs") == 20)
            #expect(try await cluster.orphanPortraits().isEmpty)
            // The processes are still serving.
            for process in cluster.servers {
                #expect(try await process.send(cluster.client, .GET, "/api/personas", token: token).status == .ok)
            }
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// FAL's webhook reaches the process the load balancer picks, not the one whose portrait
    /// waits on it: here process 0 runs no jobs and receives every webhook, 1 and 2 run the jobs
    /// and poll FAL only every ten minutes, so a persona that finishes was woken across
    /// processes. A processed webhook re-delivered to either other process answers 200 and
    /// changes nothing.
    @Test func webhooksWakeJobsOnOtherProcesses() async throws {
        let cluster = try await TestCluster(processes: 3, latency: 1, noWorker: [0], webhooksTo: 0)
        try await cluster.run {
            let token = try await cluster.signUp()
            let ids = try await cluster.createPersonas(on: [0, 1, 2], token: token)
            let statuses = try await cluster.waitUntilFinished(ids, token: token, via: 1, seconds: 240)
            #expect(statuses.values.allSatisfy { $0 == "ready" }, "\(statuses)")
            let stats = try await cluster.stats()
            #expect(stats.submissions[Self.model] == 15, "\(stats.submissions)")
            #expect(stats.webhooks.delivered == 15 && stats.webhooks.failed == 0, "\(stats.webhooks)")
            let pid = try #require(cluster.servers[0].processIdentifier)
            #expect(try cluster.count("SELECT count(*) FROM generation_jobs WHERE lease_owner LIKE '%:\(pid):%'") == 0)

            // The same signed delivery again, to the two processes that did not receive it.
            let request = try #require(stats.requests.first)
            let body = Array(
                #"{"request_id":"\#(request.requestId)","status":"OK","payload":{"images":[]},"error":null}"#.utf8)
            let headers = HTTPHeaders(try cluster.fake.webhookHeaders(requestId: request.requestId, body: body))
            for server in [1, 2] {
                let answer = try await cluster.servers[server].send(
                    cluster.client, .POST, "/api/webhooks/fal", body: ByteBuffer(bytes: body), contentType: .json,
                    headers: headers)
                #expect(answer.status == .ok, "process \(server): \(answer.status)")
            }
            #expect(try cluster.count("SELECT count(*) FROM ledger_entries") == 15)
            #expect(try cluster.count("SELECT count(*) FROM generation_jobs") == 15, "no portrait made again")
            let after = try await cluster.stats()
            let fetches = after.requests.first { $0.requestId == request.requestId }?.resultFetches
            #expect(fetches == request.resultFetches, "the result was not fetched again")
        }
    }

    /// A persona deleted through one process ends its live streams on the others (they would
    /// otherwise wait for events that can no longer come, until the client gave up).
    @Test func aDeletedPersonasStreamsEndOnEveryProcess() async throws {
        let cluster = try await TestCluster(processes: 2, latency: 60, noWorker: [0])
        try await cluster.run {
            let token = try await cluster.signUp()
            let id = try await cluster.createPersona(on: 1, token: token)
            let started = Date()
            let stream = Task {
                try await cluster.servers[0].send(cluster.client, .GET, "/api/personas/\(id)/events", token: token)
            }
            try await waitFor("the stream to be open", seconds: 30) {
                let metrics = try await cluster.servers[0].send(cluster.client, .GET, "/metrics")
                return String(buffer: metrics.body ?? .init()).contains("inflio_event_streams_count 1")
            }
            let deleted = try await cluster.servers[1].send(
                cluster.client, .DELETE, "/api/personas/\(id)", token: token)
            #expect(deleted.status == .ok, "\(deleted.status)")
            let events = ServerSentEvents.parse(String(buffer: try await stream.value.body ?? .init()))
            #expect(Date().timeIntervalSince(started) < 50, "ended by the deletion, not by the portraits")
            #expect(!events.contains { $0.type == "persona_ready" })
        }
    }

    /// A client of process A sees every event of a persona whose portraits process B makes (A
    /// runs no jobs), in order; reconnecting to B with Last-Event-ID loses none.
    @Test func eventsReachStreamsOnEveryProcess() async throws {
        let cluster = try await TestCluster(processes: 2, latency: 1, noWorker: [0])
        try await cluster.run {
            let token = try await cluster.signUp()
            let id = try await cluster.createPersona(on: 0, token: token)
            let stream = try await cluster.servers[0].send(
                cluster.client, .GET, "/api/personas/\(id)/events", token: token)
            let events = ServerSentEvents.parse(String(buffer: stream.body ?? .init()))
            #expect(events.last?.type == "persona_ready", "\(events.map(\.type))")
            let stored = try Shell.run(
                "psql",
                [cluster.databaseURL, "-qtAc", "SELECT id FROM persona_events WHERE persona_id = '\(id)' ORDER BY id"]
            ).split(separator: "\n").compactMap { Int($0) }
            #expect(events.map(\.id) == stored, "every stored event, in order")
            #expect(try cluster.count("SELECT count(DISTINCT lease_owner) FROM generation_jobs") == 1)

            // Reconnect to the other process from the middle.
            let middle = stored[stored.count / 2]
            let rest = try await cluster.servers[1].send(
                cluster.client, .GET, "/api/personas/\(id)/events?lastEventId=\(middle)", token: token)
            let resumed = ServerSentEvents.parse(String(buffer: rest.body ?? .init()))
            #expect(resumed.map(\.id) == stored.filter { $0 > middle })
        }
    }
}
