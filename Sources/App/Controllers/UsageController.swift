import Fluent
import Vapor

/// `GET /api/usage`: every provider call of the user, with totals per persona and overall.
enum UsageController {
    struct Entry: Content {
        let id: UUID
        let personaId: UUID
        let provider: String
        let model: String
        let resolution: String
        let unitPriceUSD: Double
        let units: Int
        let costUSD: Double
        let outcome: String
        let requestId: String?
        let createdAt: Date?
    }

    struct Usage: Content {
        struct Totals: Content {
            let calls: Int
            let billedCalls: Int
            let costUSD: Double
        }
        let success = true
        let entries: [Entry]
        let totals: Totals
        let byPersona: [String: Totals]
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("api", "usage", use: usage)
    }

    /// Failed calls are listed but cost nothing: providers do not bill them.
    static func usage(_ req: Request) async throws -> Usage {
        try await usage(of: try req.requireUser().id, on: req.db)
    }

    /// The user's ledger and its totals (also the account export's `usage.json`).
    static func usage(of userID: String, on db: any Database) async throws -> Usage {
        let rows = try await LedgerEntry.query(on: db).filter(\.$userID == userID).sort(\.$createdAt).all()
        let entries = rows.map { row in
            Entry(
                id: row.id!, personaId: row.personaID, provider: row.provider, model: row.model,
                resolution: row.resolution,
                unitPriceUSD: row.unitPriceUSD, units: row.units,
                costUSD: row.outcome == .failed ? 0 : row.unitPriceUSD * Double(row.units),
                outcome: row.outcome.rawValue, requestId: row.requestID, createdAt: row.createdAt)
        }
        func totals(_ entries: [Entry]) -> Usage.Totals {
            Usage.Totals(
                calls: entries.count, billedCalls: entries.filter { $0.outcome != "failed" }.count,
                costUSD: (entries.map(\.costUSD).reduce(0, +) * 10000).rounded() / 10000)
        }
        return Usage(
            entries: entries, totals: totals(entries),
            byPersona: Dictionary(grouping: entries) { $0.personaId.uuidString.lowercased() }.mapValues(totals))
    }
}
