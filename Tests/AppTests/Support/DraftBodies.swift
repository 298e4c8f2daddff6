import TestSupport

// The draft persona routes' answers (Sources/App/Drafts), as a client reads them.

/// `POST /api/personas`: `{success, persona: {id, name, description, status}, draft}`.
struct CreatedDraft: Decodable {
    struct Persona: Decodable {
        let id: String
        let name: String
        let status: String
    }

    let persona: Persona
    let draft: DraftAnswer
}

/// The set's verdict, in every draft answer.
struct DraftAnswer: Decodable {
    struct Photo: Decodable {
        struct Issue: Decodable {
            let code: String
            let message: String
        }

        let id: String
        let url: String
        let fileName: String
        let fileSize: Int
        let uploadToken: Nullable<String>
        let ok: Bool
        let error: Nullable<Issue>
        let faces: Int
        let quality: Nullable<PersonaDetail.Photo.Quality>
        let issues: [Issue]
        let usable: Bool
        let isReference: Bool
        let duplicateOf: Nullable<String>
        let otherPerson: Bool

        var issueCodes: [String] { issues.map(\.code) }
    }

    struct Duplicate: Decodable {
        let photoId: String
        let of: String
    }

    let personaId: String
    let photoCount: Int
    let usablePhotos: Int
    let required: Int
    let canBuild: Bool
    let references: [String]
    let duplicates: [Duplicate]
    let otherPeople: [String]
    let uncertain: [String]
    let ambiguousGroups: Nullable<[[String]]>
    let missing: [String]
    let advice: [String]
    let photos: [Photo]
}

/// `POST /api/personas/:id/photos`: `{success, photo, draft}`.
struct AddedPhoto: Decodable {
    let photo: DraftAnswer.Photo
    let draft: DraftAnswer
}

/// `GET /api/personas/:id/photos`, `DELETE …/photos/:photoId`: `{success, draft}`.
struct ShownDraft: Decodable {
    let draft: DraftAnswer
}

/// `POST /api/capture/check`.
struct CaptureCheck: Decodable {
    struct Face: Decodable {
        let x: Double
        let y: Double
        let width: Double
        let height: Double
    }

    let faces: Int
    let face: Nullable<Face>
    let faceShare: Nullable<Double>
    let issues: [DraftAnswer.Photo.Issue]
}
