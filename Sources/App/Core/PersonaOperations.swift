import Fluent
import Imaging
import PersonaKit
import Providers
import Vapor

/// What the command line does with personas, through the same code as the HTTP routes
/// (intake, storage, generator), for one local account.
public struct PersonaOperations {
    let app: Application
    let user: AuthenticatedUser

    /// Acts as the account `email`, made (with a random password) when it does not exist yet.
    public init(app: Application, email: String) async throws {
        self.app = app
        let accounts = app.accounts()
        let normalised = AccountService.canonicalEmail(email)  // as signup and login spell it
        var account = try await User.query(on: app.db).filter(\.$email == normalised).first()
        if account == nil {
            account = try await accounts.createUser(email: normalised, password: Tokens.randomPassword())
        }
        user = AuthenticatedUser(id: try account!.requireID().uuidString, email: account!.email)
    }

    /// What the account must accept before any of its photos is analysed.
    public static var faceDataNotice: String { OnboardingRules.consentNotice }

    public func hasAcceptedFaceDataNotice() async throws -> Bool {
        try await OnboardingProgress.query(on: app.db).filter(\.$userID == user.id).first()?.consentAt != nil
    }

    public func acceptFaceDataNotice() async throws {
        try await OnboardingService(db: app.db, user: user).recordConsent(version: OnboardingRules.consentVersion)
    }

    /// Whether the offline studio makes this service's portraits (previews of the person's own
    /// photos, not generated ones), as the page and the API's `preview` say.
    public var makesPreviews: Bool { app.inflio.provider.name == LocalStudioProvider.providerName }

    public struct Progress: Sendable {
        public let type: String
        public let portraitsDone: Int
        public let detail: String
    }

    /// Creates a persona from photo files and waits until its portraits are made; returns its id.
    public func create(name: String, description: String, photoPaths: [String], progress: @Sendable (Progress) -> Void)
        async throws -> UUID
    {
        let uploads = photoPaths.map { PersonaIntake.Upload(fileName: ($0 as NSString).lastPathComponent, path: $0) }
        let persona = try await PersonaIntake.accept(
            name: name, description: description, uploads: uploads, user: user, app: app, db: app.db)
        let id = try persona.requireID()
        let events = app.inflio.events.subscribe(personaID: id, after: 0)  // a new persona's every event
        var done = 0
        for try await event in events {
            let kind = PersonaEvent.Kind(rawValue: event.type)
            if kind?.finishesPortrait == true { done += 1 }
            progress(
                Progress(type: event.type, portraitsDone: done, detail: Self.describe(event, previews: makesPreviews)))
            if kind?.isTerminal == true { break }
        }
        return id
    }

    /// The persona's portraits (current attempt of each scenario), as scenario id and JPEG bytes.
    public func portraits(of id: UUID) async throws -> [(scenario: String, bytes: [UInt8])] {
        let persona = try await owned(id)
        let jobs = try await GenerationJob.query(on: app.db).filter(\.$persona.$id == persona.requireID()).all()
        var result: [(String, [UInt8])] = []
        for job in PersonaRules.latestJobs(jobs) {
            guard let imageID = job.portraitImageID, let image = try await PersonaImage.find(imageID, on: app.db) else {
                continue
            }
            // Marked AI-made in XMP, as every download of a portrait is (issue 18).
            let stored = try await app.inflio.blobs.get(image.metadata.storageKey)
            let marked = try ProvenanceMark.marked(stored, as: PortraitProvenance.source(provider: job.provider))
            result.append((image.metadata.scenario ?? "portrait-\(job.scenarioIndex)", marked))
        }
        return result
    }

    public func listJSON() async throws -> String {
        // Drafts are not personas yet (as in GET /api/personas).
        let personas = try await Persona.query(on: app.db).filter(\.$userID == user.id)
            .filter(\.$status != .pendingUpload).sort(\.$createdAt, .descending)
            .all()
        return try Self.json(
            personas.map {
                [
                    "id": $0.id!.uuidString.lowercased(), "name": $0.name, "status": $0.status.rawValue,
                    "stage": $0.stage.rawValue,
                    "analysisQuality": $0.metadata.analysisQuality,
                    "consistencyScore": String(format: "%.3f", $0.metadata.consistencyScore),
                ]
            })
    }

    public func showJSON(_ id: UUID) async throws -> String {
        try Self.json(try await PersonaDetailBody.load(try await owned(id), db: app.db, signer: app.inflio.signer))
    }

    public func delete(_ id: UUID) async throws {
        try await PersonaStore.delete(try await owned(id), services: app.inflio, db: app.db)
    }

    private func owned(_ id: UUID) async throws -> Persona {
        guard let persona = try await Persona.query(on: app.db).filter(\.$id == id).filter(\.$userID == user.id).first()
        else {
            throw ServiceError.notFound("Persona \(id.uuidString.lowercased())")
        }
        return persona
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A progress line. An offline preview's check is a measure, not a verification (the face is
    /// the person's own photo), so it says "preview made" with its likeness, as the page does.
    static func describe(_ event: PersonaEventBody, previews: Bool = false) -> String {
        guard case .object(let data) = event.data else { return event.type }
        var type = event.type.replacingOccurrences(of: "_", with: " ")
        var measured = ""
        if previews && event.type == PersonaEvent.Kind.portraitVerified.rawValue {
            type = "preview made"
            if case .number(let distance)? = data["identityDistance"] {
                let grade: String
                if case .string(let likeness)? = data["likeness"] {
                    grade = "\(likeness) likeness"
                } else {
                    grade = "likeness"
                }
                measured = " (\(grade), distance \(String(format: "%.2f", distance)))"
            }
        }
        if case .string(let scenario)? = data["scenario"] { return "\(type): \(scenario)\(measured)" }
        return type
    }
}
