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

    /// The provider name versions record: the offline layout renderer.
    static let provider = "local"
    static let model = "local-layout"

    func create(_ input: CreateInput) async throws -> [Design] {
        let prompt = input.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !prompt.isEmpty else { throw Self.invalid("prompt_required", "Say what the design should show.") }
        guard prompt.count <= Self.maxPrompt else {
            throw Self.invalid("prompt_too_long", "A prompt is at most \(Self.maxPrompt) characters.")
        }
        guard let format = DesignFormat(rawValue: input.format) else {
            throw Self.invalid(
                "unknown_format",
                "The format must be one of: \(DesignFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let title = input.title?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let title, title.count > Self.maxTitle {
            throw Self.invalid("title_too_long", "A title is at most \(Self.maxTitle) characters.")
        }
        if let title, title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw Self.invalid("invalid_title", "A title cannot hold control characters.")
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
        var made: [(Design, DesignVersion)] = []
        for variation in 0..<variations {
            let designID = UUID()
            let seed = UInt64(truncatingIfNeeded: designID.hashValue) | 1
            let spec = DesignSpec.initial(
                format: format, prompt: prompt, title: title?.isEmpty == true ? nil : title, brand: designBrand,
                seed: seed, variation: variation)
            let references = try await references(of: persona, scenario: spec.scenario)
            let design = Design(
                id: designID, userID: userID, personaID: personaID, groupID: group, format: format.rawValue,
                prompt: prompt, title: spec.title)
            let inputs = DesignInputs(
                references: references, scenario: spec.scenario, previousVersion: nil, logoKey: brand?.logo?.key)
            let version = DesignVersion(
                designID: designID, userID: userID, number: 1, kind: variations > 1 ? .variation : .create,
                instruction: nil, effectivePrompt: prompt, spec: DesignJSON.encode(spec),
                inputs: DesignJSON.encode(inputs), provider: Self.provider, notes: [])
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
        let instruction = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !instruction.isEmpty else { throw Self.invalid("instruction_required", "Say what should change.") }
        guard instruction.count <= Self.maxInstruction else {
            throw Self.invalid("instruction_too_long", "An instruction is at most \(Self.maxInstruction) characters.")
        }
        let designID = try design.requireID()
        let versions = try await DesignVersion.query(on: db).filter(\.$design.$id == designID).all()
        guard !versions.contains(where: { $0.state == .queued || $0.state == .rendering }) else {
            throw ServiceError(.conflict, "design_busy", "A version of this design is still being made; wait for it.")
        }
        guard let current = versions.first(where: { $0.number == design.currentVersion }), current.state == .ready
        else {
            throw ServiceError(
                .conflict, "version_not_ready", "The version shown has no picture to refine; revert to one that does.")
        }
        var spec = try DesignJSON.decode(DesignSpec.self, current.spec)
        let brand = try await BrandRecord.query(on: db).filter(\.$userID == userID).first()?.brand
        let applied = DesignInstruction.apply(instruction, to: &spec, palette: Self.designBrand(brand).paletteColours)
        guard applied.understood else {
            throw ServiceError(
                .unprocessableEntity, "instruction_not_understood",
                "The offline studio could not tell what to change. It changes the light (more dramatic, softer, warmer, brighter), colours, the title (in quotes), its size and side, the photo used, and the logo.",
                details: .object(["notes": .array(applied.notes.map { .string($0) })]))
        }
        var inputs = try DesignJSON.decode(DesignInputs.self, current.inputs)
        inputs.previousVersion = current.number
        inputs.logoKey = brand?.logo?.key
        let number = (versions.map(\.number).max() ?? 0) + 1
        let version = DesignVersion(
            designID: designID, userID: userID, number: number, kind: .refine, instruction: instruction,
            effectivePrompt: current.effectivePrompt + "\n+ " + instruction, spec: DesignJSON.encode(spec),
            inputs: DesignJSON.encode(inputs), provider: Self.provider,
            notes: ["Changed: " + applied.changes.joined(separator: ", ") + "."] + applied.notes)
        let title = spec.title
        try await db.transaction { db in
            try await version.create(on: db)
            design.currentVersion = number
            design.title = title
            try await design.save(on: db)
        }
        await queued(design, version)
        return version
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

    func finalize(_ design: Design, version number: Int?) async throws {
        let version = try await self.version(design, number ?? design.currentVersion)
        guard version.state == .ready else {
            throw ServiceError(.conflict, "version_not_ready", "Version \(version.number) has no picture to finalize.")
        }
        design.finalizedVersion = version.number
        design.currentVersion = version.number
        try await design.save(on: db)
    }

    /// The rows in one transaction, then the pictures.
    func delete(_ design: Design) async throws {
        let id = try design.requireID()
        let keys = try await DesignVersion.query(on: db).filter(\.$design.$id == id).all().compactMap(\.imageKey)
        try await db.transaction { db in
            try await DesignVersion.query(on: db).filter(\.$design.$id == id).delete()
            try await design.delete(on: db)
        }
        for key in keys { try? await services.blobs.delete(key) }
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

    // MARK: - Inputs

    /// The persona asked for, else the default one, else the newest ready one; it must be ready.
    private func readyPersona(_ id: UUID?) async throws -> Persona {
        var chosen: Persona?
        if let id {
            chosen = try await Persona.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first()
            guard chosen != nil else { throw ServiceError.notFound("This persona") }
        } else if let preferred = try await UserProfile.query(on: db).filter(\.$userID == userID).first()?
            .defaultPersonaID
        {
            chosen = try await Persona.query(on: db).filter(\.$id == preferred).filter(\.$userID == userID)
                .filter(\.$status == .ready).first()
        }
        if chosen == nil, id == nil {
            chosen = try await Persona.query(on: db).filter(\.$userID == userID).filter(\.$status == .ready)
                .sort(\.$createdAt, .descending).first()
        }
        guard let persona = chosen, persona.status == .ready, persona.identity != nil else {
            throw ServiceError(
                .conflict, "persona_not_ready", "Designs are made from a ready persona: create one, or wait for it.")
        }
        return persona
    }

    /// The reference photos the persona's portrait of `scenario` was made from, best first.
    private func references(of persona: Persona, scenario: Int) async throws -> [ReferencePhoto] {
        let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == persona.requireID())
            .sort(\.$attempt, .descending).all()
        let ranked = jobs.sorted { ($0.scenarioIndex == scenario ? 0 : 1) < ($1.scenarioIndex == scenario ? 0 : 1) }
        for job in ranked {
            if let request = try? DesignJSON.decode(PortraitRequest.self, job.request), !request.references.isEmpty {
                return request.references
            }
        }
        throw ServiceError(
            .conflict, "persona_not_ready", "This persona has no reference photos to make a design from.")
    }

    static func designBrand(_ brand: Brand?) -> DesignBrand {
        guard let brand, !brand.palette.isEmpty || brand.fonts.heading != nil else { return .standard }
        let colours = brand.palette.map { colour -> (hex: String, role: DesignBrand.Role) in
            (colour.hex, DesignBrand.Role(rawValue: colour.role.rawValue) ?? .other)
        }
        let heading = brand.fonts.heading ?? brand.fonts.body
        return DesignBrand(
            colours: colours.isEmpty ? DesignBrand.standard.colours : colours,
            font: heading?.family ?? DesignBrand.standard.font,
            fontFallback: heading?.fallback ?? DesignBrand.standard.fontFallback, hasLogo: brand.logo != nil)
    }

    static func invalid(_ code: String, _ message: String) -> ServiceError {
        ServiceError(.unprocessableEntity, code, message)
    }

    /// Announces a queued version on the persona's stream and wakes the worker.
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

extension DesignBrand {
    var paletteColours: [DesignColour] { colours.compactMap { DesignColour(hex: $0.hex) } }
}
