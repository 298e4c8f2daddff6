import FAL
import Fluent
import Foundation
import PersonaKit
import Providers
import SQLKit

/// A design's submission whose answer a crash kept from us: the version noted when the paid call
/// began (`submit_started_at`), and FAL's webhook, whose URL names the version
/// (`?design_version=`), says which request it was. The request is then stored with its ledger
/// line, as if its answer had arrived, and the version waits on it rather than paying again.
/// The variations that shared the request (marked with it before the paid call) get it too, even
/// when the version that submitted it is gone or has failed meanwhile.
extension DesignWorker {
    /// FAL reports a finished request for `versionID`: if the version began a submission whose
    /// request was never stored, this is it. A late word of a request the version already had
    /// (its ledger line says so: one it gave up, or stored itself) changes nothing. `succeeded`
    /// is the webhook's word on the request, for the line of a version no longer there to settle it.
    func claim(versionID: UUID, requestID: String, succeeded: Bool? = nil) async throws {
        guard let provider = app.inflio.falDesigns else { return }
        let version = try await DesignVersion.find(versionID, on: db)
        // Still in the making: a failed one keeps its marker, but nothing waits on it any more.
        let live = version.map { $0.state == .queued || $0.state == .rendering } ?? false
        let waiting = live && version?.providerRequest == nil && version?.submitStartedAt != nil
        let siblings = try await markedSharers(of: versionID)
        // What the request was: the version's own row, else (gone, or ended) a variation's, which
        // the marker gave the same spec and model.
        guard let basis = waiting ? version : siblings.first,
            let design = try await Design.find(basis.$design.id, on: db)
        else { return }
        let spec = try DesignJSON.decode(DesignSpec.self, basis.spec)
        let fallback = basis.fallbackReason != nil
        let order = FALDesignProvider.Order(
            prompt: basis.effectivePrompt, images: [], format: spec.format, quality: basis.quality ?? "medium")
        let (model, charge) = provider.charge(for: order, fallback: fallback)
        let stored = try provider.storedRequest(requestId: requestID, fallback: fallback)
        let line = Self.pictureLine(
            userID: basis.userID, personaID: design.personaID, model: model, charge: charge, format: spec.format,
            requestID: requestID)
        let ids = siblings.compactMap(\.id)
        let claimed = try await db.transaction { db -> Bool in
            let known = try await LedgerEntry.query(on: db).filter(\.$jobID == versionID)
                .filter(\.$requestID == requestID).first()
            if waiting {
                guard known == nil else { return false }
                // The row's own conditions decide (and on PostgreSQL lock it until the commit): the
                // worker's write of its own answer, if it came after all, finds the line here.
                let updated = try await db.sql().raw(
                    """
                    UPDATE design_versions SET provider_request = \(bind: stored), request_id = \(bind: requestID),
                        model = \(bind: model), cost_usd = cost_usd + \(bind: charge.totalUSD)
                    WHERE id = \(bind: versionID) AND provider_request IS NULL AND submit_started_at IS NOT NULL
                        AND state IN ('queued', 'rendering')
                    RETURNING id
                    """
                ).all()
                if !updated.isEmpty { try await line(versionID).create(on: db) }
            } else if known == nil, !live, version?.providerRequest == nil {
                // Its version is gone or failed, but FAL made its picture too, and bills it
                // unless the request failed: nobody is left to settle this line but the webhook.
                let billed = line(versionID)
                if let succeeded { billed.outcome = succeeded ? .succeeded : .failed }
                try await billed.create(on: db)
            }
            try await Self.storeShared(
                ids, of: versionID, stored: stored, requestID: requestID, model: model, line: line,
                cost: charge.totalUSD, on: db)
            return true
        }
        if claimed {
            logger.info("design version \(versionID): claimed its interrupted submission \(requestID)")
            if !ids.isEmpty { schedule() }
        }
    }

    /// The variations marked, before the paid call, as asked for in `versionID`'s submission, and
    /// still without a request, in their pictures' order.
    func markedSharers(of versionID: UUID) async throws -> [DesignVersion] {
        try await DesignVersion.query(on: db).filter(\.$sharesRequestOf == versionID)
            .filter(\.$providerRequest == nil).filter(\.$submitStartedAt != nil)
            .filter(\.$state ~~ [.queued, .rendering]).sort(\.$imageIndex).all()
    }

    /// The request claimed for `versionID` within the grace period (`INFLIO_LOST_SUBMISSION_GRACE_SECONDS`),
    /// or nil: then nothing says FAL took the submission, and it is made again. A version deleted
    /// (or ended elsewhere) meanwhile waits no longer: nothing is to be made for it.
    func awaitClaim(_ versionID: UUID) async throws -> String? {
        let deadline = Date().addingTimeInterval(app.inflio.config.lostSubmissionGrace)
        while Date() < deadline {
            guard let version = try await DesignVersion.find(versionID, on: db),
                version.state == .queued || version.state == .rendering
            else { throw LeaseLost() }
            if let stored = version.providerRequest { return stored }
            try await Task.sleep(for: .seconds(1))
        }
        return nil
    }
}
