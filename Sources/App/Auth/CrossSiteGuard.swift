import Vapor

/// Refuses requests another site could make in a signed-in browser's name (cross-site request
/// forgery). A browser attaches the session cookie to a form posted from anywhere, and a form can
/// send only urlencoded, multipart or plain-text bodies, without custom headers; a script on
/// another origin can send more only if CORS allows it, which this service never does. So a
/// state-changing request that is signed in by a cookie (not by `Authorization: Bearer`) must
///
/// - come from this origin, when the browser says where it comes from (`Origin`,
///   `Sec-Fetch-Site`): another port or scheme of the same host is another origin; and
/// - be JSON, or carry the `X-Inflio-Request` header (the page's multipart uploads do).
///
/// Sign-in and sign-up take JSON only, from this origin, cookie or not: a form on another site
/// cannot sign the browser in as the attacker (a reset link's completion signs in too: an
/// attacker's own link must not sign a visitor into the attacker's account), nor ask for reset
/// mails in a visitor's name. Bearer-token clients are not affected.
struct CrossSiteGuard: AsyncMiddleware {
    static let headerName = "X-Inflio-Request"
    static let signInPaths: Set<String> = [
        "/api/auth/login", "/api/auth/signup", "/api/auth/confirm", "/api/auth/reset", "/api/auth/reset/complete",
    ]
    /// `scheme://host[:port]` of `INFLIO_PUBLIC_URL`, when set: the origin behind a reverse proxy.
    let publicOrigin: String?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        let signIn = Self.signInPaths.contains(request.url.path)
        let cookieSession =
            request.headers.bearerAuthorization == nil
            && (request.cookies[TokenAuthenticator.cookieName] != nil
                || request.cookies[TokenAuthenticator.externalCookieName] != nil)
        guard signIn || cookieSession else { return try await next.respond(to: request) }

        guard isSameOrigin(request) else {
            request.logger.info("cross-site \(request.method) \(request.url.path) refused")
            throw ServiceError(
                .forbidden, "cross_site_request",
                "This request came from another site, so it was refused to protect your account.")
        }
        let json = request.headers.contentType.map { $0.type == "application" && $0.subType == "json" } ?? false
        if signIn && !json {
            throw ServiceError(.unsupportedMediaType, "expected_json", "Send the email and password as JSON.")
        }
        if !json && request.headers.first(name: Self.headerName) == nil {
            throw ServiceError(
                .forbidden, "cross_site_request",
                "Requests signed in by the session cookie must be JSON or carry the \(Self.headerName) header.")
        }
        return try await next.respond(to: request)
    }

    /// What the browser says of where the request comes from, when it says anything (other clients
    /// send neither header and are judged by the body rule alone).
    func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site")?.lowercased(),
            !["same-origin", "none"].contains(site)
        {
            return false
        }
        guard let origin = request.headers.first(name: .origin) else { return true }
        if let publicOrigin, origin.lowercased() == publicOrigin.lowercased() { return true }
        guard let url = URL(string: origin), let scheme = url.scheme, let host = url.host,
            let ownHost = request.headers.first(name: .host)
        else { return false }
        // The Host header names host and port as this server was reached; the Origin must name the
        // same (its default port omitted for its scheme).
        let port = url.port.map { ":\($0)" } ?? ""
        let named = "\(host)\(port)".lowercased()
        let own = ownHost.lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        let ownWithoutDefault = own.hasSuffix(defaultPort) ? String(own.dropLast(defaultPort.count)) : own
        return named == own || named + defaultPort == own || named == ownWithoutDefault
    }
}
