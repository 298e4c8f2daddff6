import TestSupport

// What the API answers, as a client reads it: only the fields tests look at, with the server's
// key names (Sources/App/Controllers, Sources/App/Core/ServiceError.swift). A field a test
// needs is non-optional, so a missing one fails the decoding with the body's text.

/// `POST /api/personas/create`: `{success, persona: {id, status, portraits, eventsUrl}}`.
struct CreatedPersona: Decodable {
    struct Persona: Decodable {
        let id: String
        let status: String
        let stage: String
        /// Signed URLs of the portraits, filled when the request waited (`?wait=true`).
        let portraits: [String]
        let eventsUrl: String
    }

    let persona: Persona
}

/// `GET` and `PATCH /api/personas/:id`, `POST /api/personas/:id/default`: `{success, persona}`.
struct PersonaDetail: Decodable {
    struct Persona: Decodable {
        let name: String
        let description: String
        let status: String
        let isDefault: Bool
        let metadata: Metadata
        let photos: [Photo]
        let portraits: [Portrait]
    }

    struct Metadata: Decodable {
        let photoCount: Int
        let portraitUrls: [String]
        let referencePhotoUrls: [String]
        let consistencyScore: Double
    }

    struct Photo: Decodable {
        struct Quality: Decodable {
            let overall: Double
        }

        let id: String
        /// Signed: loads without credentials.
        let url: String
        let fileName: String?
        let quality: Quality?
        let usable: Bool
        let isReference: Bool
    }

    struct Portrait: Decodable {
        let scenario: String
        /// queued, generating, retrying, verified, needs_review, failed
        let state: String
        let url: String?
        /// The shown picture's type; `null` without one.
        let contentType: Nullable<String>
        /// Always written: `null` until a face was measured.
        let identityDistance: Nullable<Double>
        /// SFace's distance; `null` when SFace was not asked (or no face was measured).
        let secondOpinionDistance: Nullable<Double>
        /// strong, acceptable, weak, off; `null` without a measured face.
        let likeness: Nullable<String>
        /// Why it is retrying or needs review: no_face, weak_likeness, identity_mismatch.
        let reason: String?
        /// The provider's error, for a failed portrait.
        let error: String?
        /// What the offline studio did not do of the latest instruction, and why.
        let instructionNotes: [String]
        /// IPTC's digital source type of the shown portrait (issue 18).
        let madeBy: String?
        /// The upload (a `Photo`'s id) whose face the offline studio composed; null for a model's.
        let sourcePhotoId: Nullable<String>
        /// The offline studio's portrait: a preview, not a generated one.
        let preview: Bool
        let attempts: Int
        let history: [Attempt]
        /// The middle of the shown portrait's face, as shares of its width and height; null without one.
        let faceCentre: Nullable<Share>

        struct Share: Decodable {
            let x: Double
            let y: Double
        }
    }

    struct Attempt: Decodable {
        let attempt: Int
        let url: String
        let state: String
        let identityDistance: Double?
        let likeness: String?
        let shown: Bool
        /// The offline studio made it.
        let preview: Bool
        /// image/jpeg or image/png: what a download is named after.
        let contentType: String?
        /// The words the attempt was asked with.
        let instruction: String?
    }

    /// Keyed: a test checks what the persona does not carry.
    let persona: Keyed<Persona>
}

/// `GET /api/personas`: `{success, personas: [...]}`, newest first.
struct PersonaList: Decodable {
    struct Persona: Decodable {
        let name: String
        let isDefault: Bool
    }

    let personas: [Persona]
}

/// `GET /api/usage`: the ledger's lines and their totals.
struct Usage: Decodable {
    struct Entry: Decodable {
        let model: String
        let unitPriceUSD: Double
        let costUSD: Double
        /// succeeded, failed
        let outcome: String
    }

    struct Totals: Decodable {
        let costUSD: Double
    }

    let entries: [Entry]
    let totals: Totals
}

/// `POST /api/auth/signup` and `/login`.
struct SignedIn: Decodable {
    let token: String?
}

/// Every error: `{success: false, error: {code, message, details}}`.
struct ErrorAnswer: Decodable {
    struct Failure: Decodable {
        let code: String
        let message: String
        let details: Details?
    }

    /// The details of the refusals tests look into; each error fills its own.
    struct Details: Decodable {
        /// `unsupported_format`: the files that are not photos.
        let files: [String]?
        /// `not_enough_usable_photos`: how many could be used, and why the others could not.
        let usablePhotos: Int?
        let rejectedPhotos: [RejectedPhoto]?
        /// `ambiguous_identity`: each group's files (and a draft's photo ids).
        let groups: [Group]?
    }

    struct Group: Decodable {
        let files: [String]
        let photoIds: [String]?
    }

    struct RejectedPhoto: Decodable {
        struct Reason: Decodable {
            let code: String
        }

        let file: String
        let reasons: [Reason]
    }

    let success: Bool
    let error: Failure
}

/// The data of a `portrait_*` event on `GET /api/personas/:id/events`.
struct PortraitEvent: Decodable {
    let index: Int
}

/// `portrait_failed`'s data: which portrait, which attempt, and why.
struct FailedPortraitEvent: Decodable {
    let index: Int
    let attempt: Int
    let error: String
}
