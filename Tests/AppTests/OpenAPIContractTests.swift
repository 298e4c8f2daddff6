import Foundation
import Testing
import Vapor

@testable import App

/// Issue 12: the API's contract, Public/openapi.json (written by scripts/openapi.py). Every route
/// the service registers is documented and every documented route exists; the service serves the
/// document; every answer the other API tests receive is checked against it in `TestService.send`.
@Suite struct OpenAPIContractTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await TestService.with { service in
            let registered = Set(
                service.app.routes.all.map { route in
                    let path = route.path.map { component -> String in
                        switch component {
                        case .constant(let literal): literal
                        case .parameter: "{}"
                        case .anything: "*"
                        case .catchall: "**"
                        }
                    }
                    return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
                })
            // The web page is the file middleware's, not a route.
            let documented = OpenAPIContract.shared.operations.subtracting(["GET /"])
            #expect(registered.subtracting(documented).sorted() == [], "registered but not in openapi.json")
            #expect(documented.subtracting(registered).sorted() == [], "in openapi.json but not registered")
        }
    }

    @Test func theDocumentIsServedAsItIsWritten() async throws {
        try await TestService.with { service in
            let served = try await service.send(.GET, "/api/openapi.json")
            #expect(served.status == .ok && served.headers.contentType == .json)
            let file = try Data(contentsOf: URL(fileURLWithPath: WebAssets.directory + "openapi.json"))
            #expect(Data(served.bytes) == file)
            #expect(served.text.contains(#""openapi": "3.1.0""#))
        }
    }

    /// The checker itself: an answer that breaks the schema is caught (else every API test's check
    /// could pass by checking nothing).
    @Test func aWrongAnswerIsCaught() {
        let contract = OpenAPIContract.shared
        let good = #"{"success":true,"user":{"id":"x","email":"a@b.co","local":true}}"#
        #expect(
            contract.problems(
                method: "GET", path: "/api/auth/me", status: 200, contentType: "application/json",
                body: Array(good.utf8)) == [])
        let missing = #"{"success":true}"#
        #expect(
            !contract.problems(
                method: "GET", path: "/api/auth/me", status: 200, contentType: "application/json",
                body: Array(missing.utf8)
            ).isEmpty)
        let wrongType = #"{"success":true,"personas":[{"id":"x","name":3}]}"#
        #expect(
            !contract.problems(
                method: "GET", path: "/api/personas", status: 200, contentType: "application/json",
                body: Array(wrongType.utf8)
            ).isEmpty)
        let unknownCode = #"{"success":false,"error":{"code":"made_up","message":"no"}}"#
        #expect(
            !contract.problems(
                method: "GET", path: "/api/auth/me", status: 401, contentType: "application/json",
                body: Array(unknownCode.utf8)
            ).isEmpty)
        #expect(
            !contract.problems(method: "GET", path: "/api/auth/me", status: 418, contentType: nil, body: []).isEmpty)
        let notAUUID =
            #"{"success":true,"personas":[{"id":"seven","name":"x","description":"","status":"ready","stage":"done","isDefault":false}]}"#
        #expect(
            !contract.problems(
                method: "GET", path: "/api/personas", status: 200, contentType: "application/json",
                body: Array(notAUUID.utf8)
            ).isEmpty)
        #expect(contract.operation("POST", "/api/personas/create") != nil)
        #expect(contract.operation("GET", "/api/personas/") == nil, "a parameter takes a whole segment")
        #expect(contract.operation("GET", "?x") == nil)
        #expect(
            !contract.problems(method: "GET", path: "/api/nothing/here", status: 200, contentType: nil, body: [])
                .isEmpty)
    }
}
