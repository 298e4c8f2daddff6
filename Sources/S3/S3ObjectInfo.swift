import Foundation

/// What S3 says about an object (HEAD, or an entry of a listing).
public struct S3ObjectInfo: Sendable, Equatable {
    /// The caller's key, without the location's prefix.
    public let key: String
    public let size: Int
    /// Quotes removed. A multipart object's ETag is not an MD5 of its bytes (it ends in `-<parts>`).
    public let etag: String?
    public let lastModified: Date?
    /// Only HEAD reports it.
    public let contentType: String?

    public init(key: String, size: Int, etag: String?, lastModified: Date?, contentType: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
    }

    static func unquoted(_ etag: String?) -> String? {
        etag.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    /// `Last-Modified` (RFC 1123) on HEAD, ISO 8601 with milliseconds in listings.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? withFraction.parse(text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
