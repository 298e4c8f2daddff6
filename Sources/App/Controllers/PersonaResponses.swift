import Faces
import Fluent
import PersonaKit
import Providers
import Vapor

/// The JSON shapes of persona routes. URLs are signed, expiring links an `<img>` can load.
struct PersonaSummaryBody: Content {
    let id: UUID
    let name: String
    let description: String
    /// The seed's: `pending_upload`, `analyzing`, `ready`, `failed`.
    let status: String
    /// Ours, finer: `uploading`, `generating`, `done`, `failed` (`Persona.Stage`).
    let stage: String
    let isDefault: Bool
    let createdAt: Date?
    let updatedAt: Date?
    let thumbnailUrl: String?
    /// The photos uploaded: for a draft, how many a "Continue" would bring back.
    let photoCount: Int
}

struct PersonaDetailBody: Content {
    /// Whether an upload is usable as the set's analysis counted it (`SetAnalyzer`): a face and no
    /// issue, or, when `softCount` (too few without them), soft issues only.
    static func isUsable(_ image: PersonaImage, softCount: Bool) -> Bool {
        guard image.metadata.reference != nil else { return false }
        let issues = image.metadata.issues ?? []
        return issues.isEmpty
            || (softCount && issues.allSatisfy { IssueCode(rawValue: $0.code)?.isSoft == true })
    }

    struct Photo: Content {
        let id: UUID
        let url: String
        let fileName: String?
        let fileSize: Int
        let quality: PhotoQuality?
        let issues: [PhotoIssueBody]
        /// Usable as a reference, as the set counted it: a face and no issue, or only soft ones
        /// (a mirror image) where the set needed them (`isUsable`).
        let usable: Bool
        let isReference: Bool
    }

    struct Attempt: Content {
        let attempt: Int
        let url: String
        let state: String
        let identityDistance: Double?
        /// SFace's distance to the persona's SFace centroid; null when SFace was not asked.
        let secondOpinionDistance: Double?
        /// strong, acceptable, weak, off (LikenessGrade); null without a face.
        let likeness: String?
        /// As the portrait's `sourcePhotoId`.
        let sourcePhotoId: UUID?
        /// The attempt shown as the portrait now: the latest, or an earlier one the person kept
        /// (`POST …/portraits/:index/keep`).
        let shown: Bool
        /// True when the offline studio made this attempt, as the portrait's `preview`.
        let preview: Bool
        /// The stored picture's type, `image/jpeg` or `image/png`: a download is named after it.
        let contentType: String?
        /// The words this attempt was asked with, null for none: instructions do not build on one
        /// another, so this is how an earlier look is found again.
        let instruction: String?
        /// As the portrait's `faceCentre`.
        let faceCentre: Point?
        let createdAt: Date?
    }

    struct Portrait: Content {
        let index: Int
        let scenario: String
        let title: String
        /// queued, generating, verified, needs_review, failed
        let state: String
        let url: String?
        let width: Int?
        let height: Int?
        /// As the attempt's: the shown picture's type, null without one.
        let contentType: String?
        let identityDistance: Double?
        /// SFace's distance to the persona's SFace centroid; null when SFace was not asked.
        let secondOpinionDistance: Double?
        /// strong, acceptable, weak, off (LikenessGrade, from both distances); null without a face.
        let likeness: String?
        /// Why a portrait is retrying or needs review: `no_face`, `weak_likeness` or `identity_mismatch`.
        let reason: String?
        /// The provider's error, for a failed portrait.
        let error: String?
        /// The refinement the shown attempt was asked with (the latest job's request: a kept
        /// earlier attempt's own).
        let instruction: String?
        /// What the offline studio did not do of that instruction, and why (`PortraitRefinement`);
        /// empty for a generative model, which reads the instruction itself.
        let instructionNotes: [String]
        /// How the shown portrait was made, as IPTC's digital source type (`trainedAlgorithmicMedia`
        /// for a model's, `composite` for the offline studio's); its downloads say so in XMP.
        let madeBy: String?
        /// The uploaded photo (its id in `photos`) whose own face the shown portrait is, when the
        /// offline studio composed it from one photo; null for a generative model's, which draws
        /// on all the references.
        let sourcePhotoId: UUID?
        /// True when the offline studio made the shown portrait: the person's own photo relit on
        /// a backdrop, a preview rather than a generated portrait (`madeBy` is `composite`).
        let preview: Bool
        /// Jobs made for this scenario: attempts, retries and kept earlier attempts alike; the
        /// latest job's attempt number.
        let attempts: Int
        let history: [Attempt]
        /// The middle of the shown portrait's face as shares of its width and height (0–1), found
        /// by the likeness check; null without a face. A page crops a thumbnail round it: the
        /// dynamic portrait is wide and its face off-centre, and a centred square cut it off.
        let faceCentre: Point?

        enum CodingKeys: String, CodingKey {
            case index, scenario, title, state, url, width, height, contentType, identityDistance,
                secondOpinionDistance, likeness,
                reason, error,
                instruction, instructionNotes, madeBy, sourcePhotoId, preview,
                attempts, history, faceCentre
        }

        // Written out so a portrait without a URL or a measured distance says `null`.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(scenario, forKey: .scenario)
            try c.encode(title, forKey: .title)
            try c.encode(state, forKey: .state)
            try c.encode(url, forKey: .url)
            try c.encode(width, forKey: .width)
            try c.encode(height, forKey: .height)
            try c.encode(contentType, forKey: .contentType)
            try c.encode(identityDistance, forKey: .identityDistance)
            try c.encode(secondOpinionDistance, forKey: .secondOpinionDistance)
            try c.encode(likeness, forKey: .likeness)
            try c.encode(reason, forKey: .reason)
            try c.encode(error, forKey: .error)
            try c.encode(instruction, forKey: .instruction)
            try c.encode(instructionNotes, forKey: .instructionNotes)
            try c.encode(madeBy, forKey: .madeBy)
            try c.encode(sourcePhotoId, forKey: .sourcePhotoId)
            try c.encode(preview, forKey: .preview)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(history, forKey: .history)
            try c.encode(faceCentre, forKey: .faceCentre)
        }
    }

    let id: UUID
    let name: String
    let description: String
    /// The seed's lifecycle word, and our finer stage (as in `PersonaSummaryBody`).
    let status: String
    let stage: String
    let isDefault: Bool
    let metadata: PersonaMetadata
    let photos: [Photo]
    let portraits: [Portrait]
    let eventsUrl: String
    /// The id of the newest stored event: send it as Last-Event-ID to follow only what comes next.
    let lastEventId: Int
    let createdAt: Date?
    let updatedAt: Date?
}

extension PersonaDetailBody {
    /// A stored portrait's likeness check, from its row.
    static func verification(_ image: PersonaImage?) -> PortraitVerification? {
        image?.metadata.identityDistance.map {
            PortraitVerification(
                faceFound: true, distance: $0, secondOpinionDistance: image?.metadata.secondOpinionDistance)
        }
    }

    /// A face's middle to three decimals: a thousandth of the picture is finer than a page crops.
    static func rounded(_ point: Point?) -> Point? {
        point.map { Point(x: ($0.x * 1000).rounded() / 1000, y: ($0.y * 1000).rounded() / 1000) }
    }

    /// Loads what the detail shows: images, jobs, the default flag and the newest event id (the
    /// last two may be `known` already, from PersonaDetailCache's fingerprint).

    static func load(
        _ persona: Persona, db: any Database, signer: MediaSigner,
        known: (isDefault: Bool, lastEventID: Int)? = nil
    ) async throws -> PersonaDetailBody {
        let id = try persona.requireID()
        async let images = PersonaImage.query(on: db).filter(\.$persona.$id == id).all()
        async let jobs = GenerationJob.query(on: db).filter(\.$persona.$id == id).all()
        let flags: (isDefault: Bool, lastEventID: Int)
        if let known {
            flags = known
        } else {
            let defaultID = try await UserProfile.query(on: db).filter(\.$userID == persona.userID).first()?
                .defaultPersonaID
            let lastEvent =
                try await PersonaEventRecord.query(on: db).filter(\.$persona.$id == id).sort(\.$id, .descending)
                .first()?.id
                ?? 0
            flags = (defaultID == id, lastEvent)
        }
        return try PersonaDetailBody(
            persona: persona, images: try await images, jobs: try await jobs, isDefault: flags.isDefault,
            lastEventID: flags.lastEventID, signer: signer)
    }

    init(
        persona: Persona, images: [PersonaImage], jobs: [GenerationJob], isDefault: Bool, lastEventID: Int,
        signer: MediaSigner
    ) throws {
        let id = try persona.requireID()
        let uploads = images.filter { $0.metadata.type == .userUpload }.sorted {
            ($0.createdAt ?? .distantPast, $0.imageURL) < ($1.createdAt ?? .distantPast, $1.imageURL)
        }
        let portraitsByScenario = Dictionary(grouping: images.filter { $0.metadata.type == .referencePortrait }) {
            $0.metadata.scenarioIndex ?? -1
        }
        let uploadIDs = Dictionary(uploads.map { ($0.metadata.storageKey, $0.id) }) { first, _ in first }
        // As the set's analysis counted them: soft issues (a mirror image, an identity asked about)
        // count only when the photos without any are too few (a tester saw "6 of 6 usable" beside
        // three photos the API called unusable).
        let softCount =
            uploads.filter { $0.metadata.reference != nil && ($0.metadata.issues ?? []).isEmpty }.count
            < AnalysisThresholds.standard.minimumUsablePhotos
        func source(of image: PersonaImage?) -> UUID? { image?.metadata.sourceKey.flatMap { uploadIDs[$0] ?? nil } }
        let jobsByID = Dictionary(jobs.compactMap { job in job.id.map { ($0, job) } }) { first, _ in first }
        // Each job's instruction decoded once: the latest job's and every attempt's read it.
        let instructions = jobsByID.compactMapValues(Self.instruction)
        /// Made by the offline studio: its job's provider says so.
        func madeOffline(_ image: PersonaImage) -> Bool {
            image.metadata.jobID.flatMap { jobsByID[$0]?.provider } == LocalStudioProvider.providerName
        }
        let latest = Dictionary(uniqueKeysWithValues: PersonaRules.latestJobs(jobs).map { ($0.scenarioIndex, $0) })
        let portraits = try PortraitScenario.all.map { scenario -> Portrait in
            let history = (portraitsByScenario[scenario.index] ?? []).sorted {
                ($0.metadata.attempt ?? 0) < ($1.metadata.attempt ?? 0)
            }
            let job = latest[scenario.index]
            let current = job?.portraitImageID.flatMap { imageID in history.first { $0.id == imageID } }
            let state = PortraitRules.shownState(of: try job?.snapshot())
            let shown = current ?? history.last
            let needsReason = ["retrying", "needs_review"].contains(state) && shown != nil
            let instruction = job?.id.flatMap { instructions[$0] }
            return Portrait(
                index: scenario.index, scenario: scenario.id, title: scenario.title, state: state,
                url: current.flatMap { $0.id.map { signer.url(for: $0) } },
                width: current?.metadata.width, height: current?.metadata.height,
                contentType: current?.metadata.contentType,
                // Rounded as the events round them, so a page shows the same figure live and
                // after a reload (0.235 and 0.2352 were shown as 0.23 and 0.24).
                identityDistance: current?.metadata.identityDistance.map(roundScore),
                secondOpinionDistance: current?.metadata.secondOpinionDistance.map(roundScore),
                likeness: Self.verification(current)?.likeness?.rawValue,
                reason: needsReason ? (Self.verification(shown).map(\.reason) ?? "no_face") : nil,
                error: job?.state == .failed ? job?.error : nil, instruction: instruction,
                instructionNotes: job?.provider == LocalStudioProvider.providerName
                    ? PortraitRefinement(instruction).notes : [],
                madeBy: current == nil ? nil : job.map { PortraitProvenance.source(provider: $0.provider).rawValue },
                sourcePhotoId: source(of: current),
                preview: current != nil && job?.provider == LocalStudioProvider.providerName,
                attempts: jobs.filter { $0.scenarioIndex == scenario.index }.count,
                history: history.map {
                    Attempt(
                        attempt: $0.metadata.attempt ?? 1, url: signer.url(for: $0.id!), state: $0.metadata.state ?? "",
                        identityDistance: $0.metadata.identityDistance.map(roundScore),
                        secondOpinionDistance: $0.metadata.secondOpinionDistance.map(roundScore),
                        likeness: Self.verification($0)?.likeness?.rawValue, sourcePhotoId: source(of: $0),
                        shown: $0.id == current?.id, preview: madeOffline($0), contentType: $0.metadata.contentType,
                        instruction: $0.metadata.jobID.flatMap { instructions[$0] },
                        faceCentre: Self.rounded($0.metadata.faceCentre), createdAt: $0.createdAt)
                }, faceCentre: Self.rounded(current?.metadata.faceCentre))
        }
        self.init(
            id: id, name: persona.name, description: persona.description, status: persona.status.rawValue,
            stage: persona.stage.rawValue,
            isDefault: isDefault,
            metadata: persona.metadata,
            photos: uploads.map {
                Photo(
                    id: $0.id!, url: signer.url(for: $0.id!), fileName: $0.metadata.fileName,
                    fileSize: $0.uploadedFileSize,
                    quality: $0.metadata.quality, issues: $0.metadata.issues ?? [],
                    usable: Self.isUsable($0, softCount: softCount),
                    isReference: $0.metadata.isReference ?? false)
            },
            portraits: portraits, eventsUrl: "/api/personas/\(id.uuidString.lowercased())/events",
            lastEventId: lastEventID,
            createdAt: persona.createdAt, updatedAt: persona.updatedAt)
    }

    /// The instruction a job was asked with. Only a regeneration carries one; most requests need
    /// no decoding at all.
    static func instruction(_ job: GenerationJob) -> String? {
        guard job.request.contains("\"instruction\"") else { return nil }
        return try? JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8)).instruction
    }
}
