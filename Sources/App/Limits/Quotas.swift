import Fluent
import Foundation
import PersonaKit
import SQLKit

/// Checks `QuotaSettings` before new portraits are written, inside the transaction that writes
/// them, after taking the user's lock: one user's requests are judged one at a time, so twenty
/// parallel creations cannot all pass a count made before any of them was stored. Every refusal is
/// a 429 with a stable code, `Retry-After`, and a message that says when the quota resets.
///
/// Money is counted from the ledger (what was submitted today and not failed) plus the price of
/// every portrait queued but not yet submitted, plus the new ones. The instance's cap is checked
/// after also taking the instance's lock (always after a user's, so two requests cannot wait on
/// each other): parallel requests of several users are judged one at a time too. The automatic
/// retry of an unverified portrait is never refused: at most one per portrait, in the ledger.
struct Quotas {
    let settings: QuotaSettings
    let provider: any PortraitProvider

    /// Refuses when `portraits` more (of a new persona when `newPersona`) would exceed a quota.
    func reserve(
        user: String, portraits: [PortraitRequest], newPersona: Bool, on db: any Database, now: Date = Date()
    ) async throws {
        guard settings.enabled, !portraits.isEmpty else { return }
        try await Self.lockUser(user, on: db)
        let unfinished = try await GenerationJob.query(on: db).filter(\.$userID == user)
            .filter(\.$state ~~ [.queued, .submitted]).all()
        if unfinished.count + portraits.count > settings.concurrentPortraits {
            throw refusal(
                "too_many_generations",
                "You have \(unfinished.count) portraits being made; at most \(settings.concurrentPortraits) at once. Start more when they are done.",
                retryAfter: 60)
        }
        let (dayStart, nextDay) = Self.utcDay(containing: now)
        let untilTomorrow = Int(nextDay.timeIntervalSince(now).rounded(.up))
        if newPersona {
            let started = try await GenerationJob.query(on: db).filter(\.$userID == user)
                .filter(\.$attempt == 1).filter(\.$scenarioIndex == 0).filter(\.$createdAt >= dayStart).count()
            if started >= settings.personasPerDay {
                throw refusal(
                    "daily_persona_limit",
                    "You have started \(started) personas today, the most a day. More can be made \(Self.reset(untilTomorrow)).",
                    retryAfter: untilTomorrow)
            }
        }
        let price = portraits.map { provider.charge(for: $0).totalUSD }.reduce(0, +)
        guard price > 0 else { return }
        let unitPrice = price / Double(portraits.count)
        let mine = try await committedUSD(user: user, since: dayStart, unitPrice: unitPrice, on: db)
        if mine + price > settings.userDailyUSD + 1e-9 {
            throw refusal(
                "spending_cap_reached",
                String(
                    format:
                        "This would take today's portraits to $%.2f, past your daily budget of $%.2f. It resets %@.",
                    mine + price, settings.userDailyUSD, Self.reset(untilTomorrow)),
                retryAfter: untilTomorrow)
        }
        try await Self.lockInstance(on: db)
        let everyone = try await committedUSD(user: nil, since: dayStart, unitPrice: unitPrice, on: db)
        if everyone + price > settings.instanceDailyUSD + 1e-9 {
            throw refusal(
                "instance_spending_cap_reached",
                "The service has reached its daily budget for portraits. It resets \(Self.reset(untilTomorrow)).",
                retryAfter: untilTomorrow)
        }
    }

    /// Dollars submitted since `since` (ledger lines not failed) plus the queued portraits' price.
    func committedUSD(user: String?, since: Date, unitPrice: Double, on db: any Database) async throws -> Double {
        let ledger = LedgerEntry.query(on: db).filter(\.$createdAt >= since).filter(\.$outcome != .failed)
        let queued = GenerationJob.query(on: db).filter(\.$state == .queued)
        if let user {
            ledger.filter(\.$userID == user)
            queued.filter(\.$userID == user)
        }
        let billed = try await ledger.all().map { $0.unitPriceUSD * Double($0.units) }.reduce(0, +)
        return billed + Double(try await queued.count()) * unitPrice
    }

    func refusal(_ code: String, _ message: String, retryAfter: Int) -> ServiceError {
        var error = ServiceError(
            .tooManyRequests, code, message, details: .object(["retryAfterSeconds": .number(Double(retryAfter))]))
        error.retryAfter = max(1, retryAfter)
        return error
    }

    /// Takes the user's lock for the rest of the transaction: on PostgreSQL a transaction-scoped
    /// advisory lock on the user's id; on SQLite a write, which makes the transaction the only
    /// writer until it ends (and must come first: a read-then-write transaction is refused there).
    static func lockUser(_ user: String, on db: any Database) async throws {
        let sql = try db.sql()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: "quota:" + user), 0))").run()
        } else {
            try await sql.raw("UPDATE users SET email = email WHERE id = \(bind: user)").run()
        }
    }

    /// The instance's spending lock, for the rest of the transaction. Only PostgreSQL needs one:
    /// on SQLite the user's lock already made this transaction the only writer of the database.
    static func lockInstance(on db: any Database) async throws {
        let sql = try db.sql()
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended('quota:instance', 0))").run()
    }

    static func utcDay(containing date: Date) -> (start: Date, next: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.startOfDay(for: date)
        return (start, calendar.date(byAdding: .day, value: 1, to: start)!)
    }

    /// "at 00:00 UTC, in 3 h 20 min".
    static func reset(_ seconds: Int) -> String {
        let hours = seconds / 3600
        let minutes = (seconds % 3600 + 59) / 60
        return "at 00:00 UTC, in " + (hours > 0 ? "\(hours) h \(minutes) min" : "\(max(1, minutes)) min")
    }
}
