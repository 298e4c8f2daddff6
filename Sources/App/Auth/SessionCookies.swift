import Vapor

/// The browser's session: `inflio_session`, the token (HttpOnly, so no script reads it), and its
/// readable twin `inflio_signed_in=1`, no secret in it, set and expired with it. The page reads
/// the twin to know whether to ask `GET /api/auth/me` who is signed in: without a session the
/// answer is a 401 the browser logs as an error on a new visitor's page, and the page's own
/// mark in localStorage can vanish before the cookie does (Safari deletes a site's script-written
/// storage after 7 days without a visit; the session lasts 30).
enum SessionCookies {
    static let hintName = "inflio_signed_in"

    static func set(token: String, on response: Response, secure: Bool) {
        response.cookies[TokenAuthenticator.cookieName] = HTTPCookies.Value(
            string: token, maxAge: Int(AccountService.sessionLifetime), path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
        setHint(on: response, secure: secure)
    }

    /// The twin alone: with a session, or for one from before the twin existed
    /// (`TokenAuthenticator`). For the session's whole lifetime: a twin that outlives its
    /// session costs the page one question answered 401.
    static func setHint(on response: Response, secure: Bool) {
        response.cookies[hintName] = HTTPCookies.Value(
            string: "1", maxAge: Int(AccountService.sessionLifetime), path: "/", isSecure: secure,
            isHTTPOnly: false, sameSite: .lax)
    }

    static func expire(on response: Response) {
        response.cookies[TokenAuthenticator.cookieName] = .expired
        response.cookies[hintName] = .expired
    }
}
