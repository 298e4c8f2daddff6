import Foundation
import JWTKit
import Vapor

/// Where external sign-in tokens come from: a JWKS URL and the issuer its tokens must name
/// (Clerk: `https://<instance>.clerk.accounts.dev/.well-known/jwks.json` and that host).
public struct ExternalSignIn: Sendable, Equatable {
    public var jwksURL: String
    public var issuer: String
    /// Checked only when set: Clerk's session tokens carry no `aud`, other issuers' do.
    public var audience: String?
    /// Shortest time between two fetches triggered by an unknown key id.
    public var refetchCooldown: TimeInterval = 30

    public init(jwksURL: String, issuer: String, audience: String? = nil) {
        self.jwksURL = jwksURL
        self.issuer = issuer
        self.audience = audience
    }
}

/// Who a verified external token names: its issuer and `sub` (looked up, never used as a user id).
struct ExternalSubject: Sendable, Equatable {
    let issuer: String
    let subject: String
    let email: String?
    /// When the person last proved who they are: OIDC's `auth_time`, or Clerk's `fva` (minutes
    /// since the first factor was verified). Not `iat`: a session JWT is re-issued every minute
    /// while the session lives, so its `iat` says nothing about a sign-in. Deleting an account asks
    /// for a recent one (re-authentication); without either claim it cannot be proved.
    var authenticatedAt: Date? = nil
}

/// The claims we read from an external session token. (issuer, `sub`) names an `ExternalIdentity`.
struct ExternalClaims: JWTPayload {
    let sub: SubjectClaim
    let iss: IssuerClaim
    let exp: ExpirationClaim
    let nbf: NotBeforeClaim?
    let aud: AudienceClaim?
    let email: String?
    let authTime: Double?
    /// Clerk's factor verification age: minutes since the first and the second factor were
    /// verified in this session (-1: not verified).
    let fva: [Int]?

    enum CodingKeys: String, CodingKey {
        case sub, iss, exp, nbf, aud, email, fva
        case authTime = "auth_time"
    }

    var authenticatedAt: Date? {
        if let authTime { return Date(timeIntervalSince1970: authTime) }
        if let minutes = fva?.first, minutes >= 0 { return Date().addingTimeInterval(-Double(minutes) * 60) }
        return nil
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }
}

/// Verifies JWTs against the issuer's key set. Keys are fetched on first use, refreshed every
/// 10 minutes, and refetched at once when a token names a key we do not have (the issuer rotated
/// its keys), but at most every `refetchCooldown`, so forged `kid`s cannot make us hammer the issuer.
actor ExternalTokenVerifier {
    let settings: ExternalSignIn
    private let client: any Client
    private let logger: Logger
    private var keys: JWTKeyCollection?
    private var fetchedAt: Date = .distantPast
    private var knownKeyIDs: Set<String> = []

    static let refreshInterval: TimeInterval = 600

    init(settings: ExternalSignIn, client: any Client, logger: Logger) {
        self.settings = settings
        self.client = client
        self.logger = logger
    }

    /// Looks like a JWT (three base64url parts), as opposed to one of our opaque `inf_` tokens.
    nonisolated static func looksLikeJWT(_ token: String) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// Who the token names, or nil for any token that does not verify (bad signature, unknown key,
    /// expired, another issuer or audience). Never throws: a bad token is an anonymous request.
    func subject(for token: String) async -> ExternalSubject? {
        do {
            let claims = try await verify(token)
            guard claims.iss.value == settings.issuer else { return nil }
            if let audience = settings.audience {
                guard let aud = claims.aud, aud.value.contains(audience) else { return nil }
            }
            guard !claims.sub.value.isEmpty else { return nil }
            return ExternalSubject(
                issuer: claims.iss.value, subject: claims.sub.value, email: claims.email,
                authenticatedAt: claims.authenticatedAt)
        } catch {
            logger.debug("external token refused: \(error)")
            return nil
        }
    }

    private func verify(_ token: String) async throws -> ExternalClaims {
        let stale = keys == nil || Date().timeIntervalSince(fetchedAt) > Self.refreshInterval
        // jwt-kit falls back to its default key for an unknown `kid`, so notice rotation ourselves.
        let rotated =
            Self.keyID(of: token).map { !knownKeyIDs.contains($0) } ?? false
            && Date().timeIntervalSince(fetchedAt) >= settings.refetchCooldown
        if stale || rotated { try await refresh() }
        return try await keys!.verify(token, as: ExternalClaims.self)
    }

    /// The `kid` of a token's header, without verifying anything.
    nonisolated static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".").first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        struct Header: Decodable { let kid: String? }
        return Data(base64Encoded: base64).flatMap { try? JSONDecoder().decode(Header.self, from: $0) }?.kid
    }

    private func refresh() async throws {
        let response = try await client.get(URI(string: settings.jwksURL)) { $0.timeout = .seconds(10) }
        guard response.status == .ok, let body = response.body else {
            throw Abort(.badGateway, reason: "JWKS fetch answered \(response.status.code)")
        }
        let json = String(buffer: body)
        // Counted as fetched even if the set is unusable, so a broken issuer is not asked again at once.
        fetchedAt = Date()
        let fresh = JWTKeyCollection()
        try await fresh.add(jwksJSON: json)
        keys = fresh
        struct KeySet: Decodable {
            struct Key: Decodable { let kid: String? }
            let keys: [Key]
        }
        knownKeyIDs = Set((try? JSONDecoder().decode(KeySet.self, from: Data(json.utf8)))?.keys.compactMap(\.kid) ?? [])
    }
}
