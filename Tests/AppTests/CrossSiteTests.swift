import Foundation
import Testing
import Vapor

@testable import App

/// Issue 13, findings 3, 4 and 11: forms posted from another site (or another port of this host)
/// in a signed-in browser's name are refused; sign-in takes JSON only; every answer carries the
/// security headers.
@Suite struct CrossSiteTests {
    static func cookie(_ service: TestService) async throws -> (token: String, headers: HTTPHeaders) {
        let token = try await service.signUp()
        var headers = HTTPHeaders()
        headers.cookie = HTTPCookies(dictionaryLiteral: ("inflio_session", .init(string: token)))
        return (token, headers)
    }

    static func form(_ fields: String) -> ByteBuffer { ByteBuffer(string: fields) }

    /// Finding 3: an auto-submitting form on another site cannot sign the browser in.
    @Test func signInTakesJSONFromThisSiteOnly() async throws {
        try await TestService.with { service in
            _ = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "victim@example.com", "password": "long enough pass"])
            let asForm = try await service.send(
                .POST, "/api/auth/login", body: Self.form("email=victim%40example.com&password=long+enough+pass"),
                contentType: .urlEncodedForm)
            #expect(asForm.status == .unsupportedMediaType && asForm.errorCode == "expected_json")
            #expect(asForm.headers.setCookie?["inflio_session"] == nil)
            let signupForm = try await service.send(
                .POST, "/api/auth/signup", body: Self.form("email=attacker%40example.com&password=long+enough+pass"),
                contentType: .urlEncodedForm)
            #expect(signupForm.status == .unsupportedMediaType)
            let foreign = try await service.send(
                .POST, "/api/auth/login", headers: ["Origin": "https://evil.example"],
                json: ["email": "victim@example.com", "password": "long enough pass"])
            #expect(foreign.status == .forbidden && foreign.errorCode == "cross_site_request")
            let own = try await service.send(
                .POST, "/api/auth/login", headers: ["Origin": "http://127.0.0.1:\(service.port)"],
                json: ["email": "victim@example.com", "password": "long enough pass"])
            #expect(own.status == .ok, "\(own.text)")

            // A reset link's completion signs in too, and asking mails someone: neither from a form.
            for (path, fields) in [
                ("/api/auth/reset/complete", "token=inf_attackers-own-link&password=attackers+password"),
                ("/api/auth/reset", "email=victim%40example.com"),
            ] {
                let form = try await service.send(.POST, path, body: Self.form(fields), contentType: .urlEncodedForm)
                #expect(form.status == .unsupportedMediaType && form.errorCode == "expected_json", "\(path)")
                let elsewhere = try await service.send(
                    .POST, path, headers: ["Origin": "https://evil.example"], json: ["email": "victim@example.com"])
                #expect(elsewhere.status == .forbidden && elsewhere.errorCode == "cross_site_request", "\(path)")
            }
        }
    }

    /// Finding 4: a form from another port of the same host, carrying the victim's cookie, changes
    /// nothing; the page's own requests (JSON, or its header) and bearer clients still work.
    @Test func cookieRequestsFromAnotherOriginAreRefused() async throws {
        try await TestService.with { service in
            let (token, cookie) = try await Self.cookie(service)
            var otherPort = cookie
            otherPort.add(name: .origin, value: "http://127.0.0.1:\(service.port + 1)")
            let fromForm = try await service.send(
                .POST, "/api/personas", headers: otherPort, body: Self.form("name=Hijacked"),
                contentType: .urlEncodedForm)
            #expect(fromForm.status == .forbidden && fromForm.errorCode == "cross_site_request", "\(fromForm.text)")
            var crossSite = cookie
            crossSite.add(name: "Sec-Fetch-Site", value: "cross-site")
            crossSite.add(name: CrossSiteGuard.headerName, value: "1")
            let flagged = try await service.send(.POST, "/api/personas", headers: crossSite, json: ["name": "Hijacked"])
            #expect(flagged.status == .forbidden, "Sec-Fetch-Site: cross-site is refused whatever it carries")
            // Without Origin (an older browser, or a plain client), a simple body without the header.
            var form = MultipartForm()
            form.field("name", "Hijacked")
            let multipart = try await service.send(
                .POST, "/api/personas/create", headers: cookie, body: form.body(), contentType: form.contentType)
            #expect(multipart.status == .forbidden && multipart.errorCode == "cross_site_request")
            #expect(try await service.storedCounts().personas == 0, "nothing was made")

            var own = cookie
            own.add(name: .origin, value: "http://127.0.0.1:\(service.port)")
            own.add(name: "Sec-Fetch-Site", value: "same-origin")
            let draft = try await service.send(.POST, "/api/personas", headers: own, json: ["name": "Mine"])
            #expect(draft.status == .created, "\(draft.text)")
            let bearer = try await service.send(
                .POST, "/api/personas", token: token, headers: ["Origin": "https://evil.example"],
                json: ["name": "Scripted"])
            #expect(bearer.status == .created, "a bearer token is never sent by a browser on its own")
        }
    }

    /// Finding 11: the headers, on the page, the API and errors; HSTS and a Secure cookie only
    /// behind an https public URL.
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await TestService.with { service in
            for path in ["/", "/api/auth/me", "/api/nothing-here"] {
                let response = try await service.send(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), "\(path): \(csp)")
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("style-src 'self';"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer")
                #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=(self)") == true)
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "plain http: no HSTS")
            }
            let signup = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "plain@example.com", "password": "long enough pass"])
            #expect(signup.headers.setCookie?["inflio_session"]?.isSecure == false)
        }
        let https = try await TestService.start { $0.publicURL = URL(string: "https://personas.example.com") }
        do {
            let page = try await https.send(.GET, "/")
            #expect(page.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            let signup = try await https.send(
                .POST, "/api/auth/signup", json: ["email": "tls@example.com", "password": "long enough pass"])
            #expect(signup.headers.setCookie?["inflio_session"]?.isSecure == true)
            // Behind the proxy, the page's origin is the public one.
            let viaProxy = try await https.send(
                .POST, "/api/auth/login", headers: ["Origin": "https://personas.example.com"],
                json: ["email": "tls@example.com", "password": "long enough pass"])
            #expect(viaProxy.status == .ok)
        } catch {
            await https.stop()
            throw error
        }
        await https.stop()
    }
}
