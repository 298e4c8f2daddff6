import Fluent
import Foundation
import Imaging
import SQLKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Draft personas (issue 10): photos added one at a time, each with its verdict as it arrives,
/// the set judged before building, abandoned drafts cleaned up. On SQLite and PostgreSQL.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DraftTests {
    @Test(arguments: TestDatabase.all)
    func aDraftIsBuiltFromPhotosAddedOneByOne(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createDraft(token: token)
            #expect(created.persona.status == "pending_upload")
            #expect(created.draft.photoCount == 0 && !created.draft.canBuild && !created.draft.missing.isEmpty)
            let id = created.persona.id

            var last: AddedPhoto?
            for (n, photo) in try TestPhotos.obamaSet().enumerated() {
                let added = try await service.addedPhoto(token: token, draft: id, photo)
                #expect(added.photo.ok && added.photo.faces == 1 && added.photo.usable, "\(photo.name)")
                #expect(added.photo.fileName == photo.name)
                // The person's file's size, not the re-encoded stored copy's (a tester saw 51 KB
                // become 101 KB after a reload).
                #expect(added.photo.fileSize == photo.bytes.count)
                #expect(added.draft.photoCount == n + 1)
                #expect(added.draft.canBuild == (n + 1 >= 5), "after \(n + 1) photos")
                last = added
            }
            let draft = try #require(last?.draft)
            #expect(draft.usablePhotos == 6 && draft.references.count == 6 && draft.missing.isEmpty)
            #expect(draft.otherPeople.isEmpty && draft.duplicates.isEmpty)

            // The same verdict from any request; no descriptor ever leaves the server.
            let shown = try await service.send(.GET, "/api/personas/\(id)/photos", token: token)
            #expect(try shown.decode(ShownDraft.self).draft.references == draft.references)
            let listed = try await service.send(.GET, "/api/personas", token: token).decode(PersonaList.self)
            #expect(listed.personas.isEmpty, "a draft is not listed")
            let drafts = try await service.send(.GET, "/api/personas?drafts=true", token: token)
            #expect(try drafts.decode(PersonaList.self).personas.count == 1)
            let defaulted = try await service.send(.POST, "/api/personas/\(id)/default", token: token)
            #expect(defaulted.status == .conflict && defaulted.errorCode == "persona_is_draft", "\(defaulted.text)")
            for word in ["embedding", "descriptor", "fingerprint", "contentDigest", "secondOpinion"] {
                #expect(!shown.text.contains(word), "\(word) in \(shown.text.prefix(200))")
            }
            // A stored photo loads from its signed URL.
            let url = try #require(URLComponents(string: draft.photos[0].url))
            let image = try await service.send(.GET, url.path + "?" + (url.query ?? ""))
            #expect(image.status == .ok && image.bytes.starts(with: [0xFF, 0xD8]))

            let added = try await service.addPhoto(token: token, draft: id, TestPhotos.photo("obama-1-1080p.jpg"))
            for word in ["embedding", "descriptor", "fingerprint", "contentDigest", "secondOpinion", "identity\""] {
                #expect(!added.text.contains(word), "\(word) in an add answer")
            }
            let extra = try added.decode(AddedPhoto.self).photo.id
            #expect(try await service.send(.DELETE, "/api/personas/\(id)/photos/\(extra)", token: token).status == .ok)
            let built = try await service.build(token: token, draft: id, name: "Studio me")
            #expect(built.status == .accepted, "\(built.text)")
            let builtBody = try built.decode(CreatedPersona.self).persona
            #expect(builtBody.status == "analyzing" && builtBody.stage == "generating")
            try await waitFor("the persona to be ready", seconds: 240) {
                let detail = try await service.send(.GET, "/api/personas/\(id)", token: token)
                return try detail.decode(PersonaDetail.self).persona.status == "ready"
            }
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
            #expect(detail.persona.name == "Studio me" && detail.persona.photos.count == 6)
            #expect(detail.persona.photos.filter(\.isReference).count == 6)
            #expect(detail.persona.isDefault, "a first persona is the default")
            // The stored analyses kept what the casting weighs (the mouth's openness, the photo's size).
            expectCastFromTheObamaSet(photos: detail.persona.photos, portraits: detail.persona.portraits)
            // Where each face is, for the page's thumbnails: inside the picture, the headshot's in the middle.
            let centres = detail.persona.portraits.map(\.faceCentre.value)
            #expect(centres.allSatisfy { $0.map { (0...1).contains($0.x) && (0...1).contains($0.y) } == true })
            #expect(centres[0].map { abs($0.x - 0.5) < 0.2 } == true, "\(centres.map { $0.map { ($0.x, $0.y) } })")
            // SFace's descriptors were stored with each photo: the persona has SFace's identity too.
            if SecondFaceModel.load(logger: Logger(label: "test")) != nil {
                #expect(detail.persona.portraits.allSatisfy { $0.secondOpinionDistance.value != nil })
            }
            // The descriptors were for judging the set: gone once it is built.
            #expect(try await PhotoAnalysisRecord.query(on: service.app.db).count() == 0)

            // A built persona is no longer a draft.
            let again = try await service.addPhoto(token: token, draft: id, TestPhotos.photo("obama-1.jpg"))
            #expect(again.status == .conflict && again.errorCode == "persona_not_draft", "\(again.text)")
            let rebuilt = try await service.build(token: token, draft: id)
            #expect(rebuilt.errorCode == "persona_not_draft")
        }
    }

    struct FaceCase: CustomTestStringConvertible, Sendable {
        let file: String
        let faces: Int
        let issues: [String]
        var testDescription: String { file }
    }

    /// Each shared test face, alone in a draft: its own verdict (no set to compare with).
    static let faceCases = [
        FaceCase(file: "obama-1.jpg", faces: 1, issues: []),
        FaceCase(file: "biden-1.jpg", faces: 1, issues: []),
        FaceCase(file: "alex-lacamoire-2.png", faces: 1, issues: []),
        FaceCase(file: "obama-partial-1.jpg", faces: 1, issues: ["face_cut_off"]),
        FaceCase(file: "two-people.jpg", faces: 2, issues: ["multiple_faces"]),
        FaceCase(file: "grey (made here)", faces: 0, issues: ["no_face"]),
    ]

    @Test(arguments: faceCases)
    func eachPhotoGetsItsOwnVerdict(face: FaceCase) async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let photo =
                face.faces == 0
                ? TestPhoto(name: "grey.jpg", bytes: try TestPhotos.faceless()) : TestPhotos.photo(face.file)
            let added = try await service.addedPhoto(token: token, draft: draft, photo)
            // A photo without a face is taken and told, not refused.
            #expect(added.photo.ok && added.photo.error.isNull)
            #expect(added.photo.faces == face.faces)
            #expect(added.photo.issueCodes == face.issues, "\(added.photo.issues.map(\.message))")
            #expect(added.photo.usable == face.issues.isEmpty)
            #expect(added.photo.quality.isNull == (face.faces == 0))
            #expect(added.draft.usablePhotos == (face.issues.isEmpty ? 1 : 0))
        }
    }

    /// A photo of someone else among the person's is flagged before building; removed, the rest builds.
    @Test(arguments: TestDatabase.all)
    func aStrangerIsFlaggedBeforeBuilding(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token, name: "Me").persona.id
            for photo in try TestPhotos.obamaSet().prefix(5) {
                _ = try await service.addedPhoto(token: token, draft: draft, photo)
            }
            let stranger = try await service.addedPhoto(token: token, draft: draft, TestPhotos.photo("biden-1.jpg"))
            #expect(stranger.photo.otherPerson && stranger.photo.issueCodes == ["different_person"])
            #expect(stranger.draft.otherPeople == [stranger.photo.id])
            #expect(stranger.draft.advice.contains { $0.contains("biden-1.jpg") }, "\(stranger.draft.advice)")
            #expect(stranger.draft.canBuild, "five usable photos remain")
            #expect(!stranger.draft.references.contains(stranger.photo.id))

            let removed = try await service.send(
                .DELETE, "/api/personas/\(draft)/photos/\(stranger.photo.id)", token: token)
            let after = try removed.decode(ShownDraft.self).draft
            #expect(after.photoCount == 5 && after.otherPeople.isEmpty)
            #expect(service.storedFiles(persona: draft).count == 5)

            let built = try await service.build(token: token, draft: draft)
            #expect(built.status == .accepted, "\(built.text)")
            let detail = try await service.send(.GET, "/api/personas/\(draft)", token: token)
            #expect(try detail.decode(PersonaDetail.self).persona.photos.count == 5)
        }
    }

    /// Two photos each of two people: the draft asks which is the user (the groups, by photo id)
    /// and cannot be built until one group is removed.
    @Test func twoPeopleAreAskedAbout() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token, name: "Me").persona.id
            var ids: [String: String] = [:]
            var last: DraftAnswer?
            for name in ["kit-harington-1.jpg", "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg"] {
                let added = try await service.addedPhoto(token: token, draft: draft, TestPhotos.photo(name))
                ids[name] = added.photo.id
                last = added.draft
            }
            let groups = try #require(last?.ambiguousGroups.value).map(Set.init)
            #expect(
                Set(groups) == [
                    [ids["kit-harington-1.jpg"]!, ids["kit-harington-2.jpg"]!],
                    [ids["rose-leslie-1.jpg"]!, ids["rose-leslie-2.jpg"]!],
                ])
            #expect(last?.canBuild == false && last?.missing.first?.contains("two different people") == true)
            let refused = try await service.build(token: token, draft: draft)
            #expect(refused.errorCode == "ambiguous_identity", "\(refused.text)")
            let named = try refused.decode(ErrorAnswer.self).error.details?.groups?.compactMap(\.photoIds) ?? []
            #expect(Set(named.map(Set.init)) == Set(groups))

            // "This one is me": the other's photos go, and the question with them.
            var after: DraftAnswer?
            for name in ["rose-leslie-1.jpg", "rose-leslie-2.jpg"] {
                after = try await service.send(.DELETE, "/api/personas/\(draft)/photos/\(ids[name]!)", token: token)
                    .decode(ShownDraft.self).draft
            }
            #expect(after?.ambiguousGroups.isNull == true && after?.usablePhotos == 2)
        }
    }

    @Test func aDuplicateIsFlagged() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let first = try await service.addedPhoto(token: token, draft: draft, TestPhotos.photo("obama-2.jpg"))
            let copy = try await service.addedPhoto(
                token: token, draft: draft, TestPhotos.photo("obama-2-duplicate.jpg"))
            #expect(copy.photo.duplicateOf.value == first.photo.id)
            #expect(copy.photo.issueCodes == ["duplicate"] && !copy.photo.usable)
            #expect(copy.draft.duplicates.map(\.photoId) == [copy.photo.id])
            #expect(copy.draft.duplicates.map(\.of) == [first.photo.id])
            #expect(copy.draft.advice.contains { $0.contains("obama-2-duplicate.jpg") && $0.contains("obama-2.jpg") })
            // The set is short: the line that asks for more says a copy won't do.
            #expect(copy.draft.missing.count == 2 && copy.draft.missing[0].hasPrefix("Add 4 more usable photos"))
            #expect(copy.draft.missing[1].contains("copies of a photo you already added don't count"))
            #expect(!first.draft.missing.contains { $0.contains("copies") }, "no copy, no word about copies")
        }
    }

    /// A file that cannot be a photo is refused with the analysis' codes; nothing is stored.
    @Test(arguments: ["truncated", "huge header", "text"])
    func aBadFileIsRefusedAndNothingStored(kind: String) async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let (photo, code, status): (TestPhoto, String, HTTPStatus)
            if kind == "text" {
                (photo, code, status) = (
                    TestPhoto(name: "notes.txt", bytes: Array("not a photo".utf8)), "unsupported_format",
                    .unsupportedMediaType
                )
            } else {
                let bad = try HardeningTests.badFile(kind)
                (photo, code, status) = (bad.photo, bad.code, .unprocessableEntity)
            }
            let response = try await service.addPhoto(token: token, draft: draft, photo)
            #expect(response.status == status && response.errorCode == code, "\(response.text)")
            HardeningTests.expectPlainWords(response.text)
            #expect(try await PersonaImage.query(on: service.app.db).count() == 0)
            #expect(try await PhotoAnalysisRecord.query(on: service.app.db).count() == 0)
            #expect(service.storedFiles(persona: draft).isEmpty)
            let shown = try await service.send(.GET, "/api/personas/\(draft)/photos", token: token)
            #expect(try shown.decode(ShownDraft.self).draft.photoCount == 0)
        }
    }

    @Test func aRequestWithoutAPhotoIsRefused() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            var form = MultipartForm()
            form.field("name", "x")
            let response = try await service.send(
                .POST, "/api/personas/\(draft)/photos", token: token, body: form.body(), contentType: form.contentType)
            #expect(response.status == .badRequest && response.errorCode == "missing_photo", "\(response.text)")
        }
    }

    /// The same rules and codes as a one-shot create.
    @Test func buildingNeedsANameAndFiveUsablePhotos() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let photos = try TestPhotos.obamaSet()
            for photo in photos.prefix(3) { _ = try await service.addedPhoto(token: token, draft: draft, photo) }
            #expect(try await service.build(token: token, draft: draft).errorCode == "too_few_photos")

            let grey = try await service.addedPhoto(
                token: token, draft: draft, TestPhoto(name: "grey.jpg", bytes: try TestPhotos.faceless()))
            _ = try await service.addedPhoto(token: token, draft: draft, photos[3])
            let refused = try await service.build(token: token, draft: draft)
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "not_enough_usable_photos")
            let rejected = try refused.decode(ErrorAnswer.self).error.details?.rejectedPhotos ?? []
            #expect(rejected.map(\.file) == ["grey.jpg"] && rejected.first?.reasons.map(\.code) == ["no_face"])
            #expect(refused.text.contains(grey.photo.id), "the rejected photo's id: \(refused.text)")

            _ = try await service.addedPhoto(token: token, draft: draft, photos[4])
            let unnamed = try await service.build(token: token, draft: draft, name: nil)
            #expect(unnamed.status == .badRequest && unnamed.errorCode == "missing_name", "\(unnamed.text)")
            #expect(try await GenerationJob.query(on: service.app.db).count() == 0, "nothing started")
            #expect(try await service.build(token: token, draft: draft, name: "Me").status == .accepted)
        }
    }

    @Test func openDraftsAreBounded() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            for _ in 0..<DraftService.maxOpenDrafts { _ = try await service.createDraft(token: token) }
            let refused = try await service.send(.POST, "/api/personas", token: token, json: ["name": "one more"])
            #expect(refused.status == .conflict && refused.errorCode == "too_many_drafts", "\(refused.text)")
            // Another user is not affected.
            let other = try await service.signUp()
            #expect(
                try await service.send(.POST, "/api/personas", token: other, json: [String: String]()).status
                    == .created)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anotherUsersDraftIsNotFound(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let owner = try await service.signUp()
            let draft = try await service.createDraft(token: owner).persona.id
            let photo = try await service.addedPhoto(token: owner, draft: draft, TestPhotos.photo("obama-1.jpg"))
            let other = try await service.signUp()
            let answers = [
                try await service.send(.GET, "/api/personas/\(draft)/photos", token: other),
                try await service.addPhoto(token: other, draft: draft, TestPhotos.photo("obama-2.jpg")),
                try await service.send(.DELETE, "/api/personas/\(draft)/photos/\(photo.photo.id)", token: other),
                try await service.build(token: other, draft: draft),
            ]
            for answer in answers { #expect(answer.status == .notFound, "\(answer.text)") }
            #expect(try await PersonaImage.query(on: service.app.db).count() == 1)
        }
    }

    @Test func aDraftNeedsTheFaceDataNotice() async throws {
        try await TestService.with { service in
            let token = try await service.signUp(consent: false)
            let response = try await service.send(.POST, "/api/personas", token: token, json: ["name": "Me"])
            #expect(response.status == .forbidden && response.errorCode == "consent_required")
        }
    }

    /// A draft untouched for a day goes with its rows and files; a fresh one stays.
    @Test(arguments: TestDatabase.all)
    func anAbandonedDraftIsCleanedUp(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let old = try await service.createDraft(token: token).persona.id
            let fresh = try await service.createDraft(token: token).persona.id
            for photo in try TestPhotos.obamaSet().prefix(2) {
                _ = try await service.addedPhoto(token: token, draft: old, photo)
            }
            _ = try await service.addedPhoto(token: token, draft: fresh, TestPhotos.photo("obama-3.jpg"))
            let oldID = try #require(UUID(uuidString: old))
            let persona = try #require(try await Persona.find(oldID, on: service.app.db))
            try await (service.app.db as! any SQLDatabase).update("personas")
                .set("updated_at", to: SQLBind(Date().addingTimeInterval(-25 * 3600)))
                .where("id", .equal, SQLBind(try persona.requireID())).run()

            let removed = try await DraftCleanup.run(
                services: service.app.inflio, db: service.app.db, lifetime: 24 * 3600)
            #expect(removed == 1)
            #expect(try await Persona.find(oldID, on: service.app.db) == nil)
            #expect(try await PersonaImage.query(on: service.app.db).filter(\.$persona.$id == oldID).count() == 0)
            #expect(
                try await PhotoAnalysisRecord.query(on: service.app.db).filter(\.$persona.$id == oldID).count() == 0)
            #expect(service.storedFiles(persona: old).isEmpty)
            #expect(service.storedFiles(persona: fresh).count == 1)
            #expect(try await Persona.find(UUID(uuidString: fresh)!, on: service.app.db) != nil)
        }
    }
}
