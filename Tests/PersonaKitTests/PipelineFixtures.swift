import Faces
import Foundation

@testable import PersonaKit

/// Jobs, requests, lines and links for the rules' tests: fixed ids so failures read the same every run.
enum PipelineFixtures {
    /// A stable id per (scenario, attempt), and one per portrait image.
    static func jobID(_ index: Int, _ attempt: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%06d%06d", index, attempt))!
    }

    static func imageID(_ index: Int, _ attempt: Int = 1) -> UUID {
        UUID(uuidString: String(format: "11111111-0000-0000-0000-%06d%06d", index, attempt))!
    }

    static func job(
        _ index: Int = 0, attempt: Int = 1, retriesLeft: Int = 1, state: PortraitJobState = .submitted,
        requestID: String? = nil, submitStartedAt: Date? = nil, portrait: Bool = false, distance: Double? = nil,
        createdAt: Date? = nil
    ) -> PortraitJobSnapshot {
        PortraitJobSnapshot(
            id: jobID(index, attempt), scenarioIndex: index, attempt: attempt, retriesLeft: retriesLeft, state: state,
            requestID: requestID, submitStartedAt: submitStartedAt,
            portraitImageID: portrait ? imageID(index, attempt) : nil, identityDistance: distance, createdAt: createdAt)
    }

    /// A reference known by its name, so a test can tell a request's references were carried over.
    static func reference(_ name: String) -> ReferencePhoto {
        ReferencePhoto(
            location: name, face: FaceBox(left: 0, top: 0, right: 100, bottom: 100),
            landmarks: FaceLandmarks(points: Array(repeating: Point(x: 50, y: 50), count: 5)),
            pose: HeadPose(yaw: 0, pitch: 0, roll: 0))
    }

    static func request(_ index: Int = 0, seed: UInt64 = 42, instruction: String? = nil) -> PortraitRequest {
        PortraitRequest(
            scenario: PortraitScenario.all[index], references: [reference("photos/a.jpg"), reference("photos/b.jpg")],
            seed: seed, instruction: instruction)
    }

    static let delivery = PortraitDelivery(url: "/media/abc?exp=1&sig=x", madeBy: "trainedAlgorithmicMedia")

    static func url(_ id: UUID) -> String { "/media/\(id.uuidString.lowercased())" }

    /// JSON text with sorted keys, as the tests compare it.
    static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
