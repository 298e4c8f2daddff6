import Faces
import Foundation
import Imaging
import PersonaKit
import Synchronization
import TestSupport

@testable import Providers

/// Real photos (../shared/testdata/faces) turned into references the way the service does it,
/// a loader that counts its calls, and portraits rendered once and shared between tests.
enum StudioFixtures {
    static let obama = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]
    static let biden = ["biden-1.jpg", "biden-2.jpg"]
    /// Three more people, two photos each. Not held out in the strict sense: the studio's rules
    /// were checked on their photos too (the background pieces, the head cut, the expression
    /// bars), but none is among the sets the portraits are rendered from elsewhere.
    static let others = [
        ["kit-harington-1.jpg", "kit-harington-2.jpg"], ["rose-leslie-1.jpg", "rose-leslie-2.jpg"],
        ["alex-lacamoire-1.jpg", "alex-lacamoire-2.png"],
    ]

    static let analyzer: PhotoBatchAnalyzer = try! PhotoBatchAnalyzer(models: try FaceModels())

    /// The photos analysed like uploads: references in original pixels, and the mean descriptor.
    struct Persona: Sendable {
        let references: [ReferencePhoto]
        let identity: FaceEmbedding
    }

    private static let personas = Mutex<[[String]: Persona]>([:])

    static func persona(_ names: [String]) throws -> Persona {
        if let known = personas.withLock({ $0[names] }) { return known }
        let analyses = analyzer.analyze(files: names.map(FacePhotos.path))
        var references: [ReferencePhoto] = []
        for analysis in analyses {
            guard let reference = ReferencePhoto(analysis) else { throw FixtureError("\(analysis.file) has no face") }
            references.append(reference)
        }
        guard let identity = FaceEmbedding.centroid(of: analyses.compactMap(\.embedding)) else {
            throw FixtureError("no descriptors")
        }
        let persona = Persona(references: references, identity: identity)
        personas.withLock { $0[names] = persona }
        return persona
    }

    /// Reads the reference from its path, counting the reads.
    final class CountingLoader: Sendable {
        let calls = Atomic<Int>(0)
        var loader: ReferenceLoader {
            { [self] reference in
                calls.add(1, ordering: .relaxed)
                return try ImageDecoder.readFile(atPath: reference.location)
            }
        }
    }

    static func request(_ scenario: PortraitScenario, _ persona: Persona, seed: UInt64 = 7, instruction: String? = nil)
        -> PortraitRequest
    {
        PortraitRequest(
            scenario: scenario, references: ScenarioCasting.references(for: scenario, from: persona.references),
            seed: seed, instruction: instruction)
    }

    private static let portraits = Mutex<[String: GeneratedImage]>([:])

    /// Renders a request, once per distinct request in the test run (debug renders are slow).
    static func render(_ request: PortraitRequest) async throws -> GeneratedImage {
        let provider = LocalStudioProvider(loader: CountingLoader().loader)
        let id = try await provider.submit(request)
        if let known = portraits.withLock({ $0[id] }) { return known }
        let image = try await provider.result(requestId: id, request: request, partial: nil)
        portraits.withLock { $0[id] = image }
        if let folder = ProcessInfo.processInfo.environment["STUDIO_PORTRAITS_DIR"] {
            // For looking at the results: STUDIO_PORTRAITS_DIR=/tmp/studio swift test ...
            let who = URL(fileURLWithPath: request.references[0].location).deletingPathExtension().lastPathComponent
            let asked = request.instruction.map { "-" + $0.filter(\.isLetter).prefix(24) } ?? ""
            let name = "\(request.scenario.index)-\(request.scenario.id)-\(who)-seed\(request.seed)\(asked).jpg"
            try? Data(image.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return image
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
