import Foundation

/// What a picture model (GPT Image 1.5 edit) is asked for one design version. The model makes the
/// picture *without* words: the title is set afterwards by `TitleCompositor`, so a crop to the
/// format never cuts it and its text is exactly what the person asked. The prompt says where the
/// person stands and which part stays clear for the title, the brand's colours, the light and
/// grade the spec's dials hold, which reference lends the expression, and every refinement asked
/// so far in its own words (a model understands more of them than the offline studio's keywords).
///
/// `read(_:)` takes a prompt written here back into a spec: the fake FAL model draws from it with
/// the layout renderer, so the FAL path is testable end to end.
public enum DesignModelPrompt {
    public static func text(spec: DesignSpec, prompt: String, instructions: [String], hasPrevious: Bool) -> String {
        let (width, height) = spec.format.size
        var scene = prompt
        if let quoted = DesignPrompt.quoted(in: prompt) {
            scene.removeSubrange(quoted.range)
            // "…, big bold title" once its words are gone would ask the model for a title.
            scene = scene.replacingOccurrences(
                of:
                    #"[,;:\s]*(with\s+|and\s+)?(an?\s+|the\s+)?((big|bold|large|huge|short|catchy)\s+)*(title|text|caption|headline|heading|words?)(\s+(saying|that says|reading|of))?[\s:]*$"#,
                with: "", options: [.regularExpression, .caseInsensitive])
        }
        scene = scene.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var lines = [
            "A \(spec.format.label) picture (\(width)x\(height)) of the person in the reference images, keeping their face, features, skin tone and hair exactly as in the references.",
            "Scene: \(scene.isEmpty ? "the person, looking at the camera" : scene).",
            "Composition: \(composition(spec, hasTitle: !spec.title.isEmpty)).",
            "Colours: a background gradient from \(spec.backgroundFrom.hex) to \(spec.backgroundTo.hex), accent \(spec.accent.hex).",
            "Light and grade: \(light(spec)).",
            "Expression: as in reference image \(spec.referenceRank + 1).",
            "Do not draw any text, letters, numbers, logos or watermarks anywhere in the picture.",
        ]
        if hasPrevious {
            lines.append(
                "The last image is the previous version of this picture: keep its composition and change only what is asked."
            )
        }
        if !instructions.isEmpty {
            lines.append("Changes asked, oldest first: " + instructions.joined(separator: "; ") + ".")
        }
        return lines.joined(separator: "\n")
    }

    static func composition(_ spec: DesignSpec, hasTitle: Bool) -> String {
        let clear = hasTitle ? "clean, uncluttered background for a title added later" : "clean background"
        switch spec.layout {
        case .split:
            let other = spec.personSide == .right ? "left" : "right"
            return
                "the person on the \(spec.personSide.rawValue) third, head and shoulders; the \(other) half is \(clear)"
        case .stack:
            return "the person centred in the lower two thirds; the top third is \(clear)"
        case .band:
            return "the person centred and large; the bottom quarter is \(clear)"
        }
    }

    /// The dials as words, one word per step (the words `StudioInstruction` reads back).
    static func light(_ spec: DesignSpec) -> String {
        let dials: [(Double, [String], [String])] = [
            (spec.drama, ["dramatic", "cinematic"], ["soft", "gentle"]),
            (spec.warmth, ["warm", "golden"], ["cool", "cold"]),
            (spec.exposure, ["bright", "airy"], ["dark", "dim"]),
            (spec.saturation, ["vibrant", "vivid"], ["muted", "faded"]),
            (spec.zoom, ["closer", "tighter"], ["wider", "looser"]),
        ]
        let words = dials.flatMap { value, up, down -> [String] in
            let steps = min(2, Int(abs(value).rounded()))
            return Array((value > 0 ? up : down).prefix(steps))
        }
        return words.isEmpty ? "natural, as in the references" : words.joined(separator: ", ")
    }

    /// The spec a prompt written by `text` describes (title empty, no logo: the model draws
    /// neither); nil when it names no format.
    public static func read(_ prompt: String) -> DesignSpec? {
        let lines = prompt.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String {
            lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? ""
        }
        guard
            let format = DesignFormat.allCases.first(where: { prompt.contains("(\($0.size.width)x\($0.size.height))") })
        else { return nil }
        let scene = line("Scene: ")
        let composition = line("Composition: ")
        let hexes = line("Colours: ").split { !($0.isHexDigit || $0 == "#") }.filter { $0.hasPrefix("#") }
            .compactMap { DesignColour(hex: String($0)) }
        let standard = DesignBrand.standard
        var spec = DesignSpec(
            format: format, title: "", layout: .split, personSide: .right,
            scenario: DesignPrompt.scenario(for: scene, format: format),
            backgroundFrom: hexes.first ?? standard.colour(.primary)!,
            backgroundTo: hexes.count > 1 ? hexes[1] : standard.colour(.secondary) ?? standard.colour(.primary)!,
            accent: hexes.count > 2 ? hexes[2] : standard.colour(.accent)!, text: nil, font: standard.font,
            fontFallback: standard.fontFallback, showLogo: false, seed: StudioRequestID.fnv1a64(Array(scene.utf8)) | 1)
        if composition.contains("top third") {
            spec.layout = .stack
        } else if composition.contains("bottom quarter") {
            spec.layout = .band
        } else {
            spec.personSide = composition.contains("on the left third") ? .left : .right
        }
        let dials = StudioInstruction(line("Light and grade: "))
        spec.drama = dials.drama
        spec.warmth = dials.warmth
        spec.exposure = dials.exposure
        spec.saturation = dials.saturation
        spec.zoom = dials.zoom
        let expression = line("Expression: as in reference image ").prefix { $0.isNumber }
        spec.referenceRank = max(0, (Int(expression) ?? 1) - 1)
        return spec
    }
}
