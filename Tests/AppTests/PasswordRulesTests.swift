import Foundation
import Logging
import Synchronization
import Testing
import Vapor

@testable import App

/// Issue 13, finding 2 and the sign-in rules: passwords of 12 characters or more, not a common one;
/// an unknown address refused after the same password check as a known one.
@Suite struct PasswordRulesTests {
    static let installed = FileManager.default.fileExists(atPath: CommonPasswords.debianList)

    @Test(.enabled(if: installed, "Debian's john-data is not installed: run scripts/setup.sh"))
    func commonPasswordsAndTheirVariantsAreRefused() throws {
        let list = try #require(CommonPasswords.load(logger: Logger(label: "test")), "the pinned list loads")
        #expect(list.entries.count > 3000 && list.entries.contains("password"))
        for common in [
            "winniethepooh", "password2024!", "Password1234", "123456789012", "!!iloveyou2024", "qwertyqwerty",
            "monkeymonkey", "DRAGON-123456",
        ] {
            #expect(list.isCommon(common), "\(common) should be refused")
        }
        for fine in ["correct horse battery", "long enough pass", "password is not enough", "tulip-lantern-7-orbit"] {
            #expect(!list.isCommon(fine), "\(fine) is not on the list")
        }
    }

    @Test func signUpAsksForTwelveCharactersAndNoCommonPassword() async throws {
        try await TestService.with { service in
            let short = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": "elevenchars"])
            #expect(short.status == .badRequest && short.errorCode == "weak_password")
            if Self.installed {
                let common = try await service.send(
                    .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": "password2024!"])
                #expect(common.status == .badRequest && common.errorCode == "common_password", "\(common.text)")
            }
            let fine = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": "twelve chars"])
            #expect(fine.status == .created)
        }
    }

    /// An unknown address costs a password check too, so its refusal takes as long as a wrong
    /// password's (counted, not timed: a hasher that counts its checks).
    @Test func anUnknownAddressIsCheckedAgainstADummyHash() async throws {
        try await TestService.with { service in
            _ = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "known@example.com", "password": "long enough pass"])
            let counting = CountingHasher()
            service.app.passwords.use { _ in counting }
            for email in ["known@example.com", "nobody@example.com"] {
                let before = counting.count
                let refused = try await service.send(
                    .POST, "/api/auth/login", json: ["email": email, "password": "not the password"])
                #expect(refused.status == .unauthorized && refused.errorCode == "invalid_credentials")
                #expect(counting.count == before + 1, "\(email): one password check")
            }
        }
    }
}

/// bcrypt (cost 4, as the test service uses) that counts its checks.
final class CountingHasher: PasswordHasher, Sendable {
    let checks = Mutex(0)
    var count: Int { checks.withLock { $0 } }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        Array(try Bcrypt.hash(String(decoding: Array(password), as: UTF8.self), cost: 4).utf8)
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws
        -> Bool
    {
        checks.withLock { $0 += 1 }
        return try Bcrypt.verify(
            String(decoding: Array(password), as: UTF8.self), created: String(decoding: Array(digest), as: UTF8.self))
    }
}
