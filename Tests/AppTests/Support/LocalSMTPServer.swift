import Foundation
import NIOCore
import NIOPosix

@testable import App

/// A real SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd, which scripts/setup.sh
/// installs), storing what it receives in a maildir that the test reads.
struct LocalSMTPServer {
    static let python = "/usr/bin/python3"
    static var available: Bool {
        FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/aiosmtpd/__init__.py")
    }

    struct Mail {
        let recipient: String
        let subject: String
        let body: String
    }

    let port: Int
    let maildir: String
    let process: Process

    static func start() async throws -> LocalSMTPServer {
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress?.port ?? 0
        try await probe.close()
        let maildir = NSTemporaryDirectory() + "inflio-smtp-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir,
        ]
        try process.run()
        let server = LocalSMTPServer(port: port, maildir: maildir, process: process)
        for _ in 0..<100 {
            if (try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get().close()) != nil
            {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw TestFailure("aiosmtpd did not open 127.0.0.1:\(port)")
    }

    func stop() {
        // aiosmtpd's event loop does not stop on SIGTERM; and Foundation's waitUntilExit spins
        // until the child has gone, so it must go at once.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: maildir)
    }

    /// The mails received so far.
    func mails() -> [Mail] {
        let directory = (maildir as NSString).appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            guard
                let text = try? String(
                    contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8)
            else { return nil }
            return Self.parse(text)
        }
    }

    /// Waits until `count` mails have arrived (they leave after the answer) and returns them.
    func waitForMails(_ count: Int, seconds: Double = 30) async throws -> [Mail] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let received = mails()
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("\(mails().count) of \(count) mails arrived")
    }

    /// Headers, a blank line, then the body in base64 (as MailMessage writes it).
    static func parse(_ text: String) -> Mail? {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard let split = normalised.range(of: "\n\n") else { return nil }
        var headers: [String: String] = [:]
        for line in normalised[..<split.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let encoded = normalised[split.upperBound...].split(separator: "\n").joined()
        guard let data = Data(base64Encoded: encoded), let body = String(data: data, encoding: .utf8) else {
            return nil
        }
        return Mail(
            recipient: headers["x-rcptto"] ?? headers["to"] ?? "", subject: headers["subject"] ?? "", body: body)
    }
}

extension TestService {
    /// A service with mail configured, sending to a fresh aiosmtpd; both stopped after `body`.
    /// Links in mails point to `http://127.0.0.1:9/` (the tests read the token from them).
    static func withMail(
        _ database: TestDatabase = .sqlite, _ body: (TestService, LocalSMTPServer) async throws -> Void
    ) async throws {
        let smtp = try await LocalSMTPServer.start()
        defer { smtp.stop() }
        let service = try await TestService.start(database) { config in
            config.mail = MailSettings(host: "127.0.0.1", port: smtp.port, from: "inflio@example.test")
            config.publicURL = URL(string: "http://127.0.0.1:9/")
        }
        do {
            try await body(service, smtp)
            await service.stop()
        } catch {
            await service.stop()
            throw error
        }
    }
}
