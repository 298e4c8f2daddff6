import Vapor

/// Headers every answer carries, pages, API and errors alike. The page's scripts and styles are
/// files of its own origin (`script-src 'self'` without `'unsafe-inline'`; styles set through the
/// CSSOM are allowed by `style-src 'self'`, style attributes are not); images may also be `data:`
/// (the icon) and `blob:` (previews of photos being added). The camera is for the page itself.
struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
        "media-src 'self' blob:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// With an https public URL, browsers are told to come back over https only (a year).
    let https: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            // Signed media links carry their signature in the URL: never pass it on.
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if https { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        return response
    }
}
