import App
import ArgumentParser
import Foundation

/// `inflio funnel`: how far users get through the onboarding, from the funnel events.
struct FunnelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Report the onboarding funnel: users per step, conversion, completion, times, abandonment.")

    @Option(help: "Only users who signed up on or after this date (YYYY-MM-DD, UTC).") var since: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        var start: Date?
        if let since {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            guard let date = formatter.date(from: since) else {
                throw ValidationError("--since takes a date like 2026-12-01.")
            }
            start = date
        }
        let report = try await ServiceApp.with { try await FunnelReport.load(app: $0, since: start) }
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.text)
        }
    }
}
