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
extension DesignWorker {
    /// FAL reports a finished request for `versionID`: if the version began a submission whose
    /// request was never stored, this is it. A late word of a request the version already had
    /// (its ledger line says so: one it gave up, or stored itself) changes nothing.
    func claim(versionID: UUID, requestID: String) async throws {
        guard let provider = app.inflio.falDesigns,
            let version = try await DesignVersion.find(versionID, on: db),
            version.providerRequest == nil, version.submitStartedAt != nil,
            let design = try await Design.find(version.$design.id, on: db)
        else { return }
        let spec = try DesignJSON.decode(DesignSpec.self, version.spec)
        let fallback = version.fallbackReason != nil
        let order = FALDesignProvider.Order(
            prompt: version.effectivePrompt, images: [], format: spec.format, quality: version.quality ?? "medium")
        let (model, charge) = provider.charge(for: order, fallback: fallback)
        let stored = try provider.storedRequest(requestId: requestID, fallback: fallback)
        let (width, height) = spec.format.modelSize
        let line = { @Sendable (id: UUID) -> LedgerEntry in
            let line = LedgerEntry(
                userID: version.userID, personaID: design.personaID, jobID: id, provider: "fal", model: model,
                resolution: charge.tier.isEmpty ? "\(width)x\(height)" : charge.tier,
                unitPriceUSD: charge.unitPriceUSD, units: charge.units)
            line.requestID = requestID
            return line
        }
        // The variations still waiting for this one were asked for in the same request.
        let siblings = try await sharers(of: versionID)
        let claimed = try await db.transaction { db -> Bool in
            let known = try await LedgerEntry.query(on: db).filter(\.$jobID == versionID)
                .filter(\.$requestID == requestID).first()
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
            guard !updated.isEmpty else { return false }
            try await line(versionID).create(on: db)
            try await Self.storeShared(
                siblings, of: versionID, stored: stored, requestID: requestID, model: model, line: line,
                cost: charge.totalUSD, on: db)
            return true
        }
        if claimed {
            logger.info("design version \(versionID): claimed its interrupted submission \(requestID)")
            if !siblings.isEmpty { schedule() }
        }
    }

    /// The request claimed for `versionID` within the grace period (`INFLIO_LOST_SUBMISSION_GRACE_SECONDS`),
    /// or nil: then nothing says FAL took the submission, and it is made again.
    func awaitClaim(_ versionID: UUID) async throws -> String? {
        let deadline = Date().addingTimeInterval(app.inflio.config.lostSubmissionGrace)
        while Date() < deadline {
            if let stored = try await DesignVersion.find(versionID, on: db)?.providerRequest { return stored }
            try await Task.sleep(for: .seconds(1))
        }
        return nil
    }
}
