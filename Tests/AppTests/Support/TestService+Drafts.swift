import Foundation
import Vapor

@testable import App

/// The draft routes, spoken to as a client would.
extension TestService {
    func createDraft(token: String, name: String? = nil) async throws -> CreatedDraft {
        let response = try await send(
            .POST, "/api/personas", token: token, json: name.map { ["name": $0] } ?? [String: String]())
        guard response.status == .created else {
            throw TestFailure("draft creation failed: \(response.status) \(response.text)")
        }
        return try response.decode(CreatedDraft.self)
    }

    func addPhoto(token: String, draft: String, _ photo: TestPhoto, field: String = "photo") async throws
        -> ClientResponse
    {
        var form = MultipartForm()
        form.file(field, photo.name, photo.bytes)
        return try await send(
            .POST, "/api/personas/\(draft)/photos", token: token, body: form.body(), contentType: form.contentType)
    }

    /// Adds a photo that must be taken; returns the answer.
    func addedPhoto(token: String, draft: String, _ photo: TestPhoto) async throws -> AddedPhoto {
        let response = try await addPhoto(token: token, draft: draft, photo)
        guard response.status == .created else {
            throw TestFailure("adding \(photo.name) failed: \(response.status) \(response.text)")
        }
        return try response.decode(AddedPhoto.self)
    }

    func build(token: String, draft: String, name: String? = "Me") async throws -> ClientResponse {
        try await send(
            .POST, "/api/personas/\(draft)/build", token: token,
            json: name.map { ["name": $0] } ?? [String: String]())
    }

    /// Every file the blob store holds for one persona.
    func storedFiles(persona: String) -> [String] {
        let folder = (config.blobDirectory as NSString).appendingPathComponent("personas/\(persona.lowercased())")
        return (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".jpg") }
    }
}
