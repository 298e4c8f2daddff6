import Foundation

/// One plain-text mail, as SMTP's DATA carries it: headers, then the UTF-8 body in base64 (any
/// server takes it; no line is too long and no line is a lone dot).
struct MailMessage: Sendable {
    let from: String
    let to: String
    let subject: String
    let body: String

    /// Headers are written from addresses that `AccountService.validEmail` checked (no line breaks)
    /// and subjects of our own; a subject beyond ASCII is encoded as RFC 2047 asks.
    func rendered(date: Date = Date(), messageID: String = UUID().uuidString) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let encodedSubject =
            subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let headers = [
            "From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
        ]
        // 76 characters a line, as MIME asks, each ended by CRLF.
        let encoded = Array(Data(body.utf8).base64EncodedString())
        let lines = stride(from: 0, to: encoded.count, by: 76).map { String(encoded[$0..<min($0 + 76, encoded.count)]) }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
