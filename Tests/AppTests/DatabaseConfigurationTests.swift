import Foundation
import Testing

struct DatabaseConfigurationTests {
    /// CI must never pass by quietly skipping PostgreSQL: `make test` starts it and sets the URL.
    @Test func postgresIsTestedInCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(TestDatabase.postgresURL != nil, "INFLIO_TEST_POSTGRES_URL is not set under CI")
            #expect(TestDatabase.all.contains(.postgres))
        }
    }
}
