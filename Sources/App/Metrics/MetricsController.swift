import Crypto
import Vapor

/// `GET /metrics`: Prometheus's text format (ServiceMetrics). With `INFLIO_METRICS_TOKEN` it
/// answers a request bearing that token; without, only one made on this machine directly (a
/// loopback peer and no `X-Forwarded-For`, so not a visitor coming through the local proxy):
/// job counts and spend are not for the public.
enum MetricsController {
    static func register(_ app: Application) {
        app.get("metrics", use: scrape)
    }

    static func scrape(_ req: Request) async throws -> Response {
        guard allowed(req) else { throw ServiceError.notFound("This page") }
        let services = req.inflio
        try await services.metrics.refresh(
            runningJobs: services.generator.running.withLockedValue { $0.count },
            eventStreams: services.events.streamCount, db: req.db)
        let response = Response(status: .ok, body: .init(string: services.metrics.registry.emitToString()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func allowed(_ req: Request) -> Bool {
        if let token = req.inflio.config.metricsToken {
            guard let presented = req.headers.bearerAuthorization?.token else { return false }
            // Compared as digests: equal length, no early exit on the first differing byte.
            return SHA256.hash(data: Data(presented.utf8)) == SHA256.hash(data: Data(token.utf8))
        }
        guard req.headers.first(name: "X-Forwarded-For") == nil, let peer = req.remoteAddress?.ipAddress else {
            return false
        }
        return peer == "127.0.0.1" || peer == "::1"
    }
}
