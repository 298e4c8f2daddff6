import Faces
import Fluent
import PersonaKit
import Providers
import SQLKit
import Vapor

/// One portrait job from its claim to its verdict: submit (or resume) the request, store the
/// image, verify it is the person, and record the outcome, a retry or the persona's end.
extension PortraitGenerator {
    func process(_ job: GenerationJob, lease: JobLease) async throws {
        let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        let jobID = try job.requireID()
        let personaID = job.$persona.id
        let provider = services.provider

        if job.requestID == nil, job.submitStartedAt != nil, provider.reportsLostSubmissions {
            // A previous owner began this submission and died before saving the provider's
            // answer. The provider may well have the job: wait for it to report (claim) first.
            if let claimed = try await awaitClaim(jobID) {
                job.requestID = claimed
                job.state = .submitted
            } else {
                app.logger.warning(
                    "portrait job \(jobID): no word of its interrupted submission within \(services.config.lostSubmissionGrace) s; submitting again"
                )
            }
        }
        if job.requestID == nil, job.submitStartedAt == nil, try await adoptKeptRequest(job, request, lease: lease) {
            try await publishStarted(job, request)
        }
        if job.requestID == nil { try await submit(job, request, lease: lease) }
        if try await recordCharge(job, request: request) { try await publishStarted(job, request) }

        let image = try await result(of: job, request, lease: lease)
        try await settle(LedgerRules.delivered(jobID: jobID))

        guard let persona = try await Persona.find(personaID, on: db) else { return }  // deleted meanwhile
        let imageID = UUID()
        let key = "personas/\(personaID.uuidString.lowercased())/portraits/\(imageID.uuidString.lowercased()).jpg"
        try await services.blobs.put(image.bytes, at: key)
        let services = self.services
        var verification = PortraitVerification(faceFound: false, distance: nil)
        if let identity = persona.identity {
            verification = try await services.compute.runIfActive {
                services.verifierResult(image.bytes, identity: identity)
            }
        }

        // The rules decide the verdict, its events and any retry (PersonaKit's PortraitRules).
        let outcome = PortraitRules.verdict(
            job: try job.snapshot(), request: request, verification: verification,
            delivery: PortraitDelivery(
                url: services.signer.url(for: imageID),
                // IPTC's digital source type, which its downloads carry in XMP: the page labels it.
                madeBy: PortraitProvenance.source(provider: job.provider).rawValue))
        let row = PersonaImage(
            id: imageID, personaID: personaID, userID: job.userID,
            imageURL: MediaPath(imageID: imageID).description,
            fileSize: image.bytes.count,
            metadata: PersonaImageMetadata(
                type: .referencePortrait, storageKey: key, contentType: image.contentType, width: image.width,
                height: image.height,
                scenarioIndex: job.scenarioIndex, scenario: request.scenario.id, attempt: job.attempt,
                state: outcome.imageState, identityDistance: verification.distance,
                secondOpinionDistance: verification.secondOpinionDistance, faceCentre: verification.faceCentre,
                jobID: jobID, sourceKey: image.source))
        let retry = try outcome.retry.map { next in
            // The offline studio composes the photo's own face: a new seed would recompose the
            // face that failed, so that photo is left out. A model draws anew from all of them.
            var request = next.request
            if provider.name == LocalStudioProvider.providerName, let source = image.source {
                request = request.without(source)
            }
            return GenerationJob(
                personaID: personaID, userID: job.userID, scenarioIndex: next.scenarioIndex, attempt: next.attempt,
                retriesLeft: next.retriesLeft, provider: provider.name, request: try Self.encode(request))
        }
        let events = services.events
        // The verdict (the image's row, the job's new state, its events, a retry's job) is one
        // fenced transaction: written whole, and only while this process still holds the job. It
        // runs under the same lock as `finishPersonaIfDone`, so another portrait finishing
        // meanwhile cannot see this job finished before its verdict event is out (streams end at
        // persona_ready), nor a retried job without its retry.
        do {
            try await finishing.withPermit {
                try await leases.fenced(lease, on: db) { [self] db in
                    try await lockPersona(personaID, on: db)
                    try await row.save(on: db)
                    job.portraitImageID = imageID
                    job.state = outcome.state
                    try await job.save(on: db)
                    for event in outcome.events { try await events.publish(event, personaID: personaID, on: db) }
                    try await retry?.save(on: db)
                }
            }
        } catch {
            // Not recorded (the lease was lost, say): the stored image belongs to nothing.
            try? await services.blobs.delete(key)
            throw error
        }
        events.wake(personaID)  // SQLite: the local streams read once the commit is visible
        if let retry {
            schedule(try retry.requireID())
            return
        }
        try await finishPersonaIfDone(personaID)
    }

    /// Holds the persona's row until the transaction ends (PostgreSQL), so verdicts and the
    /// persona's completion, from any process, take turns. SQLite has one writer at a time.
    func lockPersona(_ personaID: UUID, on db: any Database) async throws {
        guard leases.postgres else { return }
        try await db.sql().raw("SELECT id FROM personas WHERE id = \(bind: personaID) FOR UPDATE").run()
    }
}
