import Foundation

/// A job this process holds. Claiming a job raises its lease version; every write its owner makes
/// checks that the version is still this one (fencing), so an owner that stalled past its lease
/// (paused, starved, cut off from the database) and lost the job to another process cannot
/// overwrite what the new owner does.
struct JobLease: Sendable, Hashable {
    let jobID: UUID
    let version: Int64
    /// The process that held it, when this claim took over its expired lease (not one released).
    let previousOwner: String?

    // The same claim whoever reports it: the heartbeat's answer does not know the previous owner.
    static func == (a: JobLease, b: JobLease) -> Bool { a.jobID == b.jobID && a.version == b.version }
    func hash(into hasher: inout Hasher) {
        hasher.combine(jobID)
        hasher.combine(version)
    }
}

/// A write refused because the job's lease now belongs to another claim.
struct LeaseLost: Error, CustomStringConvertible {
    let jobID: UUID
    var description: String { "job \(jobID.uuidString.lowercased()): its lease was taken over; this write is refused" }
}
