import Foundation
import NIOCore
import Vapor

/// A real `inflio serve` process for the service benchmark, spoken to over loopback HTTP.
final class BenchServer: @unchecked Sendable {
    let port: Int
    let dataDirectory: String
    let extraEnvironment: [String: String]
    private let process = Process()

    let client: HTTPClient

    /// `client`: the shared one keeps a few connections per host, enough for the service bench;
    /// the FAL bench, with 50 requests open at once, passes `BenchServer.wideClient`.
    init(port: Int, dataDirectory: String, environment: [String: String] = [:], client: HTTPClient = .shared) throws {
        self.client = client
        self.port = port
        self.dataDirectory = dataDirectory
        self.extraEnvironment = environment
    }

    var pid: Int32 { process.processIdentifier }

    static let wideClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 128)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func start() async throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = ["serve", "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INFLIO_DATA_DIR"] = dataDirectory
        // The benchmarks load the service on purpose: one account starts fifty personas at once.
        environment["INFLIO_QUOTAS"] = "off"
        environment.merge(extraEnvironment) { $1 }
        process.environment = environment
        // The server's log, kept beside its data folder (which `stop` removes) for a failed run.
        FileManager.default.createFile(atPath: dataDirectory + ".log", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: dataDirectory + ".log") ?? FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if (try? await send(.GET, "/health").status) == .ok { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ValidationError("the server did not start")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    struct Reply {
        let status: HTTPResponseStatus
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var personaID: String? {
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]).flatMap {
                ($0["persona"] as? [String: Any])?["id"] as? String
            }
        }
    }

    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, body: [UInt8]? = nil, contentType: String? = nil
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if let contentType { headers.add(name: .contentType, value: contentType) }
        let request = try HTTPClient.Request(
            url: url(path), method: method, headers: headers, body: body.map { .bytes($0) })
        let response = try await client.execute(request: request, deadline: NIODeadline.now() + TimeAmount.minutes(10))
            .get()
        return Reply(status: response.status, body: response.body.map { Array($0.readableBytesView) } ?? [])
    }

    func signUp() async throws -> String {
        let body = Array(
            #"{"email":"bench-\#(UUID().uuidString.prefix(8))@example.com","password":"bench password"}"#.utf8)
        let reply = try await send(.POST, "/api/auth/signup", body: body, contentType: "application/json")
        guard
            let token = ((try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any])?["token"]
                as? String
        else {
            throw ValidationError("sign-up failed: \(reply.text)")
        }
        // Every account accepts the face-data notice before its first persona.
        let consent = try await send(
            .POST, "/api/onboarding/consent", token: token, body: Array(#"{"accepted":true}"#.utf8),
            contentType: "application/json")
        guard consent.status == .ok else { throw ValidationError("consent failed: \(consent.text)") }
        return token
    }

    func createPersona(token: String, photos: [String], wait: Bool) async throws -> Reply {
        let boundary = "bench-\(UUID().uuidString)"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nBench\r\n".utf8)
        for path in photos {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"\((path as NSString).lastPathComponent)\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    .utf8)
            body += [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await send(
            .POST, "/api/personas/create" + (wait ? "?wait=true" : ""), token: token, body: body,
            contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Resident and peak resident memory of the server process (Linux /proc).
    func residentMB() -> Double { statusField("VmRSS") }

    /// CPU seconds the server has used so far (user + system, from /proc/<pid>/stat).
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ")
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds this process (the bench: clients, and the fake when it runs here) has used.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
    func peakMB() -> Double { statusField("VmHWM") }

    private func statusField(_ name: String) -> Double {
        Double(ProcStatus.kilobytes(pid: "\(pid)")[name] ?? 0) / 1024
    }

    struct Latencies {
        var milliseconds: [Double]
        var errors: Int
        var count: Int { milliseconds.count + errors }
        func percentile(_ p: Double) -> Double {
            let sorted = milliseconds.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted[
                min(
                    sorted.count - 1,
                    Int((Double(sorted.count) * p).rounded(.up)) - 1 < 0
                        ? 0 : Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
    }

    /// Sends `perSecond` requests each second, on a fixed schedule (not waiting for answers), and
    /// times each one: the latency a steady load sees, which a closed-loop tool like wrk cannot show.
    func pacedLatencies(path: String, token: String, perSecond: Int, seconds: Int) async throws -> Latencies {
        let total = perSecond * seconds
        let interval = 1.0 / Double(perSecond)
        let start = DispatchTime.now().uptimeNanoseconds
        return await withTaskGroup(of: Double?.self) { group in
            for i in 0..<total {
                group.addTask {
                    let due = start + UInt64(Double(i) * interval * 1e9)
                    let now = DispatchTime.now().uptimeNanoseconds
                    if due > now { try? await Task.sleep(nanoseconds: due - now) }
                    let sent = DispatchTime.now().uptimeNanoseconds
                    guard let reply = try? await self.send(.GET, path, token: token), reply.status == .ok else {
                        return nil
                    }
                    return Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6
                }
            }
            var result = Latencies(milliseconds: [], errors: 0)
            for await latency in group {
                if let latency { result.milliseconds.append(latency) } else { result.errors += 1 }
            }
            return result
        }
    }
}
