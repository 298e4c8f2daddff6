import Fluent
import Foundation
import Imaging
import SQLKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 18: "Download my data" holds the account and only it; "Delete my account" leaves no row
/// and no file of the user; portraits say they are AI-made wherever they are downloaded.
@Suite struct AccountDataTests {
    static let password = "correct horse"

    /// An account with a ready persona, a brand and onboarding answers; returns its token and id.
    func richAccount(_ service: TestService, _ email: String) async throws -> (token: String, id: String) {
        let token = try await service.signUp(email)
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        #expect(created.status == .created, "\(created.text)")
        let brand = try await service.send(.PUT, "/api/brand", token: token, json: OnboardingTests.questionnaireBody)
        #expect(brand.status == .ok, "\(brand.text)")
        // A logo too (a file of the user's in the blob store, beside the persona's folders).
        let record = try await service.send(.GET, "/api/brand", token: token)
        let json = try JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any]
        var form = MultipartForm()
        form.field(
            "brand", String(decoding: try JSONSerialization.data(withJSONObject: json?["brand"] ?? [:]), as: UTF8.self))
        form.file(
            "logo", "logo.png",
            try EditableImage(greyWidth: 8, height: 8, pixels: .init(repeating: 90, count: 64)).png(), type: "image/png"
        )
        let logo = try await service.send(
            .POST, "/api/brand/accept", token: token, body: form.body(), contentType: form.contentType)
        #expect(logo.status == .ok, "\(logo.text)")
        let id = try #require(try await User.query(on: service.app.db).filter(\.$email == email).first()?.id)
        return (token, id.uuidString)
    }

    struct ZipContents: Decodable {
        let bad: String?
        let files: [String: String]  // path: sha256
    }

    /// Opened by Python's zipfile, not by our own code: names, CRCs checked, each file's SHA-256.
    static func open(_ zip: [UInt8]) throws -> (ZipContents, URL) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID()).zip")
        try Data(zip).write(to: file)
        let script = """
            import hashlib, json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({"bad": z.testzip(),
                "files": {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}}))
            """
        let output = try Shell.run("/usr/bin/python3", ["-c", script, file.path])
        return (try JSONDecoder().decode(ZipContents.self, from: Data(output.utf8)), file)
    }

    static func entry(_ zip: URL, _ path: String) throws -> [UInt8] {
        let script = "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, zip.path, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test(arguments: TestDatabase.all)
    func theExportHoldsTheAccountAndOnlyIt(_ database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let (token, userID) = try await richAccount(service, "exporter@example.com")
            let other = try await service.signUp()
            _ = try await service.createPersona(token: other, photos: try TestPhotos.obamaSet(), name: "Not Mine")

            let response = try await service.send(.GET, "/api/account/export", token: token)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description == "application/zip")
            #expect(response.headers.first(name: .contentDisposition)?.contains("inflio-export-") == true)
            let (zip, file) = try Self.open(response.bytes)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(zip.bad == nil)

            let images = try await PersonaImage.query(on: service.app.db).filter(\.$userID == userID).all()
            let photos = images.filter { $0.metadata.type == .userUpload }
            let portraits = images.filter { $0.metadata.type == .referencePortrait }
            #expect(photos.count == 6 && portraits.count == 5)
            let names = Set(zip.files.keys)
            #expect(names.filter { $0.contains("/photos/") }.count == photos.count)
            #expect(names.filter { $0.contains("/portraits/") }.count == portraits.count)
            #expect(!names.contains { $0.contains("not-mine") })
            for name in [
                "manifest.json", "personas.json", "brand.json", "brand-logo.png", "onboarding.json", "usage.json",
            ] {
                #expect(names.contains(name), "\(name)")
            }

            // Photos exactly as stored; portraits marked; the manifest's hashes match.
            let storedPhoto = try await service.app.inflio.blobs.get(photos[0].metadata.storageKey)
            let photoPaths = names.filter { $0.contains("/photos/") }
            #expect(photoPaths.contains { zip.files[$0] == Hex.encode(SHA256.hash(data: storedPhoto)) })
            let portraitPath = try #require(names.first { $0.contains("/portraits/") })
            let portrait = try Self.entry(file, portraitPath)
            #expect(ProvenanceMark.sourceType(in: portrait) == .composite)
            struct Manifest: Decodable {
                struct File: Decodable {
                    let path: String
                    let sha256: String
                    let digitalSourceType: String?
                }
                let files: [File]
                let account: [String: String]
                let notIncluded: [String]
            }
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try Self.entry(file, "manifest.json")))
            #expect(manifest.account["email"] == "exporter@example.com")
            // Designs are in the archive: the manifest once said the studio was not built yet.
            #expect(!manifest.notIncluded.contains { $0.contains("Designs") }, "\(manifest.notIncluded)")
            #expect(manifest.files.count == names.count - 1)
            for listed in manifest.files { #expect(zip.files[listed.path] == listed.sha256, "\(listed.path)") }
            #expect(
                manifest.files.filter { $0.digitalSourceType == DigitalSourceType.composite.uri }.count
                    == portraits.count)
            let brand = String(decoding: try Self.entry(file, "brand.json"), as: UTF8.self)
            #expect(brand.contains("Ada Makes"))

            #expect(try await service.send(.GET, "/api/account/export").status == .unauthorized)
        }
    }

    @Test func downloadedPortraitsSayHowTheyWereMadeAndPhotosStayBare() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let persona = try created.decode(CreatedPersona.self).persona
            let detail = try await service.send(.GET, "/api/personas/\(persona.id)", token: token)
                .decode(PersonaDetail.self).persona
            let portraitURL = try #require(detail.portraits.compactMap(\.url).first)
            let portrait = try await service.send(.GET, portraitURL, token: token)
            #expect(ProvenanceMark.sourceType(in: portrait.bytes) == .composite)
            let photo = try await service.send(.GET, try #require(detail.photos.first).url, token: token)
            #expect(photo.status == .ok && ProvenanceMark.sourceType(in: photo.bytes) == nil)
        }
    }

    /// Every table, every row, every column read as text or as a UUID: none may name the user.
    static func rowsNaming(_ id: String, _ email: String, on db: any Database) async throws -> [String] {
        let sql = db as! any SQLDatabase
        let tables: [String]
        if sql.dialect.name == "sqlite" {
            tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
                .map { try $0.decode(column: "name", as: String.self) }
        } else {
            tables = try await sql.raw(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).all().map { try $0.decode(column: "name", as: String.self) }
        }
        var found: [String] = []
        for table in tables where !table.hasPrefix("_fluent") && !table.hasPrefix("sqlite_") {
            for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
                for column in row.allColumns {
                    let text = try? row.decode(column: column, as: String?.self)
                    let uuid = try? row.decode(column: column, as: UUID?.self)
                    if text?.contains(id.lowercased()) == true || text?.contains(id) == true
                        || text?.contains(email) == true || uuid?.uuidString == id
                    {
                        found.append("\(table).\(column)")
                    }
                }
            }
        }
        return found
    }

    static func files(under root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix("/") && $0.contains(".") }
    }

    @Test(arguments: TestDatabase.all)
    func deletionLeavesNoRowAndNoFileOfTheUser(_ database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let email = "leaver@example.com"
            let (token, userID) = try await richAccount(service, email)
            let stayer = try await service.signUp()
            let kept = try await service.createPersona(token: stayer, photos: try TestPhotos.obamaSet(), wait: true)
            let keptID = try kept.decode(CreatedPersona.self).persona.id
            _ = try await service.send(
                .POST, "/api/account/tokens", token: token, json: ["name": "script", "password": Self.password])
            // The scan finds the user where they are: by id as text and as a UUID, and by email.
            let before = Set(try await Self.rowsNaming(userID, email, on: service.app.db))
            for place in [
                "users.id", "users.email", "user_tokens.user_id", "personas.user_id", "ledger_entries.user_id",
            ] {
                #expect(before.contains(place), "\(place) not found in \(before.sorted())")
            }
            let personaIDs = try await Persona.query(on: service.app.db).filter(\.$userID == userID).all().map {
                try $0.requireID().uuidString
            }
            let ledgerLines = try await LedgerEntry.query(on: service.app.db).count()

            let mismatch = try await service.send(
                .POST, "/api/account/delete", token: token,
                json: ["password": Self.password, "confirmEmail": "someone@else.com"])
            #expect(mismatch.status == .badRequest && mismatch.errorCode == "confirmation_mismatch")
            let wrong = try await service.send(
                .POST, "/api/account/delete", token: token, json: ["password": "not mine", "confirmEmail": email])
            #expect(wrong.status == .forbidden && wrong.errorCode == "wrong_password")
            #expect(try await service.send(.GET, "/api/auth/me", token: token).status == .ok, "nothing went yet")

            let deleted = try await service.send(
                .POST, "/api/account/delete", token: token, json: ["password": Self.password, "confirmEmail": email])
            #expect(deleted.status == .ok, "\(deleted.text)")
            // The session's cookie and its readable twin end with the account.
            #expect(deleted.headers.setCookie?[TokenAuthenticator.cookieName]?.string == "")
            #expect(deleted.headers.setCookie?[SessionCookies.hintName]?.string == "")

            #expect(try await Self.rowsNaming(userID, email, on: service.app.db) == [])
            for persona in personaIDs {
                #expect(try await Self.rowsNaming(persona, "no-such-email", on: service.app.db) == [], "\(persona)")
            }
            let files = Self.files(under: service.config.blobDirectory)
            #expect(!files.isEmpty && files.allSatisfy { $0.contains(keptID.lowercased()) }, "\(files)")
            // The ledger keeps its lines for billing, anonymous.
            #expect(try await LedgerEntry.query(on: service.app.db).count() == ledgerLines)
            #expect(
                try await LedgerEntry.query(on: service.app.db).filter(\.$userID == AccountDeletion.anonymousUser)
                    .count() == 5)

            #expect(try await service.send(.GET, "/api/auth/me", token: token).status == .unauthorized)
            let login = try await service.send(
                .POST, "/api/auth/login", json: ["email": email, "password": Self.password])
            #expect(login.status == .unauthorized)
            #expect(try await service.send(.GET, "/api/personas/\(keptID)", token: stayer).status == .ok)
        }
    }
}
