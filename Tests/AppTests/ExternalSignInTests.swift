import Foundation
import JWTKit
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import App

/// Sign-in with an external issuer's JWTs (Clerk-style RS256 session tokens) against a JWKS that a
/// second local server publishes, next to local accounts.
@Suite struct ExternalSignInTests {
    static let issuer = "https://clerk.inflio.test"

    @Test func aTokenFromTheIssuerSignsInItsSubjectAndNothingElseDoes() async throws {
        try await JWKSServer.with { jwks in
            let signing = try RSATestKey.make()
            try jwks.publish([signing.jwk(kid: "k1")])
            let service = try await TestService.start {
                $0.externalSignIn = ExternalSignIn(jwksURL: jwks.url, issuer: Self.issuer)
            }
            defer { Task { await service.stop() } }

            let valid = try await signing.token(kid: "k1", subject: "user_2abc", issuer: Self.issuer)
            let me = try await service.send(.GET, "/api/auth/me", token: valid)
            #expect(me.status == .ok)
            // Its own id (the (issuer, sub) row's), not the sub: see ExternalIdentityTests.
            let id = try me.content.get(String.self, at: "user", "id")
            #expect(UUID(uuidString: id) != nil && id != "user_2abc")
            #expect(try me.content.get(String.self, at: "user", "email") == "user_2abc@example.com")
            // The same token in Clerk's cookie.
            let viaCookie = try await service.send(.GET, "/api/personas", headers: ["Cookie": "__session=\(valid)"])
            #expect(viaCookie.status == .ok)

            let expired = try await signing.token(kid: "k1", subject: "user_2abc", issuer: Self.issuer, expiresIn: -60)
            let otherIssuer = try await signing.token(kid: "k1", subject: "user_2abc", issuer: "https://evil.test")
            let stranger = try RSATestKey.make()  // same kid, a key the JWKS does not hold
            let forged = try await stranger.token(kid: "k1", subject: "user_2abc", issuer: Self.issuer)
            var tampered = Array(valid.split(separator: "."))
            tampered[1] = Substring(
                Data(#"{"sub":"user_admin","iss":"\#(Self.issuer)","exp":9999999999}"#.utf8).base64URLEncodedString())
            for (name, token) in [
                ("expired", expired), ("other issuer", otherIssuer), ("wrong key", forged),
                ("tampered claims", tampered.joined(separator: ".")), ("not a JWT", "a.b.c"),
            ] {
                let response = try await service.send(.GET, "/api/personas", token: token)
                #expect(response.status == .unauthorized, "\(name) must not sign in")
            }
            // Local accounts keep working beside the issuer.
            let local = try await service.signUp()
            #expect(try await service.send(.GET, "/api/personas", token: local).status == .ok)
        }
    }

    @Test func aRotatedKeyIsFetchedWhenATokenNamesIt() async throws {
        try await JWKSServer.with { jwks in
            let old = try RSATestKey.make()
            let new = try RSATestKey.make()
            try jwks.publish([old.jwk(kid: "old")])
            let service = try await TestService.start {
                var settings = ExternalSignIn(jwksURL: jwks.url, issuer: Self.issuer)
                settings.refetchCooldown = 0
                $0.externalSignIn = settings
            }
            defer { Task { await service.stop() } }

            let before = try await old.token(kid: "old", subject: "user_1", issuer: Self.issuer)
            #expect(try await service.send(.GET, "/api/personas", token: before).status == .ok)
            let rotated = try await new.token(kid: "new", subject: "user_1", issuer: Self.issuer)
            #expect(try await service.send(.GET, "/api/personas", token: rotated).status == .unauthorized)
            #expect(jwks.fetches == 2, "the unknown kid made it refetch once")

            try jwks.publish([old.jwk(kid: "old"), new.jwk(kid: "new")])
            #expect(try await service.send(.GET, "/api/personas", token: rotated).status == .ok)
            #expect(jwks.fetches == 3)
        }
    }

    @Test func aKeySetWithoutAnIssuerIsAConfigurationError() throws {
        #expect(throws: ServiceError.self) {
            try ServiceConfig.fromEnvironment(["INFLIO_JWKS_URL": "http://127.0.0.1:1/jwks.json"])
        }
        let config = try ServiceConfig.fromEnvironment([
            "INFLIO_JWKS_URL": "http://x/jwks.json", "INFLIO_JWT_ISSUER": Self.issuer,
        ])
        #expect(config.externalSignIn == ExternalSignIn(jwksURL: "http://x/jwks.json", issuer: Self.issuer))
        #expect(try ServiceConfig.fromEnvironment([:]).externalSignIn == nil)
    }
}

/// An RS256 key made by openssl (as an issuer would hold it), and tokens signed with it.
struct RSATestKey {
    let privateKey: JWTKit.Insecure.RSA.PrivateKey

    static func make() throws -> RSATestKey {
        let pem = try Shell.run("openssl", ["genrsa", "2048"])
        return RSATestKey(privateKey: try JWTKit.Insecure.RSA.PrivateKey(pem: pem))
    }

    func jwk(kid: String) throws -> String {
        let (modulus, exponent) = try privateKey.publicKey.getKeyPrimitives()
        return
            #"{"kty":"RSA","alg":"RS256","use":"sig","kid":"\#(kid)","n":"\#(modulus.base64URLEncodedString())","e":"\#(exponent.base64URLEncodedString())"}"#
    }

    func token(
        kid: String, subject: String, issuer: String, expiresIn: TimeInterval = 300, authTime: Date? = nil,
        email: Bool = true
    ) async throws -> String {
        struct Claims: JWTPayload {
            let sub: SubjectClaim, iss: IssuerClaim, exp: ExpirationClaim, email: String?, authTime: Double?
            enum CodingKeys: String, CodingKey {
                case sub, iss, exp, email
                case authTime = "auth_time"
            }
            func verify(using algorithm: some JWTAlgorithm) async throws {}
        }
        let keys = await JWTKeyCollection().add(
            rsa: privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        let claims = Claims(
            sub: .init(value: subject), iss: .init(value: issuer),
            exp: .init(value: Date().addingTimeInterval(expiresIn)),
            email: email ? "\(subject)@example.com" : nil, authTime: authTime?.timeIntervalSince1970)
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}

/// Publishes a JWKS on a loopback port and counts how often it is fetched.
final class JWKSServer: Sendable {
    private let app: Application
    private let state = NIOLockedValueBox((json: #"{"keys":[]}"#, fetches: 0))
    let url: String

    var fetches: Int { state.withLockedValue { $0.fetches } }
    func publish(_ keys: [String]) {
        state.withLockedValue { $0.json = #"{"keys":[\#(keys.joined(separator: ","))]}"# }
    }

    private init(app: Application, url: String) {
        self.app = app
        self.url = url
    }

    static func with(_ body: (JWKSServer) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        let box = NIOLockedValueBox<JWKSServer?>(nil)
        app.get(".well-known", "jwks.json") { _ -> Response in
            let json = box.withLockedValue { $0! }.state.withLockedValue { s -> String in
                s.fetches += 1
                return s.json
            }
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: json))
        }
        try await app.server.start()
        let port = app.http.server.shared.localAddress!.port!
        let server = JWKSServer(app: app, url: "http://127.0.0.1:\(port)/.well-known/jwks.json")
        box.withLockedValue { $0 = server }
        do {
            try await body(server)
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}

extension Data {
    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
