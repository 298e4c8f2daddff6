import Faces
import Foundation
import Imaging

/// Analyses one photo: decode, find the face, measure it, describe its identity.
/// Holds a `FaceEngine`, so one analyzer serves one thread.
public final class PhotoAnalyzer: @unchecked Sendable {
    let engine: FaceEngine
    let thresholds: AnalysisThresholds
    /// The second face model (shared by every analyzer: ONNX Runtime runs it from any thread).
    let secondOpinion: SFaceRecognizer?

    /// Working size for finding faces: shrink-on-load to at most this many pixels on the longer
    /// side (a 12 MP JPEG is decoded at 1/4 scale by libjpeg itself). Faces are measured on a
    /// finer decode when they are small here (see `detailImage`).
    public static let workingSide = 500
    /// Aligned chip used for lighting and clarity: face only, fixed size.
    static let measureChipSize = 128
    /// Face width, in pixels, that the chips are taken from when the original has that much.
    static let detailFaceWidth = 128.0
    /// Wide aligned chip (head and shoulders) used for the near-duplicate fingerprint.
    static let fingerprintChipSize = 96
    static let fingerprintChipPadding = 1.0

    public init(engine: FaceEngine, thresholds: AnalysisThresholds = .standard, secondOpinion: SFaceRecognizer? = nil) {
        self.engine = engine
        self.thresholds = thresholds
        self.secondOpinion = secondOpinion
    }

    public func analyze(fileAt path: String, name: String? = nil) -> PhotoAnalysis {
        do {
            return analyze(bytes: try ImageDecoder.readFile(atPath: path), name: name ?? path)
        } catch {
            var analysis = PhotoAnalysis(file: name ?? path)
            analysis.error = Self.photoError(error)
            return analysis
        }
    }

    public func analyze(bytes: [UInt8], name: String, secondOpinion: Bool = true) -> PhotoAnalysis {
        var analysis = PhotoAnalysis(file: name)
        let start = Date()
        do {
            let photo = try ImageDecoder.decode(bytes: bytes, maxSide: Self.workingSide)
            analysis.timings.decode = Date().timeIntervalSince(start)
            analysis.contentHash = bytes.withUnsafeBytes { raw in
                var hasher = Hasher()
                hasher.combine(bytes: raw)
                return hasher.finalize()
            }
            try analyze(photo, bytes: bytes, into: &analysis, secondOpinion: secondOpinion ? self.secondOpinion : nil)
        } catch {
            analysis.error = Self.photoError(error)
        }
        return analysis
    }

    static func photoError(_ error: any Error) -> PhotoError {
        if let error = error as? ImagingError { return PhotoError(code: error.code, message: error.message) }
        return PhotoError(code: "analysis_failed", message: "The face engine could not analyse this photo (\(error)).")
    }

    func analyze(
        _ photo: DecodedPhoto, bytes: [UInt8], into analysis: inout PhotoAnalysis, secondOpinion: SFaceRecognizer?
    ) throws {
        analysis.width = photo.originalWidth
        analysis.height = photo.originalHeight
        analysis.format = photo.format
        let image = photo.image

        var clock = Date()
        func lap() -> Double {
            let now = Date()
            defer { clock = now }
            return now.timeIntervalSince(clock)
        }

        // One pass at working size finds faces down to ~80 px; only when it finds none is the
        // image doubled (4× the work) to find faces down to ~40 px.
        var faces = try engine.detectFaces(in: image, upsample: 0)
        if faces.isEmpty { faces = try engine.detectFaces(in: image, upsample: 1) }
        analysis.timings.detect = lap()
        analysis.faceCount = faces.count

        guard let face = faces.first else {
            analysis.fingerprint = NearDuplicateFingerprint(image: image)
            analysis.add(.noFace)
            return
        }
        if faces.count > 1, faces[1].area >= thresholds.secondFaceAreaShare * face.area {
            analysis.add(.multipleFaces)
        }

        // Normalise before measuring: the chips must come from as much of the face as the
        // original holds (up to the detail size), not from however small it is in the working image.
        let (detail, detailFace) = try detailImage(photo, bytes: bytes, face: face)
        analysis.timings.decode += lap()

        let landmarks = try engine.landmarks(in: detail.image, face: detailFace)
        analysis.timings.landmarks = lap()

        let chip = try engine.alignedChip(of: detail.image, landmarks: landmarks)
        analysis.embedding = try engine.embedding(ofChip: chip)
        analysis.timings.embed = lap()
        if let secondOpinion {
            analysis.secondOpinion = try secondOpinion.embedding(decoded: detail.image, landmarks: landmarks)
            analysis.timings.secondOpinion = lap()
        }

        let faceChip = try engine.alignedChip(
            of: detail.image, landmarks: landmarks, size: Self.measureChipSize, padding: 0)
        let luma = faceChip.luma()
        let lighting = FaceLighting(luma: luma, width: faceChip.width, height: faceChip.height)
        let variance = FaceClarity.laplacianVariance(luma: luma, width: faceChip.width, height: faceChip.height)
        let wideChip = try engine.alignedChip(
            of: detail.image, landmarks: landmarks, size: Self.fingerprintChipSize,
            padding: Self.fingerprintChipPadding)
        analysis.fingerprint = NearDuplicateFingerprint(image: wideChip)
        analysis.faceFingerprint = NearDuplicateFingerprint(face: detail.image, landmarks: landmarks)

        let pose = HeadPose(landmarks: landmarks)
        let toOriginal = 1 / detail.scale
        let originalFace = detailFace.scaled(by: toOriginal)
        analysis.face = originalFace
        analysis.landmarks = landmarks.scaled(by: toOriginal)
        analysis.pose = pose
        analysis.lighting = lighting
        analysis.expression = FaceExpression(chip: faceChip)
        analysis.backlight = FaceBacklight(
            wideChip: try engine.alignedChip(
                of: detail.image, landmarks: landmarks, size: FaceBacklight.chipSize, padding: FaceBacklight.chipPadding
            ))
        analysis.laplacianVariance = variance
        analysis.quality = QualityScores(
            lighting: lighting, laplacianVariance: variance, pose: pose,
            faceWidthPixels: originalFace.width)
        addPerPhotoIssues(to: &analysis, face: originalFace)
        analysis.timings.measure = lap()
    }

    /// The working image when the face already spans `detailFaceWidth` pixels there (or the
    /// original has no more detail); otherwise the photo decoded again at the scale where the face
    /// does, so a small face in a large photo is measured on its real pixels.
    func detailImage(_ photo: DecodedPhoto, bytes: [UInt8], face: FaceBox) throws -> (DecodedPhoto, FaceBox) {
        let faceInOriginal = face.width / photo.scale
        let wantedScale = min(1, Self.detailFaceWidth / faceInOriginal)
        guard wantedScale > photo.scale * 1.15 else { return (photo, face) }
        let longSide = Double(max(photo.originalWidth, photo.originalHeight))
        let detail = try ImageDecoder.decode(bytes: bytes, maxSide: Int((longSide * wantedScale).rounded(.up)))
        return (detail, face.scaled(by: detail.scale / photo.scale))
    }

    func addPerPhotoIssues(to analysis: inout PhotoAnalysis, face: FaceBox) {
        let t = thresholds
        let shorterSide = Double(min(analysis.width, analysis.height))
        if face.width < t.minFaceWidthPixels || face.width < t.minFaceShare * shorterSide {
            analysis.add(.faceTooSmall)
        }
        let overflow = max(
            0, -face.left, -face.top, face.right - Double(analysis.width), face.bottom - Double(analysis.height))
        if overflow > t.maxFaceOverflow * face.width { analysis.add(.faceCutOff) }
        if let l = analysis.lighting {
            if l.mean < t.darkMean || l.crushedShare > t.maxCrushedShare { analysis.add(.tooDark) }
            if l.mean > t.brightMean || l.blownShare > t.maxBlownShare { analysis.add(.tooBright) }
        }
        if let v = analysis.laplacianVariance, v < t.blurryVariance { analysis.add(.blurry) }
        if let pose = analysis.pose, abs(pose.yaw) > t.extremeYaw || abs(pose.roll) > t.extremeRoll {
            analysis.add(.extremeAngle)
        }
    }
}
