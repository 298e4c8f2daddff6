import Foundation

/// A link in a mail back to the page: `<publicURL>/?<name>=<token>` (the page reads the query and
/// offers the step the link is for).
enum MailLink {
    static func to(_ publicURL: URL, _ name: String, _ token: String) -> String {
        var link = URLComponents(url: publicURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        link.path = link.path.isEmpty ? "/" : link.path
        link.queryItems = [URLQueryItem(name: name, value: token)]
        return link.string ?? publicURL.absoluteString
    }
}
