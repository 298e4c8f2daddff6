import Fluent
import Foundation
import SQLKit

/// Four variations on FAL are one request for four pictures (the model's `num_images`), not four
/// requests: the first variation claimed also leases its queued siblings (`share`), submits for
/// all of them, and hands each its picture's place in the request (`image_index`). Each sibling
/// is then queued again with the stored request and waits on it like any resumed version, takes
/// its own picture, and is checked, retried (alone) and finished on its own.
extension DesignWorker {
    /// Leases the queued variations of `design`'s group that have no request yet to `claim`'s
    /// token, oldest first (their order is their pictures' order): they will share its submission.
    /// None for anything but a first variation without a stored request.
    func share(_ version: DesignVersion, _ design: Design, _ claim: Claim) async throws -> [UUID] {
        guard version.kind == .variation, version.providerRequest == nil, version.sharesRequestOf == nil,
            let group = design.groupID
        else { return [] }
        let rows = try await db.sql().raw(
            """
            UPDATE design_versions SET state = 'rendering', lease_owner = \(bind: claim.token),
                lease_until = \(now) + \(bind: leaseMS)
            WHERE state = 'queued' AND provider = 'fal' AND kind = 'variation' AND provider_request IS NULL
                AND shares_request_of IS NULL AND id <> \(bind: claim.versionID)
                AND design_id IN (SELECT id FROM designs WHERE group_id = \(bind: group))
            RETURNING id, created_at
            """
        ).all()
        let siblings = try rows.map {
            (id: try $0.decode(column: "id", as: UUID.self), at: try $0.decode(column: "created_at", as: Date.self))
        }
        return siblings.sorted { ($0.at, $0.id.uuidString) < ($1.at, $1.id.uuidString) }.prefix(3).map(\.id)
    }

    /// Gives leased siblings back to the queue, unshared (the submission did not happen): each is
    /// then made on its own.
    func unshare(_ siblings: [UUID], _ claim: Claim) async {
        for id in siblings {
            _ = try? await db.sql().raw(
                """
                UPDATE design_versions SET state = 'queued', lease_owner = NULL, lease_until = NULL,
                    submit_started_at = NULL, image_index = NULL, shares_request_of = NULL
                WHERE id = \(bind: id) AND lease_owner = \(bind: claim.token) AND provider_request IS NULL
                """
            ).run()
        }
        if !siblings.isEmpty { schedule() }
    }

    /// Marks the siblings, with the submitting version, before the paid call (in its fenced
    /// transaction): which picture is whose, and that a submission began.
    static func markShared(_ siblings: [UUID], of versionID: UUID, token: String, on db: any Database) async throws {
        for (offset, id) in siblings.enumerated() {
            try await db.sql().raw(
                """
                UPDATE design_versions SET submit_started_at = \(bind: Date()), image_index = \(bind: offset + 1),
                    shares_request_of = \(bind: versionID)
                WHERE id = \(bind: id) AND lease_owner = \(bind: token)
                """
            ).run()
        }
    }

}
