import AsyncHTTPClient
import Faces
import Foundation
import HTTPTypes
import Imaging
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 12: a client generated from the contract (swift-openapi-generator, at build time, from
/// Public/openapi.json) signs up, creates a persona from real photos, follows it until ready,
/// lists it, deletes it, against a live `inflio` service: what a client written from the document
/// meets.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct GeneratedClientTests {
    /// Adds the account's token to every call, as any client of the API would.
    struct Bearer: ClientMiddleware {
        let token: String
        func intercept(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
            next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
        ) async throws -> (HTTPResponse, HTTPBody?) {
            var request = request
            request.headerFields[.authorization] = "Bearer \(token)"
            return try await next(request, body, baseURL)
        }
    }

    /// The three distinct sample shots of one person, and each mirrored: six usable photos.
    static func photos() throws -> [(name: String, bytes: [UInt8])] {
        try ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"].flatMap { name -> [(String, [UInt8])] in
            let bytes = try FacePhotos.bytes(name)
            let mirrored = try EditableImage(try EditableImage(bytes: bytes).rgb().mirrored()).jpeg(quality: 92)
            return [(name, bytes), ("mirrored-" + name, mirrored)]
        }
    }

    @Test func aGeneratedClientMakesReadsAndDeletesAPersona() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inflio-client-\(UUID())").path
        let app = try await InflioApp.make(
            config: ServiceConfig(dataDirectory: directory, databaseURL: nil, generationWorkers: 5),
            environment: .testing, models: try FaceModels())
        try await App.start(app)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.server.start()
        // A client of its own: the shared one gives up reading after 60 s, and a create analyses its
        // six photos before it answers, which a loaded CI machine once took longer than that to do.
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(timeout: .init(connect: .seconds(10), read: .seconds(600))))
        let transport = AsyncHTTPClientTransport(configuration: .init(client: http, timeout: .seconds(600)))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            let server = URL(string: "http://127.0.0.1:\(port)")!
            try await exercise(server: server, transport: transport)
        } catch {
            Issue.record(error)
        }
        try? await http.shutdown()
        await app.server.shutdown()
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func exercise(server: URL, transport: AsyncHTTPClientTransport) async throws {
        let anonymous = Client(serverURL: server, transport: transport)
        let signedUp = try await anonymous.signUp(
            body: .json(.init(email: "client@example.com", password: "a generated client's password")))
        let token = try #require(try signedUp.created.body.json.token)
        let client = Client(serverURL: server, transport: transport, middlewares: [Bearer(token: token)])
        _ = try await client.acceptConsent(body: .json(.init(accepted: true))).ok

        var parts: [Operations.createPersona.Input.Body.multipartFormPayload] = [
            .name(.init(payload: .init(body: HTTPBody("Studio me")))),
            .description(.init(payload: .init(body: HTTPBody("made by the generated client")))),
        ]
        for photo in try Self.photos() {
            parts.append(.photos(.init(payload: .init(body: HTTPBody(photo.bytes)), filename: photo.name)))
        }
        // Answered at once; then followed by reading it, as a client would (not `?wait=true`: under a
        // loaded machine one held request outlasts an HTTP client's read timeout).
        let created = try await client.createPersona(body: .multipartForm(MultipartBody(parts)))
            .created.body.json.persona
        #expect(created.status == .analyzing && created.stage == .generating)
        let deadline = ContinuousClock.now + .seconds(600)
        var shown = try await client.getPersona(path: .init(personaId: created.id)).ok.body.json.persona
        while shown.status == .analyzing, ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            shown = try await client.getPersona(path: .init(personaId: created.id)).ok.body.json.persona
        }
        #expect(shown.status == .ready && shown.stage == .done)
        #expect(shown.name == "Studio me" && shown.portraits.count == 5)

        let listed = try await client.listPersonas().ok.body.json.personas
        #expect(listed.map(\.id) == [created.id])

        _ = try await client.deletePersona(path: .init(personaId: created.id)).ok
        let gone = try await client.getPersona(path: .init(personaId: created.id))
        #expect(try gone.notFound.body.json.error.code == "not_found")
    }
}
