import Foundation
import Synchronization
import Vapor

/// The service's one rate limiter: a token bucket per route family and per caller, counted both
/// per user and per client IP (a user cannot dodge it with several addresses, nor many accounts
/// with one). A refusal is `429 rate_limited` with `Retry-After` and the family in `details`.
///
/// Behind a reverse proxy the address is the forwarded client's (`Request.clientAddress`).
/// Buckets live in this process's memory: behind several processes each counts its own share,
/// which keeps the bound within processes × the rule. `INFLIO_RATE_LIMITS=off` turns it off (tests,
/// fuzzing, benchmarks).
final class RateLimiter: Sendable {
    /// Up to `burst` at once, then `perSecond` on average.
    struct Rule: Sendable {
        let burst: Double
        let perSecond: Double
    }

    enum Family: String, Sendable {
        /// The capture page's face check: about one frame a second while the camera is open.
        case captureCheck = "capture_check"
        /// Photos added to a draft: a drop of twenty at once, then a steady pace.
        case draftPhoto = "draft_photo"
        /// Sign-in attempts, counted per account (the email) and per address: a token is taken
        /// before the password is checked and given back when it was right, so only failures
        /// count, and parallel guesses cannot all get in before the count (issue 13, finding 1).
        case signIn = "sign_in"
        /// Accounts created from one address, and sign-ups refused because the address is taken:
        /// without mail to confirm an address, sign-up must say when one is taken, so how fast
        /// anyone can ask is what is bounded (issue 13, finding 2). Counted per client address only.
        case signUp = "sign_up"
        /// Password-reset mails asked for, per address asked about and per client address: every
        /// ask mails someone, so the bound keeps the service from being a way to flood a mailbox.
        case passwordReset = "password_reset"
        /// Account exports: each reads every image of the account.
        case export
        /// Brand-guideline PDFs read: each runs poppler's programs for up to a few seconds.
        case brandExtract = "brand_extract"
        /// Design versions asked for (create, variations, refine): each renders a picture and,
        /// with a model, costs money.
        case design

        /// "User" is the signed-in user, or for sign-in the account asked for.
        var perUser: Rule {
            switch self {
            case .captureCheck: Rule(burst: 5, perSecond: 2)
            case .draftPhoto: Rule(burst: 25, perSecond: 1)
            // 10 failures, then one more every 90 s: 10 in 15 minutes.
            case .signIn: Rule(burst: 10, perSecond: 10.0 / 900)
            case .signUp: Rule(burst: 10, perSecond: 10.0 / 3600)
            // 3 links at once, then 3 an hour.
            case .passwordReset: Rule(burst: 3, perSecond: 3.0 / 3600)
            // 3 at once, then 3 an hour.
            case .export: Rule(burst: 3, perSecond: 3.0 / 3600)
            // 10 at once (a user trying a few exports of their guideline), then 20 an hour.
            case .brandExtract: Rule(burst: 10, perSecond: 20.0 / 3600)
            // 20 at once (a burst of refinements), then 120 an hour.
            case .design: Rule(burst: 20, perSecond: 120.0 / 3600)
            }
        }

        /// Several people may share an address (an office, a NAT): looser than per user.
        var perIP: Rule {
            switch self {
            case .signIn: Rule(burst: 30, perSecond: 30.0 / 900)
            // 10 accounts at once from one address (a team signing up together), then 10 an hour.
            case .signUp: Rule(burst: 10, perSecond: 10.0 / 3600)
            case .passwordReset: Rule(burst: 10, perSecond: 10.0 / 3600)
            default: Rule(burst: perUser.burst * 4, perSecond: perUser.perSecond * 4)
            }
        }

        /// The refusal's code and words.
        func refusal(_ seconds: Int) -> (code: String, message: String) {
            let wait = "\(seconds) second\(seconds == 1 ? "" : "s")"
            switch self {
            case .signIn:
                return ("too_many_sign_in_attempts", "Too many failed sign-ins. Try again in \(wait).")
            case .signUp:
                return ("too_many_sign_ups", "Too many sign-ups from your network. Try again in \(wait).")
            case .passwordReset:
                return ("too_many_reset_requests", "Too many password reset requests. Try again in \(wait).")
            default: return ("rate_limited", "Too many requests of this kind. Try again in \(wait).")
            }
        }
    }

    private struct Key: Hashable {
        let family: Family
        let scope: String
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let enabled: Bool
    private let buckets = Mutex<[Key: Bucket]>([:])
    /// Beyond this many buckets, full (idle) ones are dropped: memory stays bounded.
    private let pruneAbove: Int

    init(enabled: Bool, pruneAbove: Int = 10_000) {
        self.enabled = enabled
        self.pruneAbove = pruneAbove
    }

    /// A clock tests can stop, so that a burst is a burst however slow the machine is.
    private let frozenAt = Mutex<Date?>(nil)
    func freeze(at date: Date?) { frozenAt.withLock { $0 = date } }

    /// Takes one token from the user's and the IP's bucket, or throws 429 without taking any.
    func take(_ family: Family, user: String?, ip: String?, now given: Date? = nil) throws {
        guard enabled else { return }
        let now = given ?? frozenAt.withLock { $0 } ?? Date()
        var keys: [(Key, Rule)] = []
        if let user { keys.append((Key(family: family, scope: "user:\(user)"), family.perUser)) }
        if let ip { keys.append((Key(family: family, scope: "ip:\(ip)"), family.perIP)) }
        let wait = buckets.withLock { buckets -> Double in
            var refilled: [(Key, Bucket)] = []
            var longest = 0.0
            for (key, rule) in keys {
                var bucket = buckets[key] ?? Bucket(tokens: rule.burst, updated: now)
                let elapsed = max(0, now.timeIntervalSince(bucket.updated))
                bucket.tokens = min(rule.burst, bucket.tokens + elapsed * rule.perSecond)
                bucket.updated = now
                if bucket.tokens < 1 { longest = max(longest, (1 - bucket.tokens) / rule.perSecond) }
                refilled.append((key, bucket))
            }
            for (key, var bucket) in refilled {
                if longest == 0 { bucket.tokens -= 1 }
                buckets[key] = bucket
            }
            if buckets.count > pruneAbove { Self.prune(&buckets, now: now) }
            return longest
        }
        guard wait > 0 else { return }
        let seconds = max(1, Int(wait.rounded(.up)))
        let refusal = family.refusal(seconds)
        var error = ServiceError(
            .tooManyRequests, refusal.code, refusal.message,
            details: .object(["family": .string(family.rawValue), "retryAfterSeconds": .number(Double(seconds))]))
        error.retryAfter = seconds
        throw error
    }

    /// Gives back the token a request took (a sign-in that turned out right).
    func refund(_ family: Family, user: String?, ip: String?) {
        guard enabled else { return }
        buckets.withLock { buckets in
            for (key, rule) in [
                (user.map { Key(family: family, scope: "user:\($0)") }, family.perUser),
                (ip.map { Key(family: family, scope: "ip:\($0)") }, family.perIP),
            ] {
                guard let key, var bucket = buckets[key] else { continue }
                bucket.tokens = min(rule.burst, bucket.tokens + 1)
                buckets[key] = bucket
            }
        }
    }

    private static func prune(_ buckets: inout [Key: Bucket], now: Date) {
        buckets = buckets.filter { key, bucket in
            let rule = key.scope.hasPrefix("ip:") ? key.family.perIP : key.family.perUser
            return bucket.tokens + now.timeIntervalSince(bucket.updated) * rule.perSecond < rule.burst
        }
    }

    var bucketCount: Int { buckets.withLock { $0.count } }
}

extension Request {
    /// Takes a token for this request's user and client address, or throws 429.
    func rateLimit(_ family: RateLimiter.Family) throws {
        try inflio.limiter.take(family, user: auth.get(AuthenticatedUser.self)?.id, ip: clientAddress)
    }

    /// The client's address. Behind a trusted reverse proxy (`INFLIO_TRUSTED_PROXIES`, loopback by
    /// default: the proxy that terminates TLS on the same host) every request comes from the proxy,
    /// so the client is the last `X-Forwarded-For` hop the proxy did not add itself; a client
    /// cannot spoof it, since the proxy appends the address it saw.
    var clientAddress: String? {
        Self.clientAddress(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
            trusted: inflio.config.trustedProxies)
    }

    static func clientAddress(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.reversed().first { !$0.isEmpty && !trusted.contains($0) } ?? peer
    }
}
