import Fluent
import Foundation

/// One version of a design: what asked for it (the prompt or an instruction), the spec and inputs
/// it was drawn from, and what came out: the image, its measured likeness to the persona and its
/// cost. Versions are kept; refining makes a new one from the current one.
final class DesignVersion: Model, @unchecked Sendable {
    static let schema = "design_versions"

    enum State: String, Codable, Sendable { case queued, rendering, ready, failed }
    /// `final`: a model's draft made again at high quality when it is finalized.
    enum Kind: String, Codable, Sendable { case create, refine, variation, final }

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Parent(key: "design_id") var design: Design
    @Field(key: "user_id") var userID: String
    // data
    @Field(key: "number") var number: Int
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "instruction") var instruction: String?
    @Field(key: "effective_prompt") var effectivePrompt: String
    /// `DesignSpec` as JSON.
    @Field(key: "spec") var spec: String
    /// `DesignInputs` as JSON.
    @Field(key: "inputs") var inputs: String
    @Field(key: "state") var state: State
    @Field(key: "provider") var provider: String
    @OptionalField(key: "request_id") var requestID: String?
    @Field(key: "cost_usd") var costUSD: Double
    @OptionalField(key: "image_key") var imageKey: String?
    @OptionalField(key: "identity_distance") var identityDistance: Double?
    @OptionalField(key: "likeness") var likeness: String?
    /// Whether the title on the image is known to be the one asked for: `drawn` (the renderer set
    /// it), `not_verified` (a model drew it) or `none` (no title asked).
    @Field(key: "text_check") var textCheck: String
    /// `DesignReport` as JSON.
    @OptionalField(key: "report") var report: String?
    /// `[String]` as JSON: what could not be done as asked.
    @Field(key: "notes") var notes: String
    @OptionalField(key: "warning") var warning: String?
    @OptionalField(key: "error_code") var errorCode: String?
    @OptionalField(key: "error_message") var errorMessage: String?
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Int64?
    /// Claims so far: a version whose renders keep failing for a passing reason (or crashing its
    /// process) is given up after `DesignWorker.maxAttempts`.
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "completed_at") var completedAt: Date?
    /// The picture model asked (nil for the layout renderer) and at which quality.
    @OptionalField(key: "model") var model: String?
    @OptionalField(key: "quality") var quality: String?
    /// The queue request being waited on, as FAL's submit answer (JSON): written before waiting,
    /// so a claim after a restart resumes it instead of paying for another.
    @OptionalField(key: "provider_request") var providerRequest: String?
    /// When the latest paid submission began; with no `providerRequest`, FAL may have taken it
    /// without our learning its id (a crash): its webhook claims it (DesignWorker.claim).
    @OptionalField(key: "submit_started_at") var submitStartedAt: Date?
    /// The first variation's version, which asks FAL for this one's picture in its own request
    /// (four variations, one request for four); nil once this version asks on its own.
    @OptionalField(key: "shares_request_of") var sharesRequestOf: UUID?
    /// Which picture of the stored request is this version's (a shared request's); nil is the first.
    @OptionalField(key: "image_index") var imageIndex: Int?
    /// Why the picture was made by the fallback model (GPT Image refused the edit).
    @OptionalField(key: "fallback_reason") var fallbackReason: String?
    /// The model's picture cropped to the format, without the title: the next refinement's start.
    @OptionalField(key: "base_key") var baseKey: String?

    init() {}
    init(
        designID: UUID, userID: String, number: Int, kind: Kind, instruction: String?, effectivePrompt: String,
        spec: String, inputs: String, provider: String, notes: [String]
    ) {
        self.$design.id = designID
        self.userID = userID
        self.number = number
        self.kind = kind
        self.instruction = instruction
        self.effectivePrompt = effectivePrompt
        self.spec = spec
        self.inputs = inputs
        self.state = .queued
        self.provider = provider
        self.costUSD = 0
        self.attempts = 0
        self.textCheck = "none"
        self.notes = DesignJSON.encode(notes)
    }
}
