import Foundation
import PersonaKit
import Providers
import Vapor

/// The API's shape of a design and its versions.
struct DesignBody: Content {
    struct Version: Content {
        struct Title: Content {
            let text: String
            let contrast: Double
            let truncated: Bool
        }

        struct Failure: Content {
            let code: String
            let message: String
        }

        let number: Int
        let kind: String
        let instruction: String?
        let effectivePrompt: String
        let state: String
        let provider: String
        /// The picture model (nil for the layout renderer), its quality, and why the fallback
        /// model made it instead, if it did.
        let model: String?
        let quality: String?
        let fallbackReason: String?
        let requestId: String?
        let costUSD: Double
        let imageUrl: String?
        let identityDistance: Double?
        let likeness: String?
        let textCheck: String
        let title: Title?
        let layout: String?
        let notes: [String]
        let warning: String?
        let error: Failure?
        let inputs: Inputs
        let createdAt: Date?
        let completedAt: Date?
    }

    struct Inputs: Content {
        /// The reference photos' file names: those the picture model was sent, on FAL.
        let references: [String]
        /// The reference photo the offline studio cut the person out of (of `references`); nil
        /// on FAL, whose model draws the person from all it was sent, and before it is made.
        let shown: String?
        /// On FAL, the scenarios of the persona's portraits the model was sent after the
        /// reference photos, first to last.
        let portraits: [String]
        let previousVersion: Int?
        let scenario: Int
        let logo: Bool
    }

    let id: UUID
    let personaId: UUID
    let group: UUID?
    let format: String
    let width: Int
    let height: Int
    let prompt: String
    let title: String
    let state: String
    let currentVersion: Int
    let finalizedVersion: Int?
    let suggestion: String?
    /// The persona stream's latest event id: open `/api/personas/:id/events?lastEventId=` here.
    let eventCursor: Int
    let versions: [Version]
    let createdAt: Date?
    let updatedAt: Date?

    init(_ design: Design, versions: [DesignVersion], eventCursor: Int) throws {
        let format = DesignFormat(rawValue: design.format)
        let sorted = versions.sorted { $0.number < $1.number }
        id = try design.requireID()
        personaId = design.personaID
        group = design.groupID
        self.format = design.format
        width = format?.size.width ?? 0
        height = format?.size.height ?? 0
        prompt = design.prompt
        title = design.title
        currentVersion = design.currentVersion
        finalizedVersion = design.finalizedVersion
        self.eventCursor = eventCursor
        let current = sorted.first { $0.number == design.currentVersion }
        state =
            sorted.contains { $0.state == .queued || $0.state == .rendering }
            ? "working" : (current?.state == .failed ? "failed" : "ready")
        suggestion = Self.suggestion(sorted, current: current)
        self.versions = sorted.map { Self.version($0, designID: design.id!) }
        createdAt = design.createdAt
        updatedAt = design.updatedAt
    }

    /// After many refinements, or once the face has drifted, starting again is the better path.
    static func suggestion(_ versions: [DesignVersion], current: DesignVersion?) -> String? {
        if let current, current.state == .ready, let likeness = current.likeness,
            likeness == LikenessGrade.weak.rawValue || likeness == LikenessGrade.off.rawValue
        {
            return "This version has drifted from your face. Start again from the original prompt?"
        }
        if versions.count >= DesignStudio.manyVersions {
            return
                "This design has had \(versions.count) versions. Start again from the original prompt for a fresh take?"
        }
        return nil
    }

    static func inputs(_ inputs: DesignInputs?, version v: DesignVersion, report: DesignReport?) -> Inputs {
        var references = inputs?.references ?? []
        let name = { (photo: ReferencePhoto) in (photo.location as NSString).lastPathComponent }
        let shown =
            v.provider == "fal"
            ? nil
            : report.flatMap {
                references.indices.contains($0.referenceIndex) ? name(references[$0.referenceIndex]) : nil
            }
        var portraits: [String] = []
        if v.provider == "fal", let inputs,
            let spec = try? DesignJSON.decode(DesignSpec.self, v.spec)
        {
            let sent = inputs.forModel(scenario: spec.scenario)
            references = sent.references
            portraits = sent.portraits.map { PortraitScenario.all[min($0.scenario, PortraitScenario.all.count - 1)].id }
        }
        return Inputs(
            references: references.map(name), shown: shown, portraits: portraits,
            previousVersion: inputs?.previousVersion, scenario: inputs?.scenario ?? 0, logo: inputs?.logoKey != nil)
    }

    static func version(_ v: DesignVersion, designID: UUID) -> Version {
        let report = v.report.flatMap { try? DesignJSON.decode(DesignReport.self, $0) }
        let inputs = try? DesignJSON.decode(DesignInputs.self, v.inputs)
        let id = designID.uuidString.lowercased()
        return Version(
            number: v.number, kind: v.kind.rawValue, instruction: v.instruction, effectivePrompt: v.effectivePrompt,
            state: v.state.rawValue, provider: v.provider, model: v.model, quality: v.quality,
            fallbackReason: v.fallbackReason, requestId: v.requestID, costUSD: v.costUSD,
            imageUrl: v.imageKey == nil
                ? nil
                : "/api/designs/\(id)/versions/\(v.number)/image?t=\(Int(v.completedAt?.timeIntervalSince1970 ?? 0))",
            identityDistance: v.identityDistance.map { ($0 * 1000).rounded() / 1000 }, likeness: v.likeness,
            textCheck: v.textCheck,
            title: report?.title.map { Version.Title(text: $0.text, contrast: $0.contrast, truncated: $0.truncated) },
            layout: report?.layout.rawValue,
            notes: (try? DesignJSON.decode([String].self, v.notes)) ?? [], warning: v.warning,
            error: v.errorCode.map { Version.Failure(code: $0, message: v.errorMessage ?? "") },
            inputs: Self.inputs(inputs, version: v, report: report),
            createdAt: v.createdAt, completedAt: v.completedAt)
    }
}

struct DesignList: Content {
    let designs: [DesignBody]
}

struct DesignFormats: Content {
    struct Format: Content {
        let id: String
        let label: String
        let width: Int
        let height: Int
    }

    let formats: [Format]
}
