import Foundation
import Imaging
import PersonaKit

/// What the layout renderer made, and what it knows it drew.
public struct DesignRender: Sendable {
    public let image: EditableImage
    public let report: DesignReport
}

public struct DesignReport: Codable, Sendable, Equatable {
    /// The title as drawn (nil when the design has none), with its measured contrast.
    public var title: TitleCompositor.Report?
    /// The reference photo that lent the face, as an index into the references given.
    public var referenceIndex: Int
    public var layout: DesignSpec.Layout
    /// The family the title was set in: the brand's when installed, else its fallback.
    public var font: String
    public var logo: Bool
    /// Notes for the person: what could not be done as asked.
    public var notes: [String]
    /// How many of the references given could frame this design: another try with the next one
    /// (`referenceRank + 1`) shows another photo only when there is more than one.
    public var usableReferences: Int
    /// The title's size as a share of the size it fits its box at, when it was asked bigger or
    /// smaller (nil: as fitted). The next refinement starts from it, not from the share asked: a
    /// "smaller" after two "bigger"s the box held back had come out the same, reported done.
    public var titleScale: Double?
    /// Whether the title's box held it back from the size asked (the layout's largest, or a
    /// "bigger" one, when the note "The title fills its space" says so): another "bigger" would
    /// make the same picture. Nil in older reports.
    public var titleHeldBack: Bool?
}

/// The offline designer: a persona's person cut out of a reference photo (the studio renderer's
/// framing and matte) on the brand's colours, with the title set by `TitleCompositor` and the
/// logo, in one of three layouts, at the format's exact size. No model and no network; the same
/// spec gives the same pixels.
public enum LayoutRenderer {
    public static func render(
        spec: DesignSpec, references: [ReferencePhoto], photos: [[UInt8]], logo: [UInt8]?
    ) throws -> DesignRender {
        // Its full-size buffers are the studio's (warp, matte, edge colours): reused alike.
        try LargeBlockReuse.during { try composed(spec: spec, references: references, photos: photos, logo: logo) }
    }

    private static func composed(
        spec: DesignSpec, references: [ReferencePhoto], photos: [[UInt8]], logo: [UInt8]?
    ) throws -> DesignRender {
        let height = spec.format.size.height
        let geometry = DesignGeometry(spec: spec)
        let sizes = photos.map { try? ImageDecoder.dimensions(of: $0) }
        let usable = usableReferences(references, sizes: sizes)
        guard !usable.isEmpty else {
            throw ProviderError.rejected(
                code: "no_usable_reference",
                message: "A design needs at least one readable reference photo with a face.")
        }
        let ordered = spec.expression?.ordered(usable, references) ?? usable
        let index = ordered[((spec.referenceRank % usable.count) + usable.count) % usable.count]
        let reference = references[index]
        let original = sizes[index]!
        let longSide = max(original.width, original.height)
        // Decoded no larger than needed: the face at the layout's size, with a margin.
        let (left, right) = reference.landmarks.eyeCentres
        let wanted = geometry.eyeDistance * Double(height) * 1.6
        let scale = min(1, wanted / max(1, left.distance(to: right)))
        let photo = try EditableImage(bytes: photos[index], maxSide: max(256, Int(Double(longSide) * scale * 1.25)))
        let (image, person) = try DesignPerson.render(
            photo: photo, reference: reference, photoScale: Double(photo.width) / Double(original.width), spec: spec,
            geometry: geometry,
            litFromBehind: ScenarioCasting.isBacklit(index, references))
        let cleared = try titleClearing(spec: spec, geometry: geometry, person: person)
        let dressed = try dress(image, spec: spec, logo: logo, geometry: cleared)
        return DesignRender(
            image: dressed.image,
            report: DesignReport(
                title: dressed.title, referenceIndex: index, layout: spec.layout, font: dressed.font,
                logo: dressed.logo, notes: dressed.notes, usableReferences: usable.count,
                titleScale: dressed.titleScale, titleHeldBack: dressed.titleHeldBack))
    }

    /// What `dress` put on a picture.
    public struct Dressing: Sendable {
        public let image: EditableImage
        public let title: TitleCompositor.Report?
        public let font: String
        public let logo: Bool
        public let notes: [String]
        /// `DesignReport.titleScale`.
        public let titleScale: Double?
        /// `DesignReport.titleHeldBack`.
        public var titleHeldBack = false

        /// The report of a picture made elsewhere (a model's) and dressed here.
        public func report(referenceIndex: Int, layout: DesignSpec.Layout) -> DesignReport {
            DesignReport(
                title: title, referenceIndex: referenceIndex, layout: layout, font: font, logo: logo, notes: notes,
                usableReferences: 1, titleScale: titleScale, titleHeldBack: titleHeldBack)
        }
    }

    /// Sets the title (with its band or accent bar) and the logo on a picture at the format's size:
    /// on the layout renderer's own scene, and on a model's picture cropped to the format, so the
    /// words are always exactly the ones asked and measured for contrast where they were drawn.
    public static func dress(_ picture: EditableImage, spec: DesignSpec, logo: [UInt8]?) throws -> Dressing {
        try dress(picture, spec: spec, logo: logo, geometry: DesignGeometry(spec: spec))
    }

    /// The accent, or `fallback` (white or ink, whichever shows) where the accent would vanish
    /// into `backdrop`: a brand's navy accent on the brand's navy backdrop asked for ("a solid
    /// navy background") drew a bar nobody could see.
    static func accent(_ spec: DesignSpec, showingOn backdrop: DesignColour, else fallback: DesignColour? = nil)
        -> DesignColour
    {
        let contrast = { (colour: DesignColour) in DesignColour.contrast(colour.luminance, backdrop.luminance) }
        // A tint made up here is no brand colour to keep at any cost: it shows as a graphic
        // should, or gives way (a slate brand's tint read 1.8:1 on a light yellow backdrop).
        let least = spec.accentIsTint == true ? tintAccentContrast : minimumAccentContrast
        guard contrast(spec.accent) < least else { return spec.accent }
        return fallback ?? (contrast(.white) >= contrast(.ink) ? .white : .ink)
    }

    /// The least WCAG contrast an accent bar needs to read as one (a graphic, not text: under
    /// the 3:1 asked of controls, since an accent of the brand's is worth keeping when it shows).
    static let minimumAccentContrast = 1.5
    /// The least contrast of an accent that is a tint of a one-colour brand (WCAG's for graphics).
    static let tintAccentContrast = 3.0

    /// `dress` with the geometry given: the layout's, its title box cleared of the person.
    static func dress(_ picture: EditableImage, spec: DesignSpec, logo: [UInt8]?, geometry: DesignGeometry) throws
        -> Dressing
    {
        let (width, height) = spec.format.size
        var notes: [String] = []
        var image = picture

        // A band holds the title; without one it would be an empty bar.
        let hasTitle = !spec.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if let band = geometry.band, hasTitle {
            let colour = spec.backgroundFrom
            let solid = try EditableImage.solid(
                width: band.width, height: band.height, red: colour.red, green: colour.green, blue: colour.blue)
            image = try image.inserting(solid, x: band.x, y: band.y)
            // An accent rule along the band's top edge.
            let rule = DesignGeometry.Box(x: 0, y: band.y, width: width, height: max(4, height / 120))
            image = try fill(image, rule, Self.accent(spec, showingOn: colour))
        }

        let family = InstalledFonts.usable(spec.font, fallback: spec.fontFallback)
        if family != spec.font {
            notes.append("The brand's font \(spec.font) is not installed here; the title is set in \(family).")
        }
        var titleReport: TitleCompositor.Report?
        let candidates = [spec.text, .white, .ink].compactMap { $0 }
        let (maxSize, fitted) = try Self.titleSize(spec: spec, geometry: geometry, family: family)
        var titleScale: Double?
        var titleHeldBack = false
        if let (titled, report) = try TitleCompositor.draw(
            spec.title, on: image, in: geometry.titleBox, alignment: geometry.titleAlignment, family: family,
            weight: spec.fontWeight, maxSize: maxSize, candidates: candidates, panelColour: spec.backgroundFrom)
        {
            image = titled
            titleReport = report
            let asked = Int(maxSize)
            let held = report.size < asked - 1 && !report.truncated
            if let fitted {
                titleScale = Double(report.size) / Double(max(1, fitted))
                if held {
                    notes.append(
                        "The title fills its space: it is set at \(report.size) px, not the \(asked) px asked for. A shorter title can be set bigger."
                    )
                }
            }
            // As fitted, a title set below the layout's largest size is one its box holds back
            // already: a "bigger" would make the same picture (a tester's first "bigger title" on
            // a long thumbnail title was made and said "Nothing changed"). No note: nothing was
            // asked that the box refused.
            titleHeldBack = held
            if report.truncated {
                notes.append("The title was too long for this format and was shortened to “\(report.text)”.")
            }
            // The accent bar above the title, as wide as a third of its ink.
            let bar = max(5, report.size / 9)
            let barWidth = max(40, report.box.width / 3)
            let barX: Int
            switch geometry.titleAlignment {
            case .left: barX = report.box.x
            case .centre: barX = report.box.x + (report.box.width - barWidth) / 2
            case .right: barX = report.box.right - barWidth
            }
            let barY = report.box.y - bar - max(6, report.size / 4)
            if barY > 0, geometry.band == nil {
                let accent = Self.accent(
                    spec, showingOn: spec.backgroundFrom, else: DesignColour(hex: report.colour) ?? .white)
                image = try fill(image, DesignGeometry.Box(x: barX, y: barY, width: barWidth, height: bar), accent)
            }
        }

        var drewLogo = false
        if spec.showLogo, let logo {
            let box = geometry.logoBox
            let (colour, coverage) = try EditableImage.logoLayers(png: logo, fitting: box.width, height: box.height)
            // Right-aligned logos hug the right edge of their box.
            let x = box.x + (box.x > width / 2 ? box.width - colour.width : 0)
            let y = box.y + (box.height - colour.height) / 2
            image = try colour.placed(onCanvasWidth: width, height: height, x: x, y: y).blended(
                over: image,
                mask: coverage.placed(onCanvasWidth: width, height: height, x: x, y: y, red: 0, green: 0, blue: 0))
            drewLogo = true
        }
        image = try image.materialized()
        return Dressing(
            image: image, title: titleReport, font: family, logo: drewLogo, notes: notes, titleScale: titleScale,
            titleHeldBack: titleHeldBack)
    }

    /// References whose face has enough resolution (a face much smaller than the sharpest one
    /// would be enlarged into a blur), in the order given.
    static func usableReferences(_ references: [ReferencePhoto], sizes: [(width: Int, height: Int)?]) -> [Int] {
        let resolution = references.map { reference -> Double in
            let (left, right) = reference.landmarks.eyeCentres
            return left.distance(to: right) / cos(min(abs(reference.pose.yaw), 45) * .pi / 180)
        }
        let sharpest = zip(resolution, sizes).filter { $0.1 != nil }.map(\.0).max() ?? 0
        return references.indices.filter { sizes[$0] != nil && sharpest > 0 && resolution[$0] >= 0.6 * sharpest }
    }

    /// An opaque rectangle of one colour: laid in, so only its own pixels are computed.
    static func fill(_ image: EditableImage, _ box: DesignGeometry.Box, _ colour: DesignColour) throws -> EditableImage
    {
        let solid = try EditableImage.solid(
            width: box.width, height: box.height, red: colour.red, green: colour.green, blue: colour.blue)
        return try image.inserting(solid, x: box.x, y: box.y)
    }
}
