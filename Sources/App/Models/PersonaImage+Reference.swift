import PersonaKit

extension PersonaImage {
    /// The API's `fileSize` of an upload: the person's file's size, or the stored copy's for
    /// photos stored before that was kept.
    var uploadedFileSize: Int { metadata.uploadedSize ?? fileSize }

    /// The upload as a provider's reference photo, when the analysis chose it as one and measured
    /// its face.
    var referencePhoto: ReferencePhoto? {
        guard metadata.type == .userUpload, metadata.isReference == true, let geometry = metadata.reference else {
            return nil
        }
        return ReferencePhoto(
            location: metadata.storageKey, face: geometry.face, landmarks: geometry.landmarks, pose: geometry.pose,
            expression: geometry.expression, backlight: geometry.backlight, photoWidth: metadata.width,
            photoHeight: metadata.height,
            isMirrorImage: metadata.issues?.contains { $0.code == IssueCode.mirroredCopy.rawValue } ?? false)
    }
}
