import FAL
import Fluent
import Foundation
import Imaging
import PersonaKit
import Providers
import SQLKit

/// Versions made on FAL (INFLIO_PROVIDER=fal): GPT Image 1.5 edit makes the picture without
/// words at its nearest size, which is cropped to the format; the title and logo are then set
/// here as the layout renderer sets them, and the face is checked against the persona.
///
/// Each submission is stored with its ledger line, fenced by the claim, before any wait: a claim
/// after a restart (or after another process's lease ran out) finds the stored request and waits
/// on it, so a crash never pays twice. For the instant between FAL accepting a request and that
/// write, the version notes when the paid call began, and the webhook URL names the version: a
/// claim that finds the note without a request waits for FAL's webhook to say which request it
/// was (DesignWorker+Claim), as portraits do.
extension DesignWorker {
    func renderOnFAL(
        _ version: DesignVersion, _ design: Design, _ claim: Claim, identity: Data,
        provider: FALDesignProvider
    ) async throws {
        do {
            try await makeOnFAL(version, design, claim, identity: identity, provider: provider)
            await endPreview(claim.versionID, design, number: version.number)
        } catch {
            await endPreview(claim.versionID, design, number: version.number)
            throw error
        }
    }

    private func makeOnFAL(
        _ version: DesignVersion, _ design: Design, _ claim: Claim, identity: Data,
        provider: FALDesignProvider
    ) async throws {
        let services = app.inflio
        let spec = try DesignJSON.decode(DesignSpec.self, version.spec)
        let inputs = try DesignJSON.decode(DesignInputs.self, version.inputs)
        var notes = try DesignJSON.decode([String].self, version.notes)
        var stored = version.providerRequest
        var fallback = version.fallbackReason != nil
        let logo: [UInt8]? = if let key = inputs.logoKey { try? await services.blobs.get(key) } else { nil }
        var retried = false
        var resubmissions = 0
        // Submissions FAL did not answer and no webhook claimed: sent again at most twice.
        var unanswered = 0
        // Which picture of the stored request is this version's (another variation's request).
        var index = version.imageIndex ?? 0
        if stored == nil, version.submitStartedAt != nil, provider.reportsLostSubmissions {
            // A submission was begun and its answer never stored: FAL may have taken it.
            stored = try await awaitClaim(claim.versionID)
            if stored == nil {
                logger.warning(
                    "design version \(claim.versionID): no word of its interrupted submission within \(services.config.lostSubmissionGrace) s; submitting again"
                )
            }
        }
        while true {
            if stored == nil {
                // Not cancelled by a stop: FAL may accept the request at any instant, and only
                // the write that follows makes it resumable, so the two finish together.
                let onFallback = fallback
                let submitted: Submitted
                do {
                    submitted = try await Task.detached { [self] in
                        try await submitOnFAL(version, design, claim, spec, inputs, onFallback, provider)
                    }.value
                } catch let error as UnansweredSubmission {
                    // FAL may have taken it: its webhook names this version and says so, as after
                    // a crash (DesignWorker+Claim). Sent again only when no word comes in time.
                    logger.info("design version \(claim.versionID): \(error); waiting for its webhook")
                    stored = try await awaitClaim(claim.versionID)
                    index = 0
                    if stored == nil {
                        guard unanswered < 2 else { throw ProviderError.unavailable(error.description) }
                        unanswered += 1
                        logger.warning(
                            "design version \(claim.versionID): no word of its unanswered submission within \(services.config.lostSubmissionGrace) s; submitting again"
                        )
                    }
                    continue
                }
                switch submitted {
                case .stored(let request, let order):
                    stored = request
                    index = 0
                    // The preview is GPT Image's: none for the fallback, none once stopping.
                    if services.config.designPreviewStream, !onFallback, !Task.isCancelled {
                        previewOnFAL(order, version, design, claim, provider)
                    }
                case .refused(let reason):
                    guard !fallback else { throw Self.bothRefused(reason) }
                    notes.append(Self.fallbackNote(reason))
                    try await fellBack(claim, reason: reason, notes: notes)
                    fallback = true
                    continue
                }
            }
            let request = stored!
            let picture: GeneratedImage
            do {
                picture = try await waitOnFAL(request, index: index, version, design, provider)
                // FAL delivered, so it bills this picture whatever happens to it here.
                try await settle(claim, request, outcome: .succeeded)
            } catch let failure as FALJobFailure {
                // FAL ran the job and it failed: not billed. Its answer stays the same however
                // often it is read, so the version fails now, saying what FAL said.
                try await settle(claim, request, outcome: .failed)
                throw failure.lasting
            } catch ProviderError.rejected(let code, let message) where code == "unreadable_output" {
                // FAL delivered a picture we cannot read: billed all the same.
                try await settle(claim, request, outcome: .succeeded)
                throw ProviderError.rejected(code: code, message: message)
            } catch let error as FALError where error.isContentPolicyRefusal {
                try await settle(claim, request, outcome: .failed)
                guard !fallback else { throw Self.bothRefused("\(error)") }
                notes.append(Self.fallbackNote("\(error)"))
                try await fellBack(claim, reason: "\(error)", notes: notes)
                fallback = true
                stored = nil
                continue
            } catch SubmissionVerdict.resubmit(let code, let message) {
                // Not billed either way; past two resubmissions in one claim, the claim gives up.
                guard resubmissions < 2 else {
                    try await settle(claim, request, outcome: .failed)
                    try await forget(claim, notes: notes)
                    throw SubmissionVerdict.resubmit(code: code, message: message)
                }
                // FAL does not know the request, or failed it saying another may work: not
                // billed, so it is given up and the picture asked again.
                resubmissions += 1
                notes.append("FAL lost or failed the request (\(code)); it was submitted again.")
                try await settle(claim, request, outcome: .failed)
                try await forget(claim, notes: notes)
                logger.info("design version \(claim.versionID): \(message); submitting again")
                stored = nil
                continue
            }
            await publish(
                "design.progress", design,
                ["version": .number(Double(version.number)), "stage": .string("checking likeness")])
            // The face is checked on the model's picture as it came, on one compute thread, while
            // the other fits it to the format and sets the title: the title's box is kept clear
            // of the face, so the check sees the face the design shows.
            async let checked = services.compute.runIfActive {
                services.verifierResult(picture.bytes, identity: identity)
            }
            let (png, base, report) = try await services.compute.runIfActive {
                let fitted = try DesignCanvas.cover(
                    try EditableImage(bytes: picture.bytes), width: spec.format.size.width,
                    height: spec.format.size.height
                ).materialized()
                let dressed = try LayoutRenderer.dress(fitted, spec: spec, logo: logo)
                return (
                    try dressed.image.png(compression: .fast), try fitted.jpeg(quality: 92),
                    dressed.report(referenceIndex: spec.referenceRank, layout: spec.layout)
                )
            }
            let check = try await checked
            // One more picture when the face fails, unless this version already paid for two.
            if !check.verified, !retried, try await charges(claim.versionID) < 2 {
                retried = true
                notes.append(
                    "The first picture's face did not pass the likeness check (\(check.reason ?? "no_face")); the model was asked once more."
                )
                try await settle(claim, request, outcome: .succeeded)
                try await forget(claim, notes: notes)
                stored = nil
                continue
            }
            let requestID = FALDesignProvider.requestId(of: request)
            try await complete(
                Finished(
                    png: png, base: base, report: report, check: check, notes: notes, spec: DesignJSON.encode(spec),
                    requestID: requestID, textCheck: "drawn", ledger: nil, settles: requestID),
                version, design, claim)
            return
        }
    }

    static func bothRefused(_ reason: String) -> ServiceError {
        ServiceError(
            .unprocessableEntity, "content_policy",
            "Both image models refused this picture under their content policy: \(reason)")
    }

    enum Submitted: Sendable {
        case stored(String, FALDesignProvider.Order)
        /// GPT Image refused at once under its content policy: the fallback's turn.
        case refused(String)
    }

    /// Uploads the version's images and queues it; the request and its ledger line are stored
    /// together, fenced, before anything waits on it.
    private func submitOnFAL(
        _ version: DesignVersion, _ design: Design, _ claim: Claim, _ spec: DesignSpec, _ inputs: DesignInputs,
        _ fallback: Bool, _ provider: FALDesignProvider
    ) async throws -> Submitted {
        let services = app.inflio
        await publish(
            "design.progress", design, ["version": .number(Double(version.number)), "stage": .string("submitting")])
        var images: [[UInt8]] = []
        let sent = inputs.forModel(scenario: spec.scenario)
        for reference in sent.references { images.append(try await services.blobs.get(reference.location)) }
        for portrait in sent.portraits { images.append(try await services.blobs.get(portrait.key)) }
        var hasPrevious = false
        if let previous = inputs.previousVersion,
            let row = try await DesignVersion.query(on: db).filter(\.$design.$id == version.$design.id)
                .filter(\.$number == previous).first(),
            let key = row.baseKey ?? row.imageKey
        {
            images.append(try await services.blobs.get(key))
            hasPrevious = true
        }
        // A final only makes the draft again: without the draft's picture it would be another
        // picture, not the one the person chose.
        if version.kind == .final, !hasPrevious {
            throw ServiceError(
                .conflict, "draft_picture_missing",
                "The draft's picture is gone, so the final cannot be made from it. Refine the design or make it again.")
        }
        // The prompt the version shows, which said whether a previous picture comes last.
        var prompt = version.effectivePrompt
        if !hasPrevious, inputs.previousVersion != nil {
            prompt = DesignModelPrompt.text(
                spec: spec, prompt: design.prompt, instructions: inputs.instructions ?? [], hasPrevious: false)
        }
        let versionID = claim.versionID
        // The variations waiting for this one (one request for four) get their pictures from it.
        let siblings = try await sharers(of: versionID)
        let order = FALDesignProvider.Order(
            prompt: prompt, images: images, format: spec.format, quality: version.quality ?? "medium",
            count: 1 + siblings.count)
        let submission: FALDesignProvider.Submission
        do {
            submission = try await provider.submit(
                order, fallback: fallback, tag: versionID.uuidString.lowercased(),
                committing: { [self] in
                    // Before the paid call: a crash after FAL takes it is then recognised. This
                    // version's own request: its picture is the first, whoever it waited for.
                    try await fenced(claim) { db in
                        let now = Date()
                        let marked = try await db.sql().raw(
                            """
                            UPDATE design_versions SET submit_started_at = \(bind: now), shares_request_of = NULL,
                                image_index = NULL
                            WHERE id = \(bind: versionID) AND provider_request IS NULL
                            RETURNING id
                            """
                        ).all()
                        // A webhook stored a request after our wait for it gave up: the next
                        // claim waits on that one instead of paying for another.
                        guard !marked.isEmpty else {
                            throw ProviderError.unavailable("a request was stored for this version meanwhile")
                        }
                        try await Self.markShared(siblings, of: versionID, at: now, on: db)
                    }
                })
        } catch let error as FALError where error.isContentPolicyRefusal {
            if !siblings.isEmpty {
                try await fenced(claim) { db in try await Self.unmarkShared(siblings, of: versionID, on: db) }
            }
            return .refused("\(error)")
        } catch ProviderError.rejected(let code, let message) {
            // Refused outright (a 4xx): nothing was accepted, so the variations need not wait for a webhook.
            if !siblings.isEmpty {
                try await fenced(claim) { db in try await Self.unmarkShared(siblings, of: versionID, on: db) }
            }
            throw ProviderError.rejected(code: code, message: message)
        }
        // A line of one picture on each version that shares the request.
        var one = order
        one.count = 1
        let charge = provider.charge(for: one, fallback: fallback).charge
        let line = Self.pictureLine(
            userID: version.userID, personaID: design.personaID, model: submission.model, charge: charge,
            format: spec.format, requestID: submission.requestId)
        try await fenced(claim) { db in
            // FAL's webhook may have come first and claimed the request (DesignWorker.claim),
            // its lines written: then only the same request is stored again.
            let claimed = try await LedgerEntry.query(on: db).filter(\.$jobID == versionID)
                .filter(\.$requestID == submission.requestId).first()
            guard claimed == nil else {
                try await db.sql().raw(
                    "UPDATE design_versions SET provider_request = \(bind: submission.stored) WHERE id = \(bind: versionID)"
                ).run()
                return
            }
            try await line(versionID).create(on: db)
            try await db.sql().raw(
                """
                UPDATE design_versions SET provider_request = \(bind: submission.stored),
                    request_id = \(bind: submission.requestId), model = \(bind: submission.model),
                    cost_usd = cost_usd + \(bind: charge.totalUSD)
                WHERE id = \(bind: versionID)
                """
            ).run()
            try await Self.storeShared(
                siblings, of: versionID, stored: submission.stored, requestID: submission.requestId,
                model: submission.model, line: line, cost: charge.totalUSD, on: db)
        }
        if !siblings.isEmpty { schedule() }
        return .stored(submission.stored, order)
    }

    /// Waits for the stored request, relaying its queue position and progress, in order and only
    /// when they change, as `design.progress` events.
    private func waitOnFAL(
        _ stored: String, index: Int, _ version: DesignVersion, _ design: Design, _ provider: FALDesignProvider
    ) async throws -> GeneratedImage {
        let (statuses, sink) = AsyncStream.makeStream(of: FALQueueStatus.self)
        let relay = Task { [self] in
            // The status stream and the polls both report: only a later state, or a new place in
            // line, is news (a poll answered before a change must not move the page back).
            var last: (rank: Int, position: Int?)?
            for await status in statuses {
                var data: [String: JSONValue] = ["version": .number(Double(version.number))]
                let rank: Int
                switch status.state {
                case .inQueue:
                    rank = 1
                    data["stage"] = .string("in_queue")
                    if let position = status.queuePosition { data["queuePosition"] = .number(Double(position)) }
                case .inProgress:
                    rank = 2
                    data["stage"] = .string("generating")
                case .completed:
                    rank = 3
                    data["stage"] = .string("downloading")
                default: continue
                }
                if let last,
                    rank < last.rank || (rank == last.rank && !Self.movedUp(status.queuePosition, from: last.position))
                {
                    continue
                }
                last = (rank, status.queuePosition)
                await publish("design.progress", design, data)
            }
        }
        defer {
            sink.finish()
        }
        let picture = try await provider.picture(stored: stored, index: index) { sink.yield($0) }
        sink.finish()
        await relay.value
        return picture
    }

    /// A place in line nearer the front than the last one reported (a stale poll says an older one).
    static func movedUp(_ position: Int?, from last: Int?) -> Bool {
        guard let position else { return false }
        guard let last else { return true }
        return position < last
    }

    static func fallbackNote(_ reason: String) -> String {
        "GPT Image 1.5 refused to edit this photo under its content policy (\(reason)); the picture was made with Nano Banana Pro instead."
    }
}
