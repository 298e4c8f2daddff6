import Imaging

extension SFaceRecognizer {
    /// Eye distance, in decoded pixels, at which a photo is read for SFace: the template's own
    /// (35 px on the 112 px canvas), so the warp neither enlarges the face nor skips pixels; the
    /// decoder's shrink-on-load does the reduction, with proper filtering. (Reading at twice that,
    /// or at full size, moved distances on the sample faces by < 0.01.)
    static let decodedEyeDistance = 36.0

    /// The descriptor of the face at `landmarks` (dlib's five points in the photo's upright,
    /// original pixels, as `PhotoAnalysis.landmarks` holds them), read from the encoded photo.
    public func embedding(photo bytes: [UInt8], landmarks: FaceLandmarks) throws -> SFaceEmbedding {
        let (image, scaled) = try Self.decodeForAlignment(photo: bytes, landmarks: landmarks)
        return try embedding(image: image, landmarks: scaled)
    }

    /// The photo decoded at the scale SFace reads it (never enlarged), and the landmarks in its pixels.
    public static func decodeForAlignment(photo bytes: [UInt8], landmarks: FaceLandmarks) throws -> (
        image: RGBImage, landmarks: FaceLandmarks
    ) {
        let size = try ImageDecoder.dimensions(of: bytes)
        let longSide = Double(max(size.width, size.height))
        let (left, right) = landmarks.eyeCentres
        let scale = min(1, decodedEyeDistance / max(left.distance(to: right), 1))
        let photo = try ImageDecoder.decode(bytes: bytes, maxSide: max(1, Int((longSide * scale).rounded(.up))))
        return (photo.image, landmarks.scaled(by: photo.scale))
    }
}
