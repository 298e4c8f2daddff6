import FAL
import Fluent
import Foundation
import Providers
import SQLKit

/// Four variations on FAL are one request for four pictures (the model's `num_images`), not
/// four requests. They share one prompt (the same spec: the model's pictures are the variety),
/// and the second to fourth are made pointing at the first (`shares_request_of`), which they wait
/// for without being claimed. The first asks for its own picture and theirs in one submission,
/// and stores the request, with a ledger line of one picture each, on all of them in the fenced
/// transaction that stores its own; each is then claimed like a resumed version, waits on the
/// request for its own picture (`image_index`), and is checked, retried (alone) and finished on
/// its own. Before the paid call they are marked as asked for: should the first be gone or fail
/// before storing the request, FAL's webhook (which names the first) stores it on them
/// (`claim(versionID:requestID:)`), for which each waits like a version cut off mid-submission.
/// If the first ends without having asked for them, each goes on its own.
extension DesignWorker {
    /// The variations whose pictures this version asks for with its own, in their pictures' order:
    /// those still waiting for it (queued, no request yet).
    func sharers(of versionID: UUID) async throws -> [UUID] {
        try await db.sql().raw(
            """
            SELECT id FROM design_versions
            WHERE shares_request_of = \(bind: versionID) AND provider_request IS NULL AND state = 'queued'
            ORDER BY image_index, created_at
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// The ledger line of one picture of FAL's request `requestID`, for the version given to the
    /// closure: the submitter's, and each variation's that shares the request.
    static func pictureLine(
        userID: String, personaID: UUID, model: String, charge: FALCharge, format: DesignFormat, requestID: String
    ) -> @Sendable (UUID) -> LedgerEntry {
        let (width, height) = format.modelSize
        return { id in
            let line = LedgerEntry(
                userID: userID, personaID: personaID, jobID: id, provider: "fal", model: model,
                resolution: charge.tier.isEmpty ? "\(width)x\(height)" : charge.tier,
                unitPriceUSD: charge.unitPriceUSD, units: charge.units)
            line.requestID = requestID
            return line
        }
    }

    /// Stores the request `versionID` submitted (or FAL's webhook named) on the variations it asked
    /// for (`siblings`, each already marked with its picture's place), each with its ledger line
    /// for one picture, inside the caller's transaction. A variation deleted meanwhile still gets
    /// its line: its picture was asked for, and FAL bills it. One waiting in `awaitClaim` (its
    /// first gone before storing the request) finds it there.
    static func storeShared(
        _ siblings: [UUID], of versionID: UUID, stored: String, requestID: String, model: String,
        line: @escaping @Sendable (UUID) -> LedgerEntry, cost: Double, on db: any Database
    ) async throws {
        for id in siblings {
            // A fallback's refusal note and reason go with the request the fallback made (the
            // marker gave the reason already, should the first be gone).
            try await db.sql().raw(
                """
                UPDATE design_versions SET provider_request = \(bind: stored), request_id = \(bind: requestID),
                    model = \(bind: model), cost_usd = cost_usd + \(bind: cost),
                    fallback_reason = COALESCE(
                        (SELECT fallback_reason FROM design_versions WHERE id = \(bind: versionID)), fallback_reason),
                    notes = CASE WHEN (SELECT fallback_reason FROM design_versions WHERE id = \(bind: versionID)) IS NULL
                        THEN notes ELSE (SELECT notes FROM design_versions WHERE id = \(bind: versionID)) END
                WHERE id = \(bind: id) AND shares_request_of = \(bind: versionID) AND provider_request IS NULL
                    AND state IN ('queued', 'rendering')
                """
            ).run()
            let known = try await LedgerEntry.query(on: db).filter(\.$jobID == id).filter(\.$requestID == requestID)
                .first()
            if known == nil { try await line(id).create(on: db) }
        }
    }
}

extension DesignWorker {
    /// Marks the variations a submission asks for, before the paid call and inside its fenced
    /// transaction: their picture's place, that a submission began (so that, should the first be
    /// gone or fail before storing the request, each waits for FAL's webhook rather than paying
    /// again), and the first's model choice (its fallback reason, which says which model).
    static func markShared(_ siblings: [UUID], of versionID: UUID, at date: Date, on db: any Database) async throws {
        for (offset, id) in siblings.enumerated() {
            try await db.sql().raw(
                """
                UPDATE design_versions SET submit_started_at = \(bind: date), image_index = \(bind: offset + 1),
                    fallback_reason = (SELECT fallback_reason FROM design_versions WHERE id = \(bind: versionID))
                WHERE id = \(bind: id) AND shares_request_of = \(bind: versionID) AND provider_request IS NULL
                    AND state = 'queued'
                """
            ).run()
        }
    }

    /// Takes the marks back when the submission was refused at once (nothing was accepted): the
    /// marker's fallback reason too, since a variation has none of its own before it.
    static func unmarkShared(_ siblings: [UUID], of versionID: UUID, on db: any Database) async throws {
        for id in siblings {
            try await db.sql().raw(
                """
                UPDATE design_versions SET submit_started_at = NULL, image_index = NULL, fallback_reason = NULL
                WHERE id = \(bind: id) AND shares_request_of = \(bind: versionID) AND provider_request IS NULL
                """
            ).run()
        }
    }
}
