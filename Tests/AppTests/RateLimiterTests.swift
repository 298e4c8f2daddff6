import Foundation
import Testing
import Vapor

@testable import App

/// The one limiter's arithmetic, on a clock the test moves.
@Suite struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ServiceError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func aBurstIsAllowedThenThePace() throws {
        let limiter = RateLimiter(enabled: true)
        let rule = RateLimiter.Family.captureCheck.perUser
        for _ in 0..<Int(rule.burst) { try limiter.take(.captureCheck, user: "u", ip: nil, now: start) }
        #expect(code { try limiter.take(.captureCheck, user: "u", ip: nil, now: start) } == "rate_limited")
        // One token comes back after 1/perSecond seconds.
        let later = start.addingTimeInterval(1 / rule.perSecond)
        #expect(code { try limiter.take(.captureCheck, user: "u", ip: nil, now: later) } == nil)
        #expect(code { try limiter.take(.captureCheck, user: "u", ip: nil, now: later) } == "rate_limited")
    }

    @Test func theRefusalSaysWhenToComeBack() throws {
        let limiter = RateLimiter(enabled: true)
        for _ in 0..<25 { try limiter.take(.draftPhoto, user: "u", ip: nil, now: start) }
        do {
            try limiter.take(.draftPhoto, user: "u", ip: nil, now: start)
            Issue.record("the 26th photo at once was taken")
        } catch let error as ServiceError {
            #expect(error.status == .tooManyRequests && error.retryAfter == 1)
        }
    }

    /// Many users behind one address share its (looser) allowance; a refusal takes no token.
    @Test func anAddressIsCountedAcrossUsers() throws {
        let limiter = RateLimiter(enabled: true)
        let family = RateLimiter.Family.captureCheck
        let perIP = Int(family.perIP.burst)
        var taken = 0
        for user in 0..<perIP {
            if code({ try limiter.take(family, user: "u\(user)", ip: "10.0.0.1", now: start) }) == nil { taken += 1 }
        }
        #expect(taken == perIP)
        #expect(code { try limiter.take(family, user: "fresh", ip: "10.0.0.1", now: start) } == "rate_limited")
        // The refused request did not use the fresh user's own allowance.
        for _ in 0..<Int(family.perUser.burst) {
            try limiter.take(family, user: "fresh", ip: "10.0.0.2", now: start)
        }
    }

    @Test func offMeansOff() throws {
        let limiter = RateLimiter(enabled: false)
        for _ in 0..<1000 { try limiter.take(.captureCheck, user: "u", ip: "1.2.3.4", now: start) }
    }

    /// Idle (full) buckets are dropped past the bound: memory does not grow with callers.
    @Test func idleBucketsArePruned() throws {
        let limiter = RateLimiter(enabled: true, pruneAbove: 100)
        for n in 0..<500 {
            try limiter.take(.captureCheck, user: "u\(n)", ip: nil, now: start.addingTimeInterval(Double(n) * 10))
        }
        #expect(limiter.bucketCount <= 101)
    }

    /// Behind a trusted proxy the client is the last hop the proxy did not add; from anyone else
    /// the header is ignored (a client could write anything there).
    @Test func theClientAddressIsTheForwardedOneOnlyFromATrustedProxy() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.9"]
        #expect(
            Request.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"], trusted: trusted) == "203.0.113.7")
        // A client's own (spoofed) entries come first; the proxy appends what it saw.
        #expect(
            Request.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.1.1.1, 203.0.113.7"], trusted: trusted)
                == "203.0.113.7")
        #expect(
            Request.clientAddress(peer: "10.0.0.9", forwardedFor: ["203.0.113.7", "127.0.0.1"], trusted: trusted)
                == "203.0.113.7")
        #expect(
            Request.clientAddress(peer: "198.51.100.2", forwardedFor: ["1.1.1.1"], trusted: trusted) == "198.51.100.2")
        #expect(Request.clientAddress(peer: "127.0.0.1", forwardedFor: [], trusted: trusted) == "127.0.0.1")
        #expect(Request.clientAddress(peer: nil, forwardedFor: ["1.1.1.1"], trusted: trusted) == nil)
    }

    @Test func theEnvironmentTurnsItOff() throws {
        #expect(try ServiceConfig.fromEnvironment(["INFLIO_RATE_LIMITS": "off"]).rateLimits == false)
        #expect(try ServiceConfig.fromEnvironment([:]).rateLimits == true)
        #expect(try ServiceConfig.fromEnvironment(["INFLIO_DRAFT_LIFETIME_HOURS": "2"]).draftLifetime == 7200)
        #expect(try ServiceConfig.fromEnvironment([:]).trustedProxies == ["127.0.0.1", "::1"])
        #expect(try ServiceConfig.fromEnvironment(["INFLIO_TRUSTED_PROXIES": "none"]).trustedProxies.isEmpty)
        #expect(
            try ServiceConfig.fromEnvironment(["INFLIO_TRUSTED_PROXIES": "10.0.0.9, ::1"]).trustedProxies == [
                "10.0.0.9", "::1",
            ])
    }
}
