import Fluent
import Foundation
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
