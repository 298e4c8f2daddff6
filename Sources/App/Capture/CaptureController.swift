import Imaging
import PersonaKit
import Vapor

/// `POST /api/capture/check`: one camera frame in, what the face engine sees in it out (faces, the
/// main face's box, its issues). The capture page sends about one a second while framing; nothing
/// is stored, and the one limiter keeps a client from turning it into free face detection.
enum CaptureController {
    static func register(_ routes: any RoutesBuilder) {
        routes.on(.POST, "api", "capture", "check", body: .stream, use: check)
    }

    /// A frame is small by design (≤ 640 px asked of clients): these bound the work a check costs.
    static let maxFrameBytes = 512 * 1024
    static let maxFrameSide = 1280

    struct Face: Content {
        let x: Double
        let y: Double
        let width: Double
        let height: Double
    }

    struct Checked: Content {
        let success = true
        let faces: Int
        let face: Face?
        let faceShare: Double?
        let issues: [PhotoIssueBody]

        enum CodingKeys: String, CodingKey { case success, faces, face, faceShare, issues }

        // Written out so that no face says `null`.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(success, forKey: .success)
            try c.encode(faces, forKey: .faces)
            try c.encode(face, forKey: .face)
            try c.encode(faceShare, forKey: .faceShare)
            try c.encode(issues, forKey: .issues)
        }
    }

    static func check(_ req: Request) async throws -> Checked {
        let user = try req.requireUser()
        // The token first: a flood is turned away before it costs a database query.
        try req.rateLimit(.captureCheck)
        try await OnboardingService(db: req.db, user: user).requireConsent()
        let bytes = try await frame(req)
        guard ImageFormat.sniff(Array(bytes.prefix(64))) != nil else {
            throw ServiceError(.unsupportedMediaType, "unsupported_format", "Send the frame as a JPEG image.")
        }
        let size: (width: Int, height: Int)
        do {
            size = try ImageDecoder.dimensions(of: bytes)
        } catch let error as ImagingError {
            req.logger.info("capture frame: \(error.message)")
            throw ServiceError(
                .unprocessableEntity, "unreadable_image", PersonaIntake.fileErrorMessage("unreadable_image"))
        }
        guard max(size.width, size.height) <= maxFrameSide else { throw tooLarge }
        let analyzer = req.inflio.analyzer
        let analysis = try await req.inflio.compute.runIfActive {
            // A frame's hints need no identity: SFace is not asked (22 ms a frame saved).
            analyzer.analyze(photos: [(name: "frame", bytes: bytes)], secondOpinion: false)[0]
        }
        if let error = analysis.error {
            req.logger.info("capture frame: \(error.message)")
            throw ServiceError(
                .unprocessableEntity, "unreadable_image", PersonaIntake.fileErrorMessage("unreadable_image"))
        }
        let width = Double(max(analysis.width, 1))
        let height = Double(max(analysis.height, 1))
        let face = analysis.face.map { box in
            Face(
                x: clamp(box.left / width), y: clamp(box.top / height), width: clamp(box.width / width),
                height: clamp(box.height / height))
        }
        return Checked(
            faces: analysis.faceCount, face: face, faceShare: face?.width,
            issues: analysis.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) })
    }

    static let tooLarge = ServiceError(
        .payloadTooLarge, "frame_too_large",
        "Send a smaller frame: at most \(maxFrameBytes / 1024) KB and \(maxFrameSide) pixels on its longer side.",
        details: .object([
            "maxBytes": .number(Double(maxFrameBytes)), "maxSide": .number(Double(maxFrameSide)),
        ]))

    /// The body, refused from its declared length before reading, and while reading past the cap.
    static func frame(_ req: Request) async throws -> [UInt8] {
        if let declared = req.headers.first(name: .contentLength).flatMap(Int.init), declared > maxFrameBytes {
            throw tooLarge
        }
        var bytes: [UInt8] = []
        for try await chunk in req.body {
            guard bytes.count + chunk.readableBytes <= maxFrameBytes else { throw tooLarge }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        guard !bytes.isEmpty else {
            throw ServiceError(.badRequest, "missing_frame", "Send one JPEG frame as the request body.")
        }
        return bytes
    }

    static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}
