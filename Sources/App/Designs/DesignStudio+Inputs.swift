import Fluent
import Foundation
import PersonaKit
import Providers

/// What a design is made from: the persona, its reference photos, its verified portraits (for
/// FAL) and the brand as the renderers read it.
extension DesignStudio {
    /// The persona asked for, else the default one, else the newest ready one; it must be ready.
    func readyPersona(_ id: UUID?) async throws -> Persona {
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

    /// The reference photos the persona's portrait of `scenario` was made from, best first, then
    /// the persona's other references in the analysis's order: "smile" chooses among all of them
    /// (a tester's "smile" had only the speaking photo, its mirror image and one more to choose
    /// from, while his grin was among the persona's six).
    func references(of persona: Persona, scenario: Int) async throws -> [ReferencePhoto] {
        let personaID = try persona.requireID()
        let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == personaID)
            .sort(\.$attempt, .descending).all()
        let ranked = jobs.sorted { ($0.scenarioIndex == scenario ? 0 : 1) < ($1.scenarioIndex == scenario ? 0 : 1) }
        for job in ranked {
            if let request = try? DesignJSON.decode(PortraitRequest.self, job.request), !request.references.isEmpty {
                let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
                let others = PersonaImage.bestFirst(images, ranked: persona.metadata.referencePhotoUrls)
                    .compactMap(\.referencePhoto)
                    .filter { photo in !request.references.contains { $0.location == photo.location } }
                return request.references + others
            }
        }
        throw ServiceError(
            .conflict, "persona_not_ready", "This persona has no reference photos to make a design from.")
    }

    /// The persona's portraits that passed the likeness check: the newest of each scenario, in
    /// scenario order.
    func verifiedPortraits(of persona: Persona) async throws -> [DesignInputs.Portrait] {
        let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == persona.requireID())
            .filter(\.$state == .verified).sort(\.$attempt, .descending).all()
        var newest: [Int: UUID] = [:]
        for job in jobs where newest[job.scenarioIndex] == nil {
            newest[job.scenarioIndex] = job.portraitImageID
        }
        guard !newest.isEmpty else { return [] }
        let images = try await PersonaImage.query(on: db).filter(\.$id ~~ Array(newest.values)).all()
        var keys: [UUID: String] = [:]
        for image in images { if let id = image.id { keys[id] = image.metadata.storageKey } }
        return newest.keys.sorted().compactMap { scenario in
            newest[scenario].flatMap { keys[$0] }.map { DesignInputs.Portrait(key: $0, scenario: scenario) }
        }
    }

    static func designBrand(_ brand: Brand?) -> DesignBrand {
        guard let brand, !brand.palette.isEmpty || brand.fonts.heading != nil else { return .standard }
        let colours = brand.palette.map { colour -> (hex: String, role: DesignBrand.Role) in
            (colour.hex, DesignBrand.Role(rawValue: colour.role.rawValue) ?? .other)
        }
        let heading = brand.fonts.heading ?? brand.fonts.body
        // A style kept as the family ("bold and playful") is drawn in its fallback: it is not a font
        // missing from this machine, and the version's notes would call it one.
        let family = heading.map { BrandFonts.isStyle($0.family) ? $0.fallback : $0.family }
        return DesignBrand(
            colours: colours.isEmpty ? DesignBrand.standard.colours : colours,
            font: family ?? DesignBrand.standard.font,
            fontFallback: heading?.fallback ?? DesignBrand.standard.fontFallback,
            fontWeight: brand.fonts.heading?.weight,
            hasLogo: brand.logo != nil)
    }
}
