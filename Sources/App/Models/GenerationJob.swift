import Fluent
import Vapor

/// One portrait attempt, durable: its provider request id is saved before waiting, so a restart
/// resumes the request instead of submitting it again.
final class GenerationJob: Model, @unchecked Sendable {
    static let schema = "generation_jobs"

    enum State: String, Codable, Sendable {
        /// Not yet submitted.
        case queued
        /// Submitted; `requestID` holds the provider's id.
        case submitted
        /// Portrait stored and verified as the person.
        case verified
        /// Portrait stored but not verified after the automatic retry: a person should look.
        case needsReview = "needs_review"
        /// Replaced by a retry with a new seed.
        case retried
        /// The provider failed for good.
        case failed
        /// The persona was deleted or the job cancelled.
        case cancelled

        var isFinished: Bool { ![.queued, .submitted].contains(self) }
    }

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
        self.provider = provider
        self.request = request
    }
}
