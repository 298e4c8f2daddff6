import Fluent
import PersonaKit
import Vapor

/// One portrait attempt, durable: its provider request id is saved before waiting, so a restart
/// resumes the request instead of submitting it again.
final class GenerationJob: Model, @unchecked Sendable {
    static let schema = "generation_jobs"

    /// Where the attempt stands: PersonaKit's words, where the pipeline's rules decide them.
    typealias State = PortraitJobState

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Parent(key: "persona_id") var persona: Persona
    @Field(key: "user_id") var userID: String
    // data
    @Field(key: "scenario_index") var scenarioIndex: Int
    @Field(key: "attempt") var attempt: Int
    /// Automatic retries left for this scenario (one after the first attempt).
    @Field(key: "retries_left") var retriesLeft: Int
    @Field(key: "state") var state: State
    @Field(key: "provider") var provider: String
    /// The provider's request, as JSON (`PortraitRequest`).
    @Field(key: "request") var request: String
    @OptionalField(key: "request_id") var requestID: String?
    /// Set just before the provider is asked for the paid work: with no `requestID`, the provider
    /// may still have the job (a crash before its id was saved), so a restart waits for the
    /// provider to report it (PortraitGenerator.claim) before submitting again.
    @OptionalField(key: "submit_started_at") var submitStartedAt: Date?
    @OptionalField(key: "portrait_image_id") var portraitImageID: UUID?
    @OptionalField(key: "error") var error: String?
    // the lease (JobLeases): who runs it, until when (epoch ms), and the fencing version
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Int64?
    @Field(key: "lease_version") var leaseVersion: Int64

    init() {}
    init(
        personaID: UUID, userID: String, scenarioIndex: Int, attempt: Int, retriesLeft: Int, provider: String,
        request: String
    ) {
        self.$persona.id = personaID
        self.userID = userID
        self.scenarioIndex = scenarioIndex
        self.attempt = attempt
        self.retriesLeft = retriesLeft
        self.state = .queued
        self.leaseVersion = 0
        self.provider = provider
        self.request = request
    }
}

/// The rules' view of a job (PersonaRules.latestJobs reads App's rows directly).
extension GenerationJob: ScenarioAttempt {}

extension GenerationJob {
    /// What the pipeline's rules need of this row.
    func snapshot() throws -> PortraitJobSnapshot {
        try snapshot(portraitImageID: portraitImageID, identityDistance: nil)
    }

    /// The same, for deciding how the persona ends: its portrait counts only when its image row
    /// (`portrait`, nil when gone) exists, with that image's measured distance.
    func snapshot(measuredBy portrait: PersonaImage?) throws -> PortraitJobSnapshot {
        try snapshot(portraitImageID: portrait?.id, identityDistance: portrait?.metadata.identityDistance)
    }

    private func snapshot(portraitImageID: UUID?, identityDistance: Double?) throws -> PortraitJobSnapshot {
        PortraitJobSnapshot(
            id: try requireID(), scenarioIndex: scenarioIndex, attempt: attempt, retriesLeft: retriesLeft,
            state: state, requestID: requestID, submitStartedAt: submitStartedAt, portraitImageID: portraitImageID,
            identityDistance: identityDistance, createdAt: createdAt)
    }
}
