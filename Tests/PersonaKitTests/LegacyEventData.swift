import Foundation

@testable import PersonaKit

/// The events' data exactly as the service built it before issue 14, copied from
/// App/Generation/PortraitGenerator.swift (process), PortraitGenerator+Completion.swift (markFailed,
/// finishPersonaIfDone, publishStarted), App/Controllers/PortraitController.swift (regenerate) and
/// App/Intake/PersonaStore.swift (prepareStart): the reference the typed payloads must equal byte
/// for byte.
enum LegacyEventData {
    static func measured(
        index: Int, scenario: String, attempt: Int, url: String, verification: PortraitVerification, madeBy: String
    ) -> [String: JSONValue] {
        [
            "index": .number(Double(index)), "scenario": .string(scenario),
            "attempt": .number(Double(attempt)),
            "url": .string(url), "faceFound": .bool(verification.faceFound),
            "identityDistance": verification.distance.map { JSONValue.number(($0 * 1000).rounded() / 1000) }
                ?? JSONValue.null,
            "secondOpinionDistance": verification.secondOpinionDistance.map {
                JSONValue.number(($0 * 1000).rounded() / 1000)
            } ?? JSONValue.null,
            "likeness": verification.likeness.map { JSONValue.string($0.rawValue) } ?? JSONValue.null,
            "madeBy": .string(madeBy),
        ]
    }

    static func rejected(_ measured: [String: JSONValue], verification: PortraitVerification) -> [String: JSONValue] {
        var data = measured
        data["reason"] = verification.reason.map { JSONValue.string($0) } ?? .null
        return data
    }

    static func started(index: Int, scenario: String, attempt: Int) -> [String: JSONValue] {
        ["index": .number(Double(index)), "scenario": .string(scenario), "attempt": .number(Double(attempt))]
    }

    static func failed(index: Int, attempt: Int, error: String?) -> [String: JSONValue] {
        ["index": .number(Double(index)), "attempt": .number(Double(attempt)), "error": .string(error ?? "")]
    }

    static func regenerating(index: Int, attempt: Int, instruction: String?) -> [String: JSONValue] {
        [
            "index": .number(Double(index)), "attempt": .number(Double(attempt)),
            "instruction": instruction.map { .string($0) } ?? .null,
        ]
    }

    static func finished(status: String, stage: String, consistencyScore: Double, portraits: [String]) -> [String:
        JSONValue]
    {
        [
            "status": .string(status), "stage": .string(stage),
            "consistencyScore": .number((consistencyScore * 1000).rounded() / 1000),
            "portraits": .array(portraits.map { .string($0) }),
        ]
    }

    static func analysisDone(
        photoCount: Int, usablePhotos: Int, analysisQuality: String, consistencyScore: Double, referencePhotos: Int
    ) -> JSONValue {
        JSONValue.object([
            "photoCount": .number(Double(photoCount)), "usablePhotos": .number(Double(usablePhotos)),
            "analysisQuality": .string(analysisQuality),
            "consistencyScore": .number((consistencyScore * 1000).rounded() / 1000),
            "referencePhotos": .number(Double(referencePhotos)),
        ])
    }
}
