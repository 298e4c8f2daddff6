import App
import ArgumentParser
import Foundation

/// `inflio audit`: the security audit log (sign-ins, failures, throttling, tokens, deletions,
/// quotas and cross-site refusals), newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the security audit log, newest first.",
        discussion: "Kinds: \(AuditReport.kinds.joined(separator: ", ")).")

    @Option(help: "Only events of this kind.") var kind: String?
    @Option(help: "Only events naming this account (email).") var account: String?
    @Option(help: "At most this many events.") var limit = 50
    @Flag(help: "Print JSON instead of lines.") var json = false

    func validate() throws {
        if let kind, !AuditReport.kinds.contains(kind) {
            throw ValidationError("No kind \(kind); use one of: \(AuditReport.kinds.joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let report = try await ServiceApp.with {
            try await AuditReport.load(app: $0, kind: kind, account: account, limit: limit)
        }
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.text)
        }
    }
}
