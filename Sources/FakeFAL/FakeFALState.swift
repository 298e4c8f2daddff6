import Foundation

/// Everything the fake remembers: jobs, stored files, pending uploads, fault counters and the
/// counts `/_fake/stats` reports. One actor, so the HTTP handlers and the job runners agree.
actor FakeFALState {
    struct StoredFile: Sendable {
        let bytes: [UInt8]
        let contentType: String
        let name: String
    }

    private(set) var jobs: [String: FakeFALJob] = [:]
    private var order: [String] = []
    private var files: [String: StoredFile] = [:]
    /// Signed upload token → (file id, name, content type) waiting for its PUT.
    private var pendingUploads: [String: (id: String, name: String, contentType: String)] = [:]
    private var faultHits: [String: Int] = [:]
    /// When each `network_gap` began (by its spec text).
    private var gapStarts: [String: Date] = [:]
    /// Upload tokens handed out, with when they expire.
    private var uploadTokens: [String: Date] = [:]
    private var stats = FakeFALStats()
    private(set) var stopping = false

    // MARK: Faults

    /// The faults that hit this call, counting a hit against each `times` budget.
    func consumeFaults(_ faults: [FakeFALFault], call: FakeFALFault.Call) -> [FakeFALFault.Kind] {
        var hits: [FakeFALFault.Kind] = []
        // HTTP faults first: a call they answer starts no job, so it must not use up a job
        // fault's budget (which would then never reach a job).
        let ordered = faults.filter { !$0.kind.isJobFault } + faults.filter(\.kind.isJobFault)
        for fault in ordered where fault.applies(to: call) {
            // HTTP faults hit any call; job faults only the calls that start a job, and only
            // when no HTTP fault already answered it.
            if fault.kind.isJobFault,
                ![.submit, .stream, .run].contains(call) || hits.contains(where: \.answersTheCall)
            {
                continue
            }
            // One answer per call: the first fault that answers it is the one that hits.
            if fault.kind.answersTheCall, hits.contains(where: \.answersTheCall) { continue }
            if case .networkGap(let seconds) = fault.kind {
                // Every call in the gap's seconds, counted from the first one it hit.
                let start = gapStarts[fault.counterKey] ?? Date()
                gapStarts[fault.counterKey] = start
                if Date() > start.addingTimeInterval(seconds) { continue }
            }
            let used = faultHits[fault.counterKey, default: 0]
            if let times = fault.times, used >= times { continue }
            faultHits[fault.counterKey] = used + 1
            stats.faults[fault.kind.name, default: 0] += 1
            hits.append(fault.kind)
        }
        return hits
    }

    // MARK: Jobs

    func add(_ job: FakeFALJob) {
        jobs[job.id] = job
        order.append(job.id)
        stats.submissions[job.model, default: 0] += 1
    }

    func job(_ id: String) -> FakeFALJob? { jobs[id] }

    func update(_ id: String, _ change: (inout FakeFALJob) -> Void) {
        guard var job = jobs[id] else { return }
        change(&job)
        jobs[id] = job
    }

    func log(_ id: String, _ message: String, level: String = "INFO") {
        update(id) { $0.logs.append(FakeLogEntry(message, level: level)) }
    }

    /// 0-based place among the jobs still waiting, oldest first.
    func queuePosition(of id: String) -> Int? {
        guard jobs[id]?.phase == .queued else { return nil }
        return order.filter { self.jobs[$0]?.phase == .queued }.firstIndex(of: id)
    }

    var runningCount: Int { jobs.values.filter { $0.phase == .running }.count }

    /// Whether `id` may start: a slot is free and no older job is waiting for one.
    func mayStart(_ id: String, maxConcurrent: Int?) -> Bool {
        guard let maxConcurrent else { return true }
        return runningCount < maxConcurrent && queuePosition(of: id) == 0
    }

    func recordResultFetch(_ id: String) {
        update(id) { $0.resultFetches += 1 }
        stats.resultsFetched += 1
    }

    func recordCancellation() { stats.cancellations += 1 }
    func recordRejectedInput(model: String) { stats.rejectedInputs[model, default: 0] += 1 }

    /// A finished job's bill: charged when it ran and made its output, even if a cancel came
    /// while it ran (FAL cannot take back work already started).
    func recordFinished(_ job: FakeFALJob) {
        guard job.charged else { return }
        stats.charged[job.model, default: 0] += 1
        if job.cancelRequested { stats.chargedAfterCancel += 1 }
    }
    func recordStream(model: String) { stats.streams[model, default: 0] += 1 }
    func recordRun(model: String) { stats.runs[model, default: 0] += 1 }
    func recordWebhook(delivered: Bool) {
        if delivered { stats.webhooksDelivered += 1 } else { stats.webhooksFailed += 1 }
    }

    // MARK: Storage

    func expectUpload(token: String, id: String, name: String, contentType: String) {
        pendingUploads[token] = (id, name, contentType)
        stats.uploadsInitiated += 1
    }

    /// Stores the PUT bytes under the file id named at initiation; false for an unknown token.
    func completeUpload(token: String, bytes: [UInt8], contentType: String?) -> Bool {
        guard let pending = pendingUploads.removeValue(forKey: token) else { return false }
        files[pending.id] = StoredFile(
            bytes: bytes, contentType: contentType ?? pending.contentType, name: pending.name)
        stats.uploads += 1
        stats.uploadedBytes += bytes.count
        return true
    }

    func issueUploadToken(lifetime: TimeInterval) -> (token: String, expiresAt: Date) {
        let token = (UUID().uuidString + UUID().uuidString).lowercased().replacingOccurrences(of: "-", with: "")
        let expiresAt = Date().addingTimeInterval(lifetime)
        uploadTokens[token] = expiresAt
        stats.uploadTokens += 1
        return (token, expiresAt)
    }

    /// What expiry a call asked for (`FakeFALStats.lifecycles`).
    func recordLifecycle(_ what: String, _ header: String?) {
        let seconds =
            header.flatMap { try? JSONDecoder().decode(Lifecycle.self, from: Data($0.utf8)) }
            .map { String($0.expirationDurationSeconds) } ?? "none"
        stats.lifecycles["\(what) \(seconds)", default: 0] += 1
    }

    /// `{"expiration_duration_seconds": N}`, FAL's lifecycle header's value.
    struct Lifecycle: Decodable {
        let expirationDurationSeconds: Int
        enum CodingKeys: String, CodingKey { case expirationDurationSeconds = "expiration_duration_seconds" }
    }

    func isValidUploadToken(_ token: String) -> Bool { (uploadTokens[token] ?? .distantPast) > Date() }

    /// A file uploaded through a CDN token: stored, counted as an upload; its id.
    func storeUpload(_ file: StoredFile) -> String {
        let id = UUID().uuidString.lowercased()
        files[id] = file
        stats.uploads += 1
        stats.uploadsByToken += 1
        stats.uploadedBytes += file.bytes.count
        return id
    }

    func store(_ file: StoredFile) -> String {
        let id = UUID().uuidString.lowercased()
        files[id] = file
        stats.outputs += 1
        return id
    }

    func file(_ id: String) -> StoredFile? { files[id] }

    // MARK: Lifecycle and reports

    func markStopping() { stopping = true }

    func reset() {
        stats = FakeFALStats()
        faultHits = [:]
        gapStarts = [:]
    }

    func report() -> FakeFALStats.Report {
        stats.report(jobs: order.compactMap { jobs[$0] })
    }
}
