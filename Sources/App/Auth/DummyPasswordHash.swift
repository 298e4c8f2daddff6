import Synchronization
import Vapor

/// A password hash made once per process with the service's own hasher (so of the same cost), of
/// random bytes nobody knows: sign-in checks a password against it when the address is unknown.
enum DummyPasswordHash {
    private static let cached = Mutex<String?>(nil)

    static func value(_ passwords: AsyncPasswordHasher) async throws -> String {
        if let hash = cached.withLock({ $0 }) { return hash }
        let hash = try await passwords.hash(Tokens.generate())
        cached.withLock { $0 = $0 ?? hash }
        return hash
    }
}
