import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13, finding 2: without mail to confirm an address, sign-up has to say when one is taken
/// (409 `email_taken`), so how fast one client may ask is bounded: 10 sign-ups or taken-address
/// answers from one address, then 10 an hour. The limiter's clock is stopped.
@Suite struct SignUpThrottlingTests {
    func signUp(_ service: TestService, _ email: String, password: String = "correct horse", from address: String)
        async throws -> ClientResponse
    {
        try await service.send(
            .POST, "/api/auth/signup", headers: ["X-Forwarded-For": address],
            json: ["email": email, "password": password])
    }

    @Test func signUpsAndTakenAddressAnswersFromOneAddressAreBounded() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let prober = "203.0.113.7"
            // Refusals that never looked an address up are not counted.
            for _ in 1...3 {
                let weak = try await signUp(service, "weak@example.com", password: "short", from: prober)
                #expect(weak.status == .badRequest && weak.errorCode == "weak_password", "\(weak.text)")
            }
            let owner = try await signUp(service, "owner@example.com", from: "198.51.100.1")
            #expect(owner.status == .created, "\(owner.text)")
            // Five new accounts and five probes of a taken address: ten answers.
            for n in 1...5 {
                let new = try await signUp(service, "new-\(n)@example.com", from: prober)
                #expect(new.status == .created, "\(new.text)")
                let taken = try await signUp(service, "owner@example.com", from: prober)
                #expect(taken.status == .conflict && taken.errorCode == "email_taken", "\(taken.text)")
            }
            let refused = try await signUp(service, "owner@example.com", from: prober)
            #expect(refused.status == .tooManyRequests && refused.errorCode == "too_many_sign_ups", "\(refused.text)")
            #expect((refused.headers.first(name: .retryAfter).flatMap(Int.init) ?? 0) >= 1)
            let alsoNew = try await signUp(service, "new-6@example.com", from: prober)
            #expect(alsoNew.status == .tooManyRequests, "\(alsoNew.text)")
            #expect(try await User.query(on: service.app.db).count() == 6)

            // Another address is not held up.
            let other = try await signUp(service, "new-7@example.com", from: "198.51.100.2")
            #expect(other.status == .created, "\(other.text)")
        }
    }
}
