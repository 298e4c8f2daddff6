/// Why a photo should not be used as a reference. Codes are stable API.
public enum IssueCode: String, Sendable, Codable, CaseIterable {
    case noFace = "no_face"
    case multipleFaces = "multiple_faces"
    case faceTooSmall = "face_too_small"
    case faceCutOff = "face_cut_off"
    case tooDark = "too_dark"
    case tooBright = "too_bright"
    case blurry
    case extremeAngle = "extreme_angle"
    case differentPerson = "different_person"
    /// Soft: the face is between the same-person and different-person bars of the set's centroid.
    case uncertainIdentity = "uncertain_identity"
    case duplicate
    /// Soft: another photo of the set mirrored (a front camera saves selfies both ways).
    case mirroredCopy = "mirrored_copy"

    /// A soft issue asks the user or warns them; the photo still counts when the set has too few
    /// without it.
    public var isSoft: Bool { self == .uncertainIdentity || self == .mirroredCopy }
}

public struct PhotoIssue: Sendable, Codable, Equatable {
    public let code: IssueCode
    public let message: String

    public init(_ code: IssueCode, _ message: String) {
        self.code = code
        self.message = message
    }

    static let noFace = PhotoIssue(.noFace, "No face was found. Use a photo where your face is clearly visible.")
    static let multipleFaces = PhotoIssue(
        .multipleFaces, "More than one face is in this photo. Use photos of just you.")
    static let faceTooSmall = PhotoIssue(
        .faceTooSmall, "Your face is too small in this photo. Take it closer, so your face fills more of the frame.")
    static let faceCutOff = PhotoIssue(
        .faceCutOff, "Your face is cut off by the edge of the photo. Keep your whole face in the frame.")
    static let tooDark = PhotoIssue(.tooDark, "Too dark: your face is in shadow. Face a window or a lamp.")
    static let tooBright = PhotoIssue(.tooBright, "Too bright: your face is washed out. Avoid direct sun or a flash.")
    static let blurry = PhotoIssue(
        .blurry, "This photo is blurry. Hold the camera still and make sure your face is in focus.")
    static let extremeAngle = PhotoIssue(
        .extremeAngle, "Your head is turned or tilted too far. Face the camera more directly.")
    static let differentPerson = PhotoIssue(
        .differentPerson, "This looks like a different person from the rest of your photos.")
    static let uncertainIdentity = PhotoIssue(
        .uncertainIdentity, "Is this you? This photo looks a little different from your others.")
    static func duplicate(of file: String) -> PhotoIssue {
        PhotoIssue(.duplicate, "This is the same picture as \(file). Use a different photo instead.")
    }
    static func mirroredCopy(of file: String) -> PhotoIssue {
        PhotoIssue(
            .mirroredCopy,
            "A mirror image of \(file): it counts only while you have too few other photos, as it flips your parting. A photo from another angle is better."
        )
    }
}

/// A photo that could not be analysed at all (unreadable, unsupported, too large).
public struct PhotoError: Error, Sendable, Codable, Equatable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
