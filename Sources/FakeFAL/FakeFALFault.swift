import Foundation

/// A failure the fake injects, from the `X-Fake-Fal-Fault` request header or the
/// `FAKE_FAL_FAULT` environment variable (server-wide). Several may be given, separated by commas:
///
///     <kind>[;times=N][;on=<call>][;seconds=S][;key=<name>]
///
/// - kinds that shape the HTTP answer to the call they arrive on:
///   `429`, `500`, `502`, `503`, `504` (the flat `{detail, error_type}` body FAL sends, with error
///   types from FAL's table only), `status_500` (a 500 on status polls: `500;on=status`),
///   `network_gap;seconds=S` (every status poll in the S seconds from the first one hit loses
///   its connection), `drop` (the connection closes without an answer), `stall` (no answer at
///   all, until the caller gives up), `stall_after_accept` (the submission is queued and runs,
///   but its answer never comes: the caller cannot know it was accepted; what a crash or a cut
///   connection right after FAL took the job looks like), `upload_token_unavailable` (the CDN
///   token for uploads cannot be had; the `initiate` upload still works), `jwks_minimal` (the
///   JWKS lists its keys with only `x`; server-wide only, since a JWKS fetch carries no fault
///   header), `content_policy_at_submit` (the submission itself is refused with FAL's 422
///   `content_policy_violation`, no job started: the other reading of when FAL's checker runs);
/// - kinds that shape the *job* a submission (or stream, or run) starts: `content_policy` (the
///   job completes and its result is a 422 `content_policy_violation`), `completed_error` (it
///   completes, the status carries `error`, and the result is a 500), `retryable_error` (it
///   fails with a 500 marked `X-Fal-Retryable: true`: submitting again may work), `request_lost`
///   (the queue answers with an id and then forgets it: 404 for its status, result and cancel;
///   never run, never charged), `hang` (it never finishes; a cancel while it runs ends it; a
///   stream goes silent), `webhook_twice` (the webhook is delivered twice), `webhook_gateway_id`
///   (the webhook's `X-Fal-Webhook-Request-Id` names another id than the body's `request_id`, as
///   after FAL's own retries), `stream_error_event` (a stream's error comes as `event: error`
///   rather than as a plain data event), `other_person;photo=PATH` (the portrait is rendered from
///   the photo at PATH, someone else's, instead of the references: an off-identity result),
///   `warp;likeness=D` (the rendered portrait is stretched in height until its face is about D,
///   0.55 by default, from the references' centroid (a service's identity, the mean of all the
///   person's photos, sits a few hundredths closer: about 0.5, mid-band of a weak likeness): the person, but a face that looks a little
///   different; `warp;stretch=S` stretches by S instead), `fewer_images;count=N` (the job
///   answers with only its first N pictures, 1 by default, whatever `num_images` asked: FAL's
///   schema does not promise as many as asked).
/// - `times=N`: only the first N matching calls are hit, so a retry then succeeds. Counted per
///   distinct spec text (add `key=` to count two identical specs apart).
/// - `model=`: only calls that start a job of this model (`model=fal-ai/gpt-image-1.5/edit`).
/// - `on=`: `submit`, `status`, `result`, `cancel`, `upload`, `upload_token`, `stream`, `run`,
///   `jwks` or `any` (the default, except for the kinds that name their call).
public struct FakeFALFault: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case status(Int)
        case networkGap(seconds: Double)
        case drop
        case stall
        case stallAfterAccept
        case uploadTokenUnavailable
        case jwksMinimal
        case contentPolicy
        case contentPolicyAtSubmit
        case completedError
        case retryableError
        case requestLost
        case hang
        case webhookTwice
        case webhookGatewayId
        case streamErrorEvent
        case otherPerson(photo: String)
        case warp(stretch: Double?, likeness: Double?)
        case fewerImages(count: Int)

        /// Whether the fault shapes the job rather than the HTTP answer.
        var isJobFault: Bool {
            switch self {
            case .contentPolicy, .completedError, .retryableError, .requestLost, .hang, .webhookTwice,
                .webhookGatewayId, .streamErrorEvent, .otherPerson, .warp, .fewerImages:
                true
            case .status, .networkGap, .drop, .stall, .stallAfterAccept, .uploadTokenUnavailable, .jwksMinimal,
                .contentPolicyAtSubmit:
                false
            }
        }

        /// Whether the fault answers the call instead of the fake (no job starts).
        var answersTheCall: Bool {
            switch self {
            case .status, .networkGap, .drop, .stall, .uploadTokenUnavailable, .contentPolicyAtSubmit: true
            default: false
            }
        }

        /// The only call a kind can hit, for those that have one.
        var ownCall: Call? {
            switch self {
            case .uploadTokenUnavailable: .uploadToken
            case .jwksMinimal: .jwks
            case .contentPolicyAtSubmit: .submit
            default: nil
            }
        }

        var name: String {
            switch self {
            case .status(let code): String(code)
            case .networkGap: "network_gap"
            case .drop: "drop"
            case .stall: "stall"
            case .stallAfterAccept: "stall_after_accept"
            case .uploadTokenUnavailable: "upload_token_unavailable"
            case .jwksMinimal: "jwks_minimal"
            case .contentPolicy: "content_policy"
            case .contentPolicyAtSubmit: "content_policy_at_submit"
            case .completedError: "completed_error"
            case .retryableError: "retryable_error"
            case .requestLost: "request_lost"
            case .hang: "hang"
            case .webhookTwice: "webhook_twice"
            case .webhookGatewayId: "webhook_gateway_id"
            case .streamErrorEvent: "stream_error_event"
            case .otherPerson: "other_person"
            case .warp: "warp"
            case .fewerImages: "fewer_images"
            }
        }
    }

    public enum Call: String, Sendable, CaseIterable {
        case submit, status, result, cancel, upload, stream, run, jwks, any
        case uploadToken = "upload_token"
    }

    public let kind: Kind
    public let times: Int?
    public let on: Call
    /// Only jobs of this model, when given.
    public let model: String?
    /// What the hit counter is kept under.
    let counterKey: String

    public static func parse(_ text: String) -> [FakeFALFault] {
        text.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first?.lowercased() else { return nil }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0].lowercased()] = pair[1] }
            }
            let kind: Kind
            var on = Call.any
            switch first {
            case "drop": kind = .drop
            case "stall": kind = .stall
            case "stall_after_accept": kind = .stallAfterAccept
            case "status_500":
                kind = .status(500)
                on = .status
            case "network_gap":
                kind = .networkGap(seconds: parameters["seconds"].flatMap(Double.init) ?? 10)
                on = .status
            case "upload_token_unavailable": kind = .uploadTokenUnavailable
            case "jwks_minimal": kind = .jwksMinimal
            case "content_policy", "422": kind = .contentPolicy
            case "content_policy_at_submit": kind = .contentPolicyAtSubmit
            case "completed_error": kind = .completedError
            case "retryable_error": kind = .retryableError
            case "request_lost": kind = .requestLost
            case "hang": kind = .hang
            case "webhook_twice": kind = .webhookTwice
            case "webhook_gateway_id": kind = .webhookGatewayId
            case "stream_error_event": kind = .streamErrorEvent
            case "other_person":
                guard let photo = parameters["photo"], !photo.isEmpty else { return nil }
                kind = .otherPerson(photo: photo)
            case "warp":
                let stretch = parameters["stretch"].flatMap(Double.init)
                kind = .warp(
                    stretch: stretch,
                    likeness: parameters["likeness"].flatMap(Double.init) ?? (stretch == nil ? 0.55 : nil))
            case "fewer_images": kind = .fewerImages(count: max(0, parameters["count"].flatMap(Int.init) ?? 1))
            default:
                guard let code = Int(first), (400...599).contains(code) else { return nil }
                kind = .status(code)
            }
            if let call = parameters["on"].flatMap({ Call(rawValue: $0.lowercased()) }) { on = call }
            return FakeFALFault(
                kind: kind, times: parameters["times"].flatMap(Int.init), on: on, model: parameters["model"],
                counterKey: entry.trimmingCharacters(in: .whitespaces))
        }
    }

    func applies(to call: Call) -> Bool {
        if let own = kind.ownCall { return call == own }
        return on == .any || on == call
    }
}
