import Fluent
import Foundation
import PersonaKit
import Providers

/// Storing a finished version: its picture (and a model's untitled one), then, fenced by the claim,
/// its row, its ledger line and the design's final; then `design.version_ready`.
extension DesignWorker {
    /// A version's outcome, ready to store.
    struct Finished: Sendable {
        let png: [UInt8]
        /// The picture without the title (a model's, as JPEG), kept for the next refinement.
        let base: [UInt8]?
        let report: DesignReport
        let check: PortraitVerification
        let notes: [String]
        let spec: String
        let requestID: String
        /// `drawn` when the renderer set the title, `not_verified` when a model's picture carries it.
        let textCheck: String
        /// The charge to write with it, once per version (the layout renderer's); nil when the
        /// charges were written as they were incurred (a model's).
        let ledger: LedgerEntry?
        /// The request whose ledger line (written at submission) is now delivered.
        var settles: String? = nil
    }

    /// Stores the picture and, fenced by the claim, the version's outcome; then says so.
    func complete(_ finished: Finished, _ version: DesignVersion, _ design: Design, _ claim: Claim) async throws {
        let services = app.inflio
        let key = "\(DesignStudio.folder(design))/v\(version.number).png"
        let baseKey = "\(DesignStudio.folder(design))/v\(version.number)-base.jpg"
        try await services.blobs.put(finished.png, at: key)
        if let base = finished.base { try await services.blobs.put(base, at: baseKey) }
        let contrastWarning: String? =
            if let title = finished.report.title, title.contrast < TitleCompositor.minimumContrast {
                "The title's contrast is \(title.contrast):1, under the 4.5:1 that reads easily."
            } else { nil }
        let likenessWarning: String? =
            finished.check.verified
            ? nil
            : "This picture may not look like you: its face did not pass the likeness check (\(finished.check.reason ?? "no_face"))."
        let versionID = claim.versionID
        do {
            try await fenced(claim) { db in
                if let line = finished.ledger,
                    try await LedgerEntry.query(on: db).filter(\.$jobID == versionID).first() == nil
                {
                    line.outcome = .succeeded
                    try await line.create(on: db)
                }
                if let requestID = finished.settles {
                    try await LedgerEntry.query(on: db).filter(\.$jobID == versionID)
                        .filter(\.$requestID == requestID).set(\.$outcome, to: .succeeded).update()
                }
                guard let row = try await DesignVersion.find(versionID, on: db) else { throw LeaseLost() }
                row.state = .ready
                row.imageKey = key
                row.baseKey = finished.base == nil ? nil : baseKey
                row.requestID = finished.requestID
                row.spec = finished.spec
                row.identityDistance = finished.check.distance
                row.likeness = finished.check.likeness?.rawValue
                row.textCheck = finished.report.title == nil ? "none" : finished.textCheck
                row.report = DesignJSON.encode(finished.report)
                row.notes = DesignJSON.encode(finished.notes + finished.report.notes)
                let warnings = [likenessWarning, contrastWarning].compactMap { $0 }
                row.warning = warnings.isEmpty ? nil : warnings.joined(separator: " ")
                row.errorCode = nil
                row.errorMessage = nil
                row.leaseOwner = nil
                row.leaseUntil = nil
                row.completedAt = Date()
                // A final finalizes its design only while the person is still on it: one who went
                // back to an earlier version meanwhile chose that one.
                if row.kind == .final, let design = try await Design.find(row.$design.id, on: db) {
                    if design.currentVersion == row.number {
                        design.finalizedVersion = row.number
                        try await design.save(on: db)
                    } else {
                        row.notes = DesignJSON.encode(
                            finished.notes + finished.report.notes + [
                                "Made at high quality but not finalized: you went back to version \(design.currentVersion) meanwhile."
                            ])
                    }
                }
                try await row.save(on: db)
            }
        } catch is LeaseLost {
            // Deleted while rendering: the pictures just written belong to nothing. (Taken over
            // instead: the other claim writes the same bytes under the same key; leave them.)
            if try await DesignVersion.find(versionID, on: db) == nil {
                try? await services.blobs.delete(key)
                try? await services.blobs.delete(baseKey)
            }
            throw LeaseLost()
        }
        // A preview's partial image is not needed once the picture is there.
        try? await services.blobs.delete(Self.partialKey(design, number: version.number))
        await publish("design.version_ready", design, ["version": .number(Double(version.number))])
    }
}
