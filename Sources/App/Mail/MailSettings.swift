import Foundation

/// Where mail goes: `INFLIO_SMTP_URL` and `INFLIO_MAIL_FROM`. Without them the service sends no
/// mail, and sign-up says when an address is taken (docs/api.md#sign-up-by-mail).
public struct MailSettings: Sendable, Equatable {
    /// `smtp://[user:password@]host[:port]` (plain; port 25 by default: a relay on the same host or
    /// network) or `smtps://…` (TLS from the first byte, port 465 by default). STARTTLS is not spoken.
    public var host: String
    public var port: Int
    public var tls: Bool
    public var username: String?
    public var password: String?
    /// The sender, `INFLIO_MAIL_FROM` (by default `inflio@` the SMTP host).
    public var from: String

    public init(
        host: String, port: Int, tls: Bool = false, username: String? = nil, password: String? = nil, from: String
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.username = username
        self.password = password
        self.from = from
    }

    /// Nil without `INFLIO_SMTP_URL`; throws on a URL it cannot use, so that a typo is not silence.
    static func fromEnvironment(_ value: (String) -> String?) throws -> MailSettings? {
        guard let raw = value("INFLIO_SMTP_URL") else { return nil }
        let refused = ServiceError(
            .internalServerError, "invalid_smtp_url",
            "INFLIO_SMTP_URL must look like smtp://user:password@host:25 or smtps://host:465.")
        guard let url = URLComponents(string: raw), let scheme = url.scheme?.lowercased(),
            scheme == "smtp" || scheme == "smtps", let host = url.host, !host.isEmpty
        else { throw refused }
        let tls = scheme == "smtps"
        let from = value("INFLIO_MAIL_FROM") ?? "inflio@\(host)"
        guard !from.contains(where: { $0.isNewline }), from.contains("@") else { throw refused }
        return MailSettings(
            host: host, port: url.port ?? (tls ? 465 : 25), tls: tls, username: url.user?.removingPercentEncoding,
            password: url.password?.removingPercentEncoding, from: from)
    }
}
