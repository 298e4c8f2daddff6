import Fluent
import Foundation
import PersonaKit
import Providers
import SQLKit

/// The fenced writes a FAL design makes between its submissions: the fallback, a request
/// forgotten before another, the ledger line settled, and how many it has paid for.
extension DesignWorker {
    /// Records the fallback (and the notes so far) and forgets the refused request, fenced.
    func fellBack(_ claim: Claim, reason: String, notes: [String]) async throws {
        let versionID = claim.versionID
        try await fenced(claim) { db in
            try await db.sql().raw(
                """
                UPDATE design_versions SET fallback_reason = \(bind: String(reason.prefix(500))),
                    provider_request = NULL, submit_started_at = NULL, shares_request_of = NULL,
                    notes = \(bind: DesignJSON.encode(notes))
                WHERE id = \(bind: versionID)
                """
            ).run()
        }
    }

    /// Forgets the stored request (a new one follows) and keeps the notes so far, fenced.
    func forget(_ claim: Claim, notes: [String]) async throws {
        let versionID = claim.versionID
        try await fenced(claim) { db in
            try await db.sql().raw(
                """
                UPDATE design_versions SET provider_request = NULL, submit_started_at = NULL, shares_request_of = NULL,
                    notes = \(bind: DesignJSON.encode(notes))
                WHERE id = \(bind: versionID)
                """
            ).run()
        }
    }

    /// Marks the ledger line of a stored request: delivered (billed) or refused (not billed).
    func settle(_ claim: Claim, _ stored: String, outcome: LedgerOutcome) async throws {
        let requestID = FALDesignProvider.requestId(of: stored)
        let versionID = claim.versionID
        try await fenced(claim) { db in
            try await LedgerEntry.query(on: db).filter(\.$jobID == versionID).filter(\.$requestID == requestID)
                .set(\.$outcome, to: outcome).update()
        }
    }

    /// How many submissions this version has paid for (or may yet).
    func charges(_ versionID: UUID) async throws -> Int {
        try await LedgerEntry.query(on: db).filter(\.$jobID == versionID).filter(\.$outcome != .failed).all()
            .filter { !($0.requestID ?? "").hasPrefix(Self.previewPrefix) }.count
    }
}
