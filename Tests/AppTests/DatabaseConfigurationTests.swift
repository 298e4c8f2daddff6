import Foundation
import Testing

struct DatabaseConfigurationTests {
    /// CI must never pass by quietly skipping PostgreSQL: `make test` starts it and sets the URL.
    /// Elsewhere (a bare `swift test`) this shows as skipped, not as a pass.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] != nil, "only CI promises a PostgreSQL"))
    func postgresIsTestedInCI() {
        #expect(TestDatabase.postgresURL != nil, "INFLIO_TEST_POSTGRES_URL is not set under CI")
        #expect(TestDatabase.all.contains(.postgres))
    }
}
