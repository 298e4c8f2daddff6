import TestSupport

// What the `inflio` commands print with `--json`, as a script reads it (docs/cli.md "analyze
// --json"; Sources/PersonaKit/AnalysisReport.swift, Sources/InflioCLI/Support/PairResult.swift).
// Keyed where a test pins the exact keys; Nullable where a value must be written out as `null`.

/// `inflio analyze --json`: `{photos, summary}`.
struct AnalyzeJSON: Decodable {
    struct Photo: Decodable {
        /// The path as given on the command line.
        let file: String
        let ok: Bool
        /// Why the file could not be analysed; `null` for a photo.
        let error: Nullable<Keyed<PhotoFailure>>
        let width: Int
        let height: Int
        let faces: Int
        /// lighting, clarity, angle and overall, each in 0...1.
        let quality: [String: Double]
        let issues: [Keyed<Issue>]
        /// The path of the photo this one repeats; `null` otherwise.
        let duplicateOf: Nullable<String>
    }

    struct Issue: Decodable {
        let code: String
        let message: String
    }

    struct Summary: Decodable {
        let usablePhotos: Int
        let analysisQuality: String
        let referencePhotos: [String]
        let consistencyScore: Double
    }

    let photos: [Keyed<Photo>]
    let summary: Keyed<Summary>
}

/// A photo that could not be read or compared: `{code, message}`.
struct PhotoFailure: Decodable {
    let code: String
    let message: String
}

/// `inflio compare A B --json` when both photos have a face.
struct CompareVerdict: Decodable {
    let distance: Double
    let samePerson: Bool
    let threshold: Double
}

/// `inflio compare --pairs ... --json` (one per row), and `compare A B --json` when a photo fails:
/// `distance` and `samePerson` are `null`, with an `error`, when a photo has no usable face.
struct ComparedPair: Decodable {
    let a: String
    let b: String
    let distance: Nullable<Double>
    let samePerson: Nullable<Bool>
    /// Absent (or null) when both photos were compared.
    let error: PhotoFailure?
}

/// `inflio funnel --json`: the fields the CLI test reads.
struct FunnelJSON: Decodable {
    struct Stage: Decodable {
        let stage: String
        let completed: Int
    }

    let users: Int
    let stages: [Stage]
    let medianSecondsToFirstPersona: Double?
}

/// One persona in `inflio persona list`.
struct ListedPersona: Decodable {
    let id: String
    let status: String
}
