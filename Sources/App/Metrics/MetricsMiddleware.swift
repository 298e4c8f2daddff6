import Vapor

/// Counts every answered request and its latency by the route's pattern (ServiceMetrics).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: ServiceMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            record(request, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            record(request, status: status, since: start)
            throw error
        }
    }

    private func record(_ request: Request, status: UInt, since start: ContinuousClock.Instant) {
        // The pattern the router matched, set once routing ran; files of the web page and unknown
        // paths share one label, so a scanner's made-up paths add no series.
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unrouted"
        metrics.recordRequest(
            method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
    }
}
