import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// `/metrics`: what a persona's making adds up to, and who may read it.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct MetricsTests {
    @Test(arguments: TestDatabase.all)
    func aPersonasWorkShowsInTheMetrics(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            #expect(created.status == .created)
            await service.app.inflio.generator.drain()

            let scrape = try await service.send(.GET, "/metrics")
            #expect(scrape.status == .ok)
            #expect(scrape.headers.contentType?.description.hasPrefix("text/plain") == true)
            let lines = Set(scrape.text.split(separator: "\n").map(String.init))
            let expected = [
                #"inflio_http_requests_total{method="POST",route="/api/personas/create",status="201"} 1"#,
                #"inflio_jobs_count{state="verified",scope="cluster"} 5.0"#,
                #"inflio_jobs_count{state="queued",scope="cluster"} 0.0"#,
                #"inflio_provider_submissions_total{provider="local",model="local-studio"} 5"#,
                "inflio_jobs_running_count 0.0",
            ]
            for line in expected { #expect(lines.contains(line), "missing \(line)") }
            // Ids never become labels: the detail route is counted by its pattern.
            _ = try await service.send(.GET, "/api/personas/\(UUID())", token: token)
            let again = try await service.send(.GET, "/metrics").text
            #expect(again.contains(#"route="/api/personas/:personaID",status="404""#), "\(again)")
            #expect(!again.contains("route=\"/api/personas/\(UUID())"))

            // Through a proxy (a visitor, not this machine): as if there were no such page.
            let proxied = try await service.send(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(proxied.status == .notFound && proxied.errorCode == "not_found")
        }
    }

    @Test func aTokenGuardsTheMetricsWhenSet() async throws {
        let service = try await TestService.start { $0.metricsToken = "scrape-secret" }
        do {
            #expect(try await service.send(.GET, "/metrics").status == .notFound, "loopback alone is not enough")
            let wrong = try await service.send(.GET, "/metrics", headers: ["Authorization": "Bearer nope"])
            #expect(wrong.status == .notFound)
            let right = try await service.send(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-secret"])
            #expect(right.status == .ok && right.text.contains("inflio_jobs_count"))
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }
}
