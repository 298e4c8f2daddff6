import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 16 through the API, on SQLite and PostgreSQL: a PDF is read and nothing stored until the
/// user accepts; the accepted record and its logo are the user's only; brand.yml round-trips.
struct BrandKitAPITests {
    struct Extracted: Decodable {
        struct Extraction: Decodable {
            struct Logo: Decodable {
                let width: Int
                let height: Int
                let transparent: Bool
                let dataURL: String
            }
            let brand: JSONValueBody
            let logo: Logo?
            let pages: Int
            let textLayer: Bool
        }
        let success: Bool
        let extraction: Extraction
    }

    /// The extraction's brand kept as raw JSON, to send back exactly as the review page would.
    struct JSONValueBody: Decodable {
        let json: Data
        let palette: [BrandAnswer.Colour]
        init(from decoder: any Decoder) throws {
            let value = try JSONValue(from: decoder)
            json = try JSONEncoder().encode(value)
            palette = try JSONDecoder().decode(Palette.self, from: json).palette
        }
        struct Palette: Decodable { let palette: [BrandAnswer.Colour] }
    }

    static func upload(_ service: TestService, token: String, file: String, field: String = "pdf") async throws
        -> ClientResponse
    {
        var form = MultipartForm()
        form.file(field, file, try BrandPDFs.bytes(file), type: "application/pdf")
        return try await service.send(
            .POST, "/api/brand/extract", token: token, body: form.body(), contentType: form.contentType)
    }

    @Test(arguments: TestDatabase.all)
    func aPDFIsReviewedThenAcceptedAndStaysTheUsersOwn(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let read = try await Self.upload(service, token: token, file: "guideline.pdf")
            #expect(read.status == .ok, "\(read.text.prefix(300))")
            let extraction = try read.decode(Extracted.self).extraction
            #expect(extraction.pages == 2 && extraction.textLayer)
            #expect(extraction.brand.palette.first?.hex == "#1A73E8" && extraction.brand.palette.first?.source == "pdf")
            #expect(try await service.send(.GET, "/api/brand", token: token).status == .notFound, "not stored yet")

            // Accepted with the logo it found.
            let logo = try #require(extraction.logo)
            let png = try #require(Data(base64Encoded: String(logo.dataURL.split(separator: ",")[1])))
            var form = MultipartForm()
            form.field("brand", String(decoding: extraction.brand.json, as: UTF8.self))
            form.file("logo", "logo.png", [UInt8](png), type: "image/png")
            let accepted = try await service.send(
                .POST, "/api/brand/accept", token: token, body: form.body(), contentType: form.contentType)
            #expect(accepted.status == .ok, "\(accepted.text.prefix(300))")
            let stored = try await service.send(.GET, "/api/brand", token: token).decode(BrandAnswer.self).brand
            #expect(stored.name?.value == "Harbor & Pine" && stored.name?.source == "pdf")
            #expect(stored.palette.map(\.hex) == extraction.brand.palette.map(\.hex))

            let served = try await service.send(.GET, "/api/brand/logo", token: token)
            #expect(served.status == .ok && served.headers.contentType == .png)
            let picture = try LogoSanitizer.png(from: served.bytes, maxSide: 2048)
            #expect(picture.transparent && picture.width == 120 && picture.height == 120, "PNG with its alpha")

            // Another user sees none of it.
            let other = try await service.signUp()
            #expect(try await service.send(.GET, "/api/brand", token: other).status == .notFound)
            #expect(try await service.send(.GET, "/api/brand/logo", token: other).status == .notFound)
            #expect(try await service.send(.GET, "/api/brand.yml", token: other).status == .notFound)

            // One colour edited: only it becomes `edited`; every later reader sees the one record.
            var palette = stored.palette.map { ["hex": $0.hex, "role": $0.role] }
            palette[0]["hex"] = "#1B74E9"
            let edited = try await service.send(.PATCH, "/api/brand", token: token, json: ["palette": palette])
            #expect(try edited.decode(BrandAnswer.self).brand.palette.first?.hex == "#1B74E9")
            #expect(try edited.decode(BrandAnswer.self).brand.name?.source == "pdf")

            // Deleting the brand deletes its logo file.
            #expect(try await service.send(.DELETE, "/api/brand", token: token).status == .ok)
            #expect(try await service.send(.GET, "/api/brand/logo", token: token).status == .notFound)
            let logos =
                (FileManager.default.enumerator(atPath: service.config.blobDirectory)?.allObjects as? [String] ?? [])
                .filter { $0.hasPrefix("brands/") && $0.hasSuffix(".png") }
            #expect(logos.isEmpty, "\(logos)")
        }
    }

    @Test func badPDFsAreRefusedWithTheirCodesAndNothingIsKept() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            for (file, status, code) in [
                ("encrypted.pdf", HTTPStatus.unprocessableEntity, "pdf_encrypted"),
                ("truncated.pdf", .unprocessableEntity, "pdf_unreadable"),
                ("fifty.pdf", .payloadTooLarge, "pdf_too_large"), ("notes.pdf", .unsupportedMediaType, "not_a_pdf"),
            ] {
                let response = try await Self.upload(service, token: token, file: file)
                #expect(
                    response.status == status && response.errorCode == code, "\(file): \(response.text.prefix(200))")
            }
            let wrongField = try await Self.upload(service, token: token, file: "guideline.pdf", field: "file")
            #expect(wrongField.errorCode == "missing_pdf")
            #expect(try await service.send(.GET, "/api/brand", token: token).status == .notFound)
            #expect(try await service.storedCounts().files == 0, "nothing spooled or stored")
            // The service is still there after every refusal.
            #expect(try await service.send(.GET, "/health").status == .ok)
        }
    }

    @Test func brandYAMLRoundTripsColoursRolesFontsAndName() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            _ = try await service.send(.PUT, "/api/brand", token: token, json: OnboardingTests.questionnaireBody)
            _ = try await service.send(
                .PATCH, "/api/brand", token: token,
                json: [
                    "palette": [
                        ["hex": "#1A73E8", "role": "primary", "name": "Harbour \"Blue\" #1"],
                        ["hex": "#F4B400", "role": "secondary"], ["hex": "#0F9D58", "role": "accent"],
                        ["hex": "#C2185B", "role": "accent", "name": "Berry"],
                        ["hex": "#FFFFFF", "role": "background"],
                        ["hex": "#202124", "role": "text"],
                    ]
                ])
            let before = try await service.send(.GET, "/api/brand", token: token).decode(BrandAnswer.self).brand
            let yaml = try await service.send(.GET, "/api/brand.yml", token: token)
            #expect(
                yaml.status == .ok && yaml.text.contains("color:")
                    && yaml.text.contains("primary: \"Harbour \\\"Blue\\\" #1\""))

            let other = try await service.signUp()
            let imported = try await service.send(
                .PUT, "/api/brand.yml", token: other, body: ByteBuffer(string: yaml.text),
                contentType: HTTPMediaType(type: "application", subType: "yaml"))
            #expect(imported.status == .ok, "\(imported.text.prefix(300))")
            let after = try imported.decode(BrandAnswer.self).brand
            #expect(after.name?.value == before.name?.value)
            #expect(after.palette.map(\.hex) == before.palette.map(\.hex))
            #expect(after.palette.map(\.role) == before.palette.map(\.role))
            #expect(after.fonts.heading?.family == before.fonts.heading?.family)
            #expect(after.fonts.body?.family == before.fonts.body?.family)
            #expect(after.palette.first?.name == "Harbour \"Blue\" #1", "a quote and a # inside a name survive")

            let broken = try await service.send(
                .PUT, "/api/brand.yml", token: other, body: ByteBuffer(string: "color:\n  primary: \"#12345\"\n"),
                contentType: HTTPMediaType(type: "application", subType: "yaml"))
            #expect(broken.status == .badRequest && broken.errorCode == "invalid_brand")
            let colourless = try await service.send(
                .PUT, "/api/brand.yml", token: other, body: ByteBuffer(string: "meta:\n  name: No colours\n"),
                contentType: HTTPMediaType(type: "application", subType: "yaml"))
            #expect(colourless.status == .badRequest && colourless.errorCode == "invalid_brand")
            let kept = try await service.send(.GET, "/api/brand", token: other).decode(BrandAnswer.self).brand
            #expect(kept.name?.value == before.name?.value, "a refused import changes nothing")
        }
    }

    @Test func posItsOwnExampleImports() throws {
        // The shape of brand.yml's documentation: palette names referenced by role, fonts as maps.
        let brand = try BrandYAML.import(
            """
            meta:
              name:
                short: Acme
                full: Acme Corporation # the long one
            logo:
              small: icon.png
            color:
              palette:
                blue: "#447099"
                orange: '#EE6331'
              primary: blue
              secondary: orange
              foreground: "#1C2826"
            typography:
              fonts:
                - family: Open Sans
                  source: google
              base: Open Sans
              headings:
                family: Roboto Slab
                weight: 600
            """)
        #expect(brand.name?.value == "Acme Corporation")
        #expect(brand.palette.map(\.hex) == ["#447099", "#EE6331", "#1C2826"])
        #expect(brand.palette.map(\.role) == [.primary, .secondary, .text])
        #expect(brand.palette.map(\.name) == ["blue", "orange", nil])
        #expect(brand.fonts.body?.family == "Open Sans" && brand.fonts.heading?.weight == 600)
    }
}
