import Fluent
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13, finding 10: one email is one account whatever its Unicode form, an address is one
/// address, and stored text holds no control characters (SQLite cut it at a NUL).
@Suite struct IdentifierNormalisationTests {
    static func signUp(_ service: TestService, _ email: String) async throws -> ClientResponse {
        try await service.send(.POST, "/api/auth/signup", json: ["email": email, "password": "correct horse"])
    }

    @Test(arguments: TestDatabase.all)
    func oneEmailIsOneAccountInAnyForm(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let nfc = "jos\u{E9}@example.com"
            let nfd = "jose\u{301}@example.com"
            let created = try await Self.signUp(service, nfc)
            #expect(created.status == .created)
            let id = try created.content.get(String.self, at: "user", "id")
            for (name, same) in [
                ("NFD", nfd), ("trailing newline", nfc + "\n"), ("upper case", "JOS\u{C9}@Example.COM"),
                ("fullwidth @", "jos\u{E9}\u{FF20}example.com"),
            ] {
                let again = try await Self.signUp(service, same)
                #expect(again.status == .conflict, "\(name): \(again.status)")
                #expect(again.errorCode == "email_taken", "\(name)")
            }
            // Login normalises the same way: NFD typed signs in to the NFC account.
            let login = try await service.send(
                .POST, "/api/auth/login", json: ["email": nfd, "password": "correct horse"])
            #expect(login.status == .ok)
            #expect(try login.content.get(String.self, at: "user", "id") == id)
            #expect(try await User.query(on: service.app.db).all().map(\.email) == [nfc])
        }
    }

    @Test(arguments: TestDatabase.all)
    func malformedOrInvisibleEmailsAreRefused(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            for email in [
                "x@@@y.org", "x@y@z.org", "@example.com", "ada@", "ada@local", "ada@example..com",
                "ada@.example.com", "ada@example.com.", "a da@example.com", "ada\u{200B}@example.com",
                "ada@exam\u{0}ple.com", "ada\u{7}@example.com", "ada\u{FEFF}@example.com", "ada@exa\u{A0}mple.com",
            ] {
                let response = try await Self.signUp(service, email)
                #expect(response.status == .badRequest, "\(email.debugDescription): \(response.status)")
                #expect(response.errorCode == "invalid_email", "\(email.debugDescription)")
            }
            #expect(try await User.query(on: service.app.db).count() == 0)
            // The one dotless domain taken: the command line's own account is cli@localhost.
            #expect(try await Self.signUp(service, "cli@localhost").status == .created)
            #expect(try await Self.signUp(service, "ada.lovelace+test@mail.example.co.uk").status == .created)
        }
    }

    @Test func storedEmailsAreNormalisedByTheMigration() async throws {
        try await TestService.with { service in
            let db = service.app.db
            let nfd = User(email: "rene\u{301}@example.com", passwordHash: "x")
            try await nfd.save(on: db)
            // An NFD twin of an NFC account stays as it was: two accounts cannot share one email.
            try await User(email: "zoe@example.com", passwordHash: "x").save(on: db)
            try await User(email: "zo\u{EB}@example.com", passwordHash: "x").save(on: db)
            try await User(email: "zoe\u{308}@example.com", passwordHash: "x").save(on: db)
            try await NormaliseUserEmails().prepare(on: db)
            let emails = try await User.query(on: db).all().map(\.email).map { Array($0.unicodeScalars) }
            #expect(emails.contains(Array("ren\u{E9}@example.com".unicodeScalars)))
            #expect(!emails.contains(Array("rene\u{301}@example.com".unicodeScalars)))
            #expect(emails.contains(Array("zoe\u{308}@example.com".unicodeScalars)))
        }
    }

    @Test(arguments: TestDatabase.all)
    func personaNamesRefuseControlCharactersButKeepJoiners(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            // No photos: the name is checked first, so a good name gets as far as too_few_photos.
            for (name, code) in [
                ("Ada\u{0}Admin", "invalid_name"), ("Ada\u{1B}[31m", "invalid_name"), ("Ada\nLovelace", "invalid_name"),
                ("Ada 👩🏽‍💻 कोड", "too_few_photos"), ("Zoë\u{200D}", "too_few_photos"),
            ] {
                let response = try await service.createPersona(token: token, photos: [], name: name)
                #expect(response.errorCode == code, "\(name.debugDescription): \(response.text)")
            }
            var form = MultipartForm()
            form.field("name", "Me")
            form.field("description", "cut\u{0}here")
            let described = try await service.send(
                .POST, "/api/personas/create", token: token, body: form.body(), contentType: form.contentType)
            #expect(described.status == .badRequest)
            #expect(described.errorCode == "invalid_description")
        }
    }

    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), arguments: TestDatabase.all)
    func aRenameRefusesControlCharactersButKeepsJoiners(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
            let id = try created.decode(CreatedPersona.self).persona.id
            for (change, code) in [
                (["name": "Ada\u{0}Admin"], "invalid_name"), (["description": "cut\u{0}here"], "invalid_description"),
            ] {
                let response = try await service.send(.PATCH, "/api/personas/\(id)", token: token, json: change)
                #expect(response.status == .badRequest)
                #expect(response.errorCode == code)
            }
            let name = "Ada 👩🏽‍💻 कोड"
            let renamed = try await service.send(
                .PATCH, "/api/personas/\(id)", token: token,
                json: ["name": name, "description": "two\nlines"])
            #expect(renamed.status == .ok)
            let stored = try #require(try await Persona.find(UUID(uuidString: id), on: service.app.db))
            #expect(Array(stored.name.unicodeScalars) == Array(name.unicodeScalars))
            #expect(stored.description == "two\nlines")
        }
    }
}
