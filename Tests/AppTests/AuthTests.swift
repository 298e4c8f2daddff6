import Testing
import Vapor

@testable import App

@Suite struct AuthTests {
    @Test func signUpSignInAndSessions() async throws {
        try await TestService.with { service in
            let signup = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "Ada@Example.com", "password": "long enough pass"])
            #expect(signup.status == .created)
            #expect(signup.headers.setCookie?["inflio_session"] != nil)
            // Its readable twin tells the page a session may exist, and holds no secret.
            let hint = try #require(signup.headers.setCookie?["inflio_signed_in"])
            #expect(
                hint.string == "1" && !hint.isHTTPOnly
                    && hint.maxAge == signup.headers.setCookie?["inflio_session"]?.maxAge)
            #expect(signup.headers.setCookie?["inflio_session"]?.isHTTPOnly == true)
            let token = try #require(try signup.content.get(String?.self, at: "token"))

            #expect(try await service.send(.GET, "/api/auth/me", token: token).status == .ok)
            #expect(try await service.send(.GET, "/api/auth/me").status == .unauthorized)
            #expect(try await service.send(.GET, "/api/auth/me", token: "inf_not-a-token").status == .unauthorized)

            let again = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "ada@example.com", "password": "another one here"])
            #expect(again.status == .conflict && again.errorCode == "email_taken")

            let wrong = try await service.send(
                .POST, "/api/auth/login", json: ["email": "ada@example.com", "password": "wrong password"])
            #expect(wrong.status == .unauthorized && wrong.errorCode == "invalid_credentials")
            let login = try await service.send(
                .POST, "/api/auth/login", json: ["email": "ADA@example.com", "password": "long enough pass"])
            #expect(login.status == .ok)

            // The cookie alone signs the browser in.
            let cookie = try #require(login.headers.setCookie?["inflio_session"]?.string)
            var headers = HTTPHeaders()
            headers.cookie = HTTPCookies(dictionaryLiteral: ("inflio_session", .init(string: cookie)))
            let byCookie = try await service.send(.GET, "/api/personas", headers: headers)
            #expect(byCookie.status == .ok)
            // A session from before the readable twin existed gets it with its next answer.
            #expect(byCookie.headers.setCookie?["inflio_signed_in"]?.string == "1")
            // Signing out ends that session (the page sends its own header with every request).
            headers.add(name: CrossSiteGuard.headerName, value: "1")
            let logout = try await service.send(.POST, "/api/auth/logout", headers: headers)
            #expect(try await service.send(.GET, "/api/personas", headers: headers).status == .unauthorized)
            // Both cookies go.
            #expect(logout.headers.setCookie?["inflio_session"]?.string == "")
            #expect(logout.headers.setCookie?["inflio_signed_in"]?.string == "")
        }
    }

    /// A twin whose session ended elsewhere (signed out on another device, say) goes with the
    /// next answer, refused or not, so the page stops asking who is signed in; a live session's
    /// twin stays, and signing in again is not undone.
    @Test func aTwinWithoutItsSessionIsExpired() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            func cookies(_ session: String?) -> HTTPHeaders {
                var headers = HTTPHeaders()
                headers.add(
                    name: .cookie, value: "inflio_signed_in=1" + (session.map { "; inflio_session=\($0)" } ?? ""))
                headers.add(name: CrossSiteGuard.headerName, value: "1")
                return headers
            }
            let live = try await service.send(.GET, "/api/auth/me", headers: cookies(token))
            #expect(live.status == .ok && live.headers.setCookie?["inflio_signed_in"] == nil)

            for session in ["inf_revoked-elsewhere", nil] {
                let me = try await service.send(.GET, "/api/auth/me", headers: cookies(session))
                #expect(me.status == .unauthorized && me.errorCode == "unauthorized", "\(me.text)")
                #expect(me.headers.setCookie?["inflio_signed_in"]?.string == "")
                #expect(me.headers.setCookie?["inflio_session"]?.string == "")
            }
            let open = try await service.send(.GET, "/health", headers: cookies("inf_revoked-elsewhere"))
            #expect(open.headers.setCookie?["inflio_signed_in"]?.string == "", "a public answer carries it too")

            let email = "twin-\(UUID().uuidString.prefix(6))@example.com"
            _ = try await service.send(
                .POST, "/api/auth/signup", json: ["email": email, "password": "long enough pass"])
            let login = try await service.send(
                .POST, "/api/auth/login", headers: cookies("inf_revoked-elsewhere"),
                json: ["email": email, "password": "long enough pass"])
            #expect(login.status == .ok)
            #expect(login.headers.setCookie?["inflio_signed_in"]?.string == "1", "signing in sets it anew")
        }
    }

    @Test func badSignUpsAreRefusedWithTheirCodes() async throws {
        try await TestService.with { service in
            let badEmail = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "not-an-email", "password": "long enough pass"])
            #expect(badEmail.status == .badRequest && badEmail.errorCode == "invalid_email")
            let weak = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": "short"])
            #expect(weak.status == .badRequest && weak.errorCode == "weak_password")
            let garbage = try await service.send(
                .POST, "/api/auth/signup", body: ByteBuffer(string: "{nope"), contentType: .json)
            #expect(garbage.status == .badRequest)
            #expect(try garbage.decode(ErrorAnswer.self).success == false)
        }
    }

    @Test func apiTokensFromTheCommandLineWork() async throws {
        try await TestService.with { service in
            let token = try await AccountService.createAccountWithAPIToken(
                app: service.app, email: "script@example.com", password: "long enough pass")
            #expect(try await service.send(.GET, "/api/personas", token: token).status == .ok)
            // Only the hash is stored.
            let stored = try await UserToken.query(on: service.app.db).all().map(\.tokenHash)
            #expect(!stored.contains(token) && stored.contains(Tokens.hash(token)))
        }
    }
}
