import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13, finding 1: sign-in throttled per account and per address, through the one limiter.
/// The limiter's clock is stopped, so the counts do not depend on the machine's speed.
@Suite struct SignInThrottlingTests {
    static let password = "correct horse"

    func login(_ service: TestService, _ email: String, _ password: String) async throws -> ClientResponse {
        try await service.send(.POST, "/api/auth/login", json: ["email": email, "password": password])
    }

    func account(_ service: TestService) async throws -> String {
        let email = "throttle-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await service.signUp(email, consent: false)
        return email
    }

    /// Ten wrong passwords, then even the right one waits: 429 with `Retry-After`.
    @Test func tenFailuresLockTheAccountForAWhile() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let email = try await account(service)
            for n in 1...10 {
                let wrong = try await login(service, email, "wrong guess \(n)")
                #expect(wrong.status == .unauthorized && wrong.errorCode == "invalid_credentials", "attempt \(n)")
            }
            let right = try await login(service, email, Self.password)
            #expect(right.status == .tooManyRequests && right.errorCode == "too_many_sign_in_attempts", "\(right.text)")
            #expect((right.headers.first(name: .retryAfter).flatMap(Int.init) ?? 0) >= 1)
            // Case and spaces do not make another account to guess at.
            let variant = try await login(service, " " + email.uppercased(), "wrong again")
            #expect(variant.status == .tooManyRequests)
            // Another account from the same address still signs in.
            let other = try await account(service)
            #expect(try await login(service, other, Self.password).status == .ok)
            // Ninety seconds later one more attempt is allowed: the right password then works.
            service.app.inflio.limiter.freeze(at: Date().addingTimeInterval(91))
            #expect(try await login(service, email, Self.password).status == .ok)
        }
    }

    /// Twenty guesses at once: no more than ten are checked; the rest are turned away first. Sent
    /// with a client of their own that holds twenty connections and waits long for them (the
    /// shared test client keeps a few, and ten password checks on a loaded machine take a while).
    @Test func parallelGuessesAreCountedBeforeTheyAreChecked() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let email = try await account(service)
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 20)
            configuration.timeout = .init(connect: .seconds(120), read: .seconds(300))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let url = service.url("/api/auth/login").string
            let codes: [UInt]
            do {
                codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for n in 0..<20 {
                        group.addTask {
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(
                                ByteBuffer(string: #"{"email":"\#(email)","password":"guess \#(n)"}"#))
                            return try await client.execute(request, timeout: .seconds(300)).status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
            #expect(codes.filter { $0 == 401 }.count == 10, "\(codes.sorted())")
            #expect(codes.filter { $0 == 429 }.count == 10)
        }
    }

    /// Right passwords are not failures: a person who signs in often is never throttled.
    @Test func successfulSignInsDoNotCount() async throws {
        try await TestService.with { service in
            service.app.inflio.limiter.freeze(at: Date())
            let email = try await account(service)
            for _ in 0..<15 { #expect(try await login(service, email, Self.password).status == .ok) }
        }
    }
}
