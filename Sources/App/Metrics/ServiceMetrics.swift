import Fluent
import Foundation
import Prometheus
import SQLKit

/// What `/metrics` reports, in Prometheus's text format. Two kinds: this process's own counters
/// (requests and their latency, jobs it runs, leases it took over, what it submitted and for how
/// much), which Prometheus sums over the processes it scrapes; and figures read from the shared
/// database at each scrape (jobs by state, the ledger's dollars by outcome), the same on every
/// process, which is what their `scope="cluster"` label says (take one, not the sum).
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Request latency buckets: 5 ms to 10 min (creation with `?wait=true` waits for portraits).
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(10), .seconds(60), .seconds(600),
    ]

    private func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "inflio", metricName: name, unitName: unit, helpText: help)
    }

    /// One answered request: `route` is the route's pattern (`/api/personas/:id`), never a raw path,
    /// so ids do not multiply the series.
    func recordRequest(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: descriptor("http_requests", "total", "HTTP requests answered"), labels: labels)
            .increment()
        registry.makeDurationHistogram(
            descriptor: descriptor("http_request_duration", "seconds", "Time to answer, by route"),
            labels: [("method", method), ("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// A paid submission this process made (its ledger line written): the provider, the model and
    /// the price it was recorded at.
    func recordSubmission(provider: String, model: String, usd: Double) {
        let labels = [("provider", provider), ("model", model)]
        registry.makeCounter(
            descriptor: descriptor("provider_submissions", "total", "Paid provider submissions made by this process"),
            labels: labels
        ).increment()
        registry.makeCounter(
            descriptor: descriptor(
                "provider_spend_usd", "total", "Dollars of those submissions, at the ledger's price"),
            labels: labels
        ).increment(by: usd)
    }

    func recordTakeover() {
        registry.makeCounter(
            descriptor: descriptor(
                "job_lease_takeovers", "total", "Jobs this process took over from a process whose lease expired")
        ).increment()
    }

    /// Before each scrape: the gauges of this moment.
    func refresh(runningJobs: Int, eventStreams: Int, db: any Database) async throws {
        registry.makeGauge(
            descriptor: descriptor("jobs_running", "count", "Portrait jobs this process runs now")
        ).set(Double(runningJobs))
        registry.makeGauge(
            descriptor: descriptor("event_streams", "count", "Event streams this process serves now")
        ).set(Double(eventStreams))
        let sql = try db.sql()
        let states = try await sql.raw("SELECT state, count(*) AS n FROM generation_jobs GROUP BY state").all()
        var byState = Dictionary(uniqueKeysWithValues: GenerationJob.State.allCases.map { ($0.rawValue, 0) })
        for row in states {
            byState[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        for (state, count) in byState {
            registry.makeGauge(
                descriptor: descriptor("jobs", "count", "Portrait jobs in the database, by state"),
                labels: [("state", state), ("scope", "cluster")]
            ).set(Double(count))
        }
        let ledger = try await sql.raw(
            "SELECT outcome, sum(unit_price_usd * units) AS usd FROM ledger_entries GROUP BY outcome"
        ).all()
        var byOutcome = Dictionary(uniqueKeysWithValues: LedgerEntry.Outcome.allCases.map { ($0.rawValue, 0.0) })
        for row in ledger {
            byOutcome[try row.decode(column: "outcome", as: String.self)] =
                try row.decode(column: "usd", as: Double?.self) ?? 0
        }
        for (outcome, usd) in byOutcome {
            registry.makeGauge(
                descriptor: descriptor("ledger_usd", "total", "The cost ledger's dollars, by outcome"),
                labels: [("outcome", outcome), ("scope", "cluster")]
            ).set(usd)
        }
    }
}
