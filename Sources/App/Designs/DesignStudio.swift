import Fluent
import Foundation
import PersonaKit
import Providers
import Vapor

/// The content studio's operations for one user: create a design (or four variations), refine,
/// revert, finalize and delete. Each new version is a queued row the `DesignWorker` renders; the
/// rows are written in one transaction, so a refused request stores nothing.
struct DesignStudio {
    let db: any Database
    let services: InflioServices
    let userID: String

    struct CreateInput: Content {
        var prompt: String
        var format: String
        var title: String?
        var personaId: UUID?
        var variations: Int?
    }

    static let maxPrompt = 500
    static let maxTitle = 120
    static let maxInstruction = 300
    /// Past this many versions, the studio suggests starting again from the original.
    static let manyVersions = 8

    /// The provider name versions record: the offline layout renderer...
    static let provider = "local"
    static let model = "local-layout"
    /// ...or, with INFLIO_PROVIDER=fal, GPT Image 1.5 on FAL: drafts at medium quality.
    var onFAL: Bool { services.falDesigns != nil }
    static let draftQuality = "medium"
    static let finalQuality = "high"

    /// A new version's row, made for the provider this server uses. A model's version shows the
    /// very prompt it is sent as its effective prompt.
    private func newVersion(
        design: Design, number: Int, kind: DesignVersion.Kind, instruction: String?, readable: String,
        spec: DesignSpec, inputs: DesignInputs, notes: [String]
    ) throws -> DesignVersion {
        let effective =
            onFAL
            ? DesignModelPrompt.text(
                spec: spec, prompt: design.prompt, instructions: inputs.instructions ?? [],
                hasPrevious: inputs.previousVersion != nil)
            : readable
        let version = DesignVersion(
            designID: try design.requireID(), userID: userID, number: number, kind: kind, instruction: instruction,
            effectivePrompt: effective, spec: DesignJSON.encode(spec), inputs: DesignJSON.encode(inputs),
            provider: onFAL ? "fal" : Self.provider, notes: notes)
        if onFAL {
            version.model = FALDesignProvider.model
            version.quality = Self.draftQuality
        }
        return version
    }

    func create(_ input: CreateInput) async throws -> [Design] {
        let prompt = try Self.checkedText(
            input.prompt, limit: Self.maxPrompt, field: "prompt",
            empty: ("prompt_required", "Say what the design should show."))
        guard let format = DesignFormat(rawValue: input.format) else {
            throw Self.invalid(
                "unknown_format",
                "The format must be one of: \(DesignFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        // The title: the field, else the prompt's quoted words; either way held to a title's rules.
        var title: String?
        if let given = input.title, !given.isEmpty {
            title = try Self.checkedTitle(given)
        } else if let quoted = DesignPrompt.quoted(in: prompt) {
            title = try Self.checkedTitle(quoted.text)
        }
        let variations = input.variations ?? 1
        guard variations == 1 || variations == 4 else {
            throw Self.invalid("invalid_variations", "Ask for 1 design or 4 variations.")
        }
        let persona = try await readyPersona(input.personaId)
        let personaID = try persona.requireID()
        let brand = try await BrandRecord.query(on: db).filter(\.$userID == userID).first()?.brand
        let designBrand = Self.designBrand(brand)
        let group = variations > 1 ? UUID() : nil
        let portraits = onFAL ? try await verifiedPortraits(of: persona) : nil
        var made: [(Design, DesignVersion)] = []
        for variation in 0..<variations {
            let designID = UUID()
            let seed = UInt64(truncatingIfNeeded: designID.hashValue) | 1
            let spec = DesignSpec.initial(
                format: format, prompt: prompt, title: title ?? "", brand: designBrand,
                seed: seed, variation: onFAL ? 0 : variation)  // on FAL one request for four: one spec
            let references = try await references(of: persona, scenario: spec.scenario)
            let design = Design(
                id: designID, userID: userID, personaID: personaID, groupID: group, format: format.rawValue,
                prompt: prompt, title: spec.title)
            let inputs = DesignInputs(
                references: references, scenario: spec.scenario, previousVersion: nil, logoKey: brand?.logo?.key,
                portraits: portraits)
            let version = try newVersion(
                design: design, number: 1, kind: variations > 1 ? .variation : .create, instruction: nil,
                readable: prompt, spec: spec, inputs: inputs,
                notes: onFAL
                    ? []
                    : DesignPrompt.leftOut(
                        of: prompt, format: format, title: input.title?.isEmpty == false ? title : nil,
                        brandHasLogo: brand?.logo != nil, variation: variation)
                        + [spec.expression?.unseen(in: references)].compactMap { $0 })
            if onFAL, variations > 1 {  // the first asks FAL for all four pictures
                version.id = UUID()
                (version.sharesRequestOf, version.imageIndex) = (made.first?.1.id, made.isEmpty ? nil : made.count)
            }
            made.append((design, version))
        }
        let rows = made
        try await db.transaction { db in
            for (design, version) in rows {
                try await design.create(on: db)
                try await version.create(on: db)
            }
        }
        for (design, version) in made { await queued(design, version) }
        return made.map(\.0)
    }

    /// A new version from the current one, changed as the instruction says.
    func refine(_ design: Design, instruction raw: String) async throws -> DesignVersion {
        let instruction = try Self.checkedText(
            raw, limit: Self.maxInstruction, field: "instruction",
            empty: ("instruction_required", "Say what should change."))
        let designID = try design.requireID()
        let versions = try await DesignVersion.query(on: db).filter(\.$design.$id == designID).all()
        guard !versions.contains(where: { $0.state == .queued || $0.state == .rendering }) else { throw Self.busy }
        guard let current = versions.first(where: { $0.number == design.currentVersion }), current.state == .ready
        else {
            throw ServiceError(
                .conflict, "version_not_ready", "The version shown has no picture to refine; revert to one that does.")
        }
        var previous = try DesignJSON.decode(DesignSpec.self, current.spec)
        // The version's box held its title back (`DesignReport.titleHeldBack`: set below the
        // size asked, the layout's largest or a "bigger" one).
        var titleHeldBack = false
        if let report = current.report.flatMap({ try? DesignJSON.decode(DesignReport.self, $0) }) {
            titleHeldBack = report.titleHeldBack ?? false
            previous = previous.settled(to: report)
        }
        var spec = previous
        let brand = try await BrandRecord.query(on: db).filter(\.$userID == userID).first()?.brand
        let applied = DesignInstruction.apply(instruction, to: &spec, brand: Self.designBrand(brand))
        // A model reads the instruction itself; the offline studio must have understood it.
        guard applied.understood || onFAL else {
            // What needs a model is understood: said first, as the reason nothing changed.
            let message =
                applied.needsAModel.isEmpty
                ? "The offline studio could not tell what to change. It changes " + Self.offlineVocabulary
                : applied.needsAModel.joined(separator: " ") + " The offline studio changes " + Self.offlineVocabulary
            throw ServiceError(
                .unprocessableEntity, "instruction_not_understood", message,
                details: .object(["notes": .array(applied.notes.map { .string($0) })]))
        }
        // A logo asked for that the brand does not have: nothing to draw (a tester's "add my logo
        // in the corner" was made into a copy "as asked"), and a model must not invent one.
        if spec.showLogo, applied.changes.contains("logo shown"), brand?.logo == nil {
            let whence =
                BrandPDFExtractor.isAvailable
                ? "A logo comes with your brand guidelines: \"Upload brand guidelines (PDF)\" in step 1 of the setup."
                : "A logo comes with brand guidelines read from a PDF, which this server cannot read."
            throw ServiceError(
                .unprocessableEntity, "no_logo",
                "Your brand has no logo yet, so there is none to add. \(whence) Adding a logo on its own is not possible yet."
            )
        }
        // Offline, what was understood may be how the version is already ("title on the left"
        // with the title there): a copy of it under a new number, counted as an image made, is no
        // answer (a tester's v4). A picture model may still draw something new from the words.
        // (A logo replaced since is a change the spec does not hold.)
        var inputs = try DesignJSON.decode(DesignInputs.self, current.inputs)
        guard onFAL || spec != previous || (spec.showLogo && inputs.logoKey != brand?.logo?.key) else {
            throw ServiceError(
                .unprocessableEntity, "nothing_to_change",
                ([
                    "v\(current.number) is like that already (\(applied.changes.joined(separator: ", "))), so nothing was made."
                ] + applied.needsAModel).joined(separator: " "),
                details: .object(["notes": .array(applied.notes.map { .string($0) })]))
        }
        // Only a bigger title, when the version's box already held the title back: the picture
        // would be the same (a tester's v5, "Nothing changed", counted as an image made).
        var sizeAlone = spec
        sizeAlone.titleScale = previous.titleScale
        if !onFAL, titleHeldBack, spec.titleScale > previous.titleScale, sizeAlone == previous {
            throw ServiceError(
                .unprocessableEntity, "nothing_to_change",
                "v\(current.number)'s title fills its space already, so nothing was made. A shorter title can be set bigger."
            )
        }
        // A picture model reads the light from the instruction's own words ("a subtle neon glow"
        // is not softer light); the spec keeps what the title, layout and colours need.
        if onFAL { spec = DesignInstruction.keepingLight(spec, from: previous) }
        if spec.title != previous.title, !spec.title.isEmpty {
            spec.title = try Self.checkedTitle(spec.title)
        }
        inputs.previousVersion = current.number
        inputs.logoKey = brand?.logo?.key
        inputs.instructions = (inputs.instructions ?? []) + [instruction]
        let number = (versions.map(\.number).max() ?? 0) + 1
        // On FAL the model reads the light and the face from the words themselves: neither the
        // light dials nor the offline studio's order of photos by face are applied there.
        let done =
            onFAL
            ? applied.changes.filter {
                !DesignInstruction.lightChanges.contains($0) && !DesignExpression.choices.contains($0)
            } : applied.changes
        let changed = done.isEmpty ? [] : ["Changed: " + done.joined(separator: ", ") + "."]
        // A face asked for that none of the photos shows is said here, once.
        let unseen =
            spec.expression != nil && spec.referenceRank == 0 && spec.expression != previous.expression
            ? spec.expression?.unseen(in: inputs.references) : nil
        let version = try newVersion(
            design: design, number: number, kind: .refine, instruction: instruction,
            readable: current.effectivePrompt + "\n+ " + instruction, spec: spec, inputs: inputs,
            notes: onFAL
                ? changed + ["Asked of the image model in your words: “\(instruction)”."]
                : changed + applied.notes + [unseen].compactMap { $0 })
        let title = spec.title
        try await insert(version, into: design) { design in
            design.currentVersion = number
            design.title = title
        }
        return version
    }

    /// What the offline studio changes, for an instruction it could do nothing with.
    static let offlineVocabulary =
        "the light (more dramatic, softer, warmer, brighter), colours, the title (in quotes), its size and side, the photo used, and the logo."

    /// Stores a design's next version with the design's change, in one transaction, and queues it.
    private func insert(_ version: DesignVersion, into design: Design, _ change: @escaping @Sendable (Design) -> Void)
        async throws
    {
        let designID = try design.requireID()
        do {
            try await db.transaction { db in
                try await version.create(on: db)
                change(design)
                try await design.save(on: db)
            }
        } catch {
            // Two requests at once both took the next number: the second is refused like one sent
            // while a version is being made.
            if try await DesignVersion.query(on: db).filter(\.$design.$id == designID)
                .filter(\.$number == version.number).first() != nil
            {
                throw Self.busy
            }
            throw error
        }
        await queued(design, version)
    }

    func revert(_ design: Design, to number: Int) async throws {
        let version = try await self.version(design, number)
        guard version.state == .ready else {
            throw ServiceError(.conflict, "version_not_ready", "Version \(number) has no picture.")
        }
        design.currentVersion = number
        design.title = try DesignJSON.decode(DesignSpec.self, version.spec).title
        try await design.save(on: db)
    }

    /// Marks a version final. A model's draft (medium quality) is made once more at high quality
    /// from its own picture, as a new `final` version, which the design is finalized at when its
    /// picture is there.
    func finalize(_ design: Design, version number: Int?) async throws {
        let version = try await self.version(design, number ?? design.currentVersion)
        guard version.state == .ready else {
            throw ServiceError(.conflict, "version_not_ready", "Version \(version.number) has no picture to finalize.")
        }
        // A draft the fallback model made stays as it is: GPT Image refused it once already.
        guard onFAL, version.provider == "fal", version.quality == Self.draftQuality, version.fallbackReason == nil
        else {
            design.finalizedVersion = version.number
            design.currentVersion = version.number
            try await design.save(on: db)
            return
        }
        let designID = try design.requireID()
        let versions = try await DesignVersion.query(on: db).filter(\.$design.$id == designID).all()
        guard !versions.contains(where: { $0.state == .queued || $0.state == .rendering }) else { throw Self.busy }
        var inputs = try DesignJSON.decode(DesignInputs.self, version.inputs)
        inputs.previousVersion = version.number
        // The draft's picture already shows every change asked: the final only makes it again.
        inputs.instructions = []
        let spec = try DesignJSON.decode(DesignSpec.self, version.spec)
        let number = (versions.map(\.number).max() ?? 0) + 1
        let final = try newVersion(
            design: design, number: number, kind: .final, instruction: nil, readable: version.effectivePrompt,
            spec: spec, inputs: inputs, notes: ["Version \(version.number) made again at high quality, as the final."])
        final.quality = Self.finalQuality
        // Finalized at the new version once its picture is there (`DesignWorker.complete`): a
        // final that fails leaves the design as it was.
        try await insert(final, into: design) { design in design.currentVersion = number }
    }

    /// The rows in one transaction, then the design's folder of pictures: by folder, not by the
    /// keys the rows named, so a picture a render stored meanwhile goes too (the render itself,
    /// fenced, finds its design gone and removes what it wrote after this).
    func delete(_ design: Design) async throws {
        let id = try design.requireID()
        try await db.transaction { db in
            try await DesignVersion.query(on: db).filter(\.$design.$id == id).delete()
            try await design.delete(on: db)
        }
        try await services.blobs.deleteAll(under: Self.folder(design))
    }

    /// Where a design's pictures are stored: under its persona's folder, so the persona's removal
    /// takes them too.
    static func folder(_ design: Design) -> String {
        "\(PersonaStore.folder(design.personaID))/designs/\(design.id!.uuidString.lowercased())"
    }

    func version(_ design: Design, _ number: Int) async throws -> DesignVersion {
        guard
            let version = try await DesignVersion.query(on: db).filter(\.$design.$id == design.requireID())
                .filter(\.$number == number).first()
        else { throw ServiceError.notFound("Version \(number)") }
        return version
    }

    /// The user's design, or the same 404 as for one that does not exist.
    func owned(_ id: UUID?) async throws -> Design {
        guard let id,
            let design = try await Design.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first()
        else { throw ServiceError.notFound("This design") }
        return design
    }

    private func queued(_ design: Design, _ version: DesignVersion) async {
        do {
            try await services.events.publish(
                "design.queued", personaID: design.personaID,
                data: .object([
                    "designId": .string(design.id!.uuidString.lowercased()), "version": .number(Double(version.number)),
                ]), on: db)
        } catch {
            services.designs.logger.warning("could not publish design.queued: \(error)")
        }
        services.designs.schedule()
    }
}
