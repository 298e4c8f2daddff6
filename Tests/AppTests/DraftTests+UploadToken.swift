import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// The page names each upload (`uploadToken`) so that, when an answer was lost, it can tell its
/// own photo from another tab's of the same file name (Public/js/draft-session.js).
extension DraftTests {
    func addPhoto(_ service: TestService, token: String, draft: String, uploadToken: String) async throws
        -> ClientResponse
    {
        let photo = try TestPhotos.photo("obama-1.jpg")
        var form = MultipartForm()
        form.field("uploadToken", uploadToken)
        form.file("photo", photo.name, photo.bytes)
        return try await service.send(
            .POST, "/api/personas/\(draft)/photos", token: token, body: form.body(), contentType: form.contentType)
    }

    @Test func anUploadTokenIsGivenBackWithThePhoto() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let named = try await addPhoto(service, token: token, draft: draft, uploadToken: "0f3a-tab_2")
            #expect(named.status == .created, "\(named.text)")
            #expect(try named.decode(AddedPhoto.self).photo.uploadToken.value == "0f3a-tab_2")
            let plain = try await service.addedPhoto(token: token, draft: draft, TestPhotos.photo("obama-2.jpg"))
            #expect(plain.photo.uploadToken.value == nil)
            // The whole draft, as a page asks for it after a lost answer, says the same.
            let shown = try await service.send(.GET, "/api/personas/\(draft)/photos", token: token)
            let tokens = try shown.decode(ShownDraft.self).draft.photos.map(\.uploadToken.value)
            #expect(tokens == ["0f3a-tab_2", nil])
        }
    }

    /// The page sends a photo again when the first send's answer was lost (offline, a 5xx): the
    /// server may have stored it, and a second copy would sit beside it as its own duplicate.
    @Test(arguments: TestDatabase.all)
    func aResendOfAStoredTokenIsThatPhotoNotASecondCopy(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let first = try await addPhoto(service, token: token, draft: draft, uploadToken: "resend-1")
            #expect(first.status == .created, "\(first.text)")
            let again = try await addPhoto(service, token: token, draft: draft, uploadToken: "resend-1")
            #expect(again.status == .ok, "\(again.text)")
            let photo = try again.decode(AddedPhoto.self).photo
            #expect(photo.id == (try first.decode(AddedPhoto.self).photo.id))
            #expect(try await PersonaImage.query(on: service.app.db).count() == 1)
            #expect(service.storedFiles(persona: draft).count == 1, "the resend's file is not kept")
            // Another token of the same file is another photo, as before.
            let other = try await addPhoto(service, token: token, draft: draft, uploadToken: "resend-2")
            #expect(other.status == .created)
            #expect(try await PersonaImage.query(on: service.app.db).count() == 2)
            // Two sends of one token at once (a resend while the first is still being analysed):
            // the draft's lock lets one store it.
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await addPhoto(service, token: token, draft: draft, uploadToken: "resend-3").status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            #expect(statuses == [200, 201], "\(statuses)")
            #expect(try await PersonaImage.query(on: service.app.db).count() == 3)
            #expect(service.storedFiles(persona: draft).count == 3)
        }
    }

    @Test(arguments: ["", "has space", "semi;colon", String(repeating: "a", count: 65), "é"])
    func aMalformedUploadTokenIsRefusedAndNothingStored(uploadToken: String) async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token).persona.id
            let response = try await addPhoto(service, token: token, draft: draft, uploadToken: uploadToken)
            #expect(response.status == .badRequest && response.errorCode == "invalid_upload_token", "\(response.text)")
            #expect(try await PersonaImage.query(on: service.app.db).count() == 0)
            #expect(service.storedFiles(persona: draft).isEmpty)
        }
    }
}
