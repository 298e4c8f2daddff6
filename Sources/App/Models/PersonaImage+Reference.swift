import PersonaKit

extension PersonaImage {
    /// `images` in the order the analysis ranked the references (`bestFirst`: their image URLs),
    /// the others after them: what "another photo" and a design choose among.
    static func bestFirst(_ images: [PersonaImage], ranked bestFirst: [String]) -> [PersonaImage] {
        let rank = Dictionary(bestFirst.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: min)
        return images.sorted { (rank[$0.imageURL] ?? .max) < (rank[$1.imageURL] ?? .max) }
    }

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
