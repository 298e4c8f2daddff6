import Foundation

/// A failure the fake injects, from the `X-Fake-Fal-Fault` request header or the
/// `FAKE_FAL_FAULT` environment variable (server-wide). Several may be given, separated by commas:
///
///     <kind>[;times=N][;on=<call>][;key=<name>]
///
/// - kinds that shape the HTTP answer to the call they arrive on:
///   `429`, `500`, `502`, `503`, `504` (the flat `{detail, error_type}` body FAL sends), `drop`
///   (the connection closes without an answer), `stall` (no answer at all, until the caller
///   gives up), `stall_after_accept` (the submission is queued and runs, but its answer never
///   comes: the caller cannot know it was accepted; what a crash or a cut connection right
///   after FAL took the job looks like);
/// - kinds that shape the *job* a submission (or stream, or run) starts: `content_policy` (the
///   job completes and its result is a 422 `content_policy_violation`), `completed_error` (it
///   completes, the status carries `error`, and the result is a 500), `hang` (it never finishes
///   until cancelled; a stream goes silent), `webhook_twice` (the webhook is delivered twice).
/// - `times=N`: only the first N matching calls are hit, so a retry then succeeds. Counted per
///   distinct spec text (add `key=` to count two identical specs apart).
/// - `on=`: `submit`, `status`, `result`, `cancel`, `upload`, `stream`, `run`, `any` (default).
public struct FakeFALFault: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case status(Int)
        case drop
        case stall
        case stallAfterAccept
        case contentPolicy
        case completedError
        case hang
        case webhookTwice

        /// Whether the fault shapes the job rather than the HTTP answer.
        var isJobFault: Bool {
            switch self {
            case .contentPolicy, .completedError, .hang, .webhookTwice: true
            case .status, .drop, .stall, .stallAfterAccept: false
            }
        }

        var name: String {
            switch self {
            case .status(let code): String(code)
            case .drop: "drop"
            case .stall: "stall"
            case .stallAfterAccept: "stall_after_accept"
            case .contentPolicy: "content_policy"
            case .completedError: "completed_error"
            case .hang: "hang"
            case .webhookTwice: "webhook_twice"
            }
        }
    }

    public enum Call: String, Sendable, CaseIterable {
        case submit, status, result, cancel, upload, stream, run, any
    }

    public let kind: Kind
    public let times: Int?
    public let on: Call
    /// What the hit counter is kept under.
    let counterKey: String

    public static func parse(_ text: String) -> [FakeFALFault] {
        text.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first?.lowercased() else { return nil }
            let kind: Kind
            switch first {
            case "drop": kind = .drop
            case "stall": kind = .stall
            case "stall_after_accept": kind = .stallAfterAccept
            case "content_policy", "422": kind = .contentPolicy
            case "completed_error": kind = .completedError
            case "hang": kind = .hang
            case "webhook_twice": kind = .webhookTwice
            default:
                guard let code = Int(first), (400...599).contains(code) else { return nil }
                kind = .status(code)
            }
            var times: Int?
            var on = Call.any
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "times": times = Int(pair[1])
                case "on": on = Call(rawValue: pair[1].lowercased()) ?? .any
                default: break
                }
            }
            return FakeFALFault(
                kind: kind, times: times, on: on, counterKey: entry.trimmingCharacters(in: .whitespaces))
        }
    }

    func applies(to call: Call) -> Bool { on == .any || on == call }
}
