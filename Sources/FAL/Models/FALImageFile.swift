import Foundation

/// An output image: `{url, content_type?, file_name?, file_size?, width?, height?}`. Only `url`
/// is required; examples often omit the size. With `sync_mode` the url is a `data:` URI.
public struct FALImageFile: Sendable, Equatable, Codable {
    public let url: String
    public let contentType: String?
    public let fileName: String?
    public let fileSize: Int?
    public let width: Int?
    public let height: Int?

    public init(
        url: String, contentType: String? = nil, fileName: String? = nil, fileSize: Int? = nil, width: Int? = nil,
        height: Int? = nil
    ) {
        self.url = url
        self.contentType = contentType
        self.fileName = fileName
        self.fileSize = fileSize
        self.width = width
        self.height = height
    }

    enum CodingKeys: String, CodingKey {
        case url
        case contentType = "content_type"
        case fileName = "file_name"
        case fileSize = "file_size"
        case width, height
    }

    /// The bytes of a `data:…;base64,` url, without any network; nil for other urls.
    public var inlineBytes: [UInt8]? { DataURI.decode(url)?.bytes }
}

/// `data:[<media type>][;base64],<data>` (RFC 2397), the form FAL accepts and returns inline.
public enum DataURI {
    public static func encode(_ bytes: [UInt8], contentType: String) -> String {
        "data:\(contentType);base64,\(Data(bytes).base64EncodedString())"
    }

    public static func decode(_ uri: String) -> (bytes: [UInt8], contentType: String)? {
        guard uri.hasPrefix("data:"), let comma = uri.firstIndex(of: ",") else { return nil }
        let header = uri[uri.index(uri.startIndex, offsetBy: 5)..<comma]
        let payload = uri[uri.index(after: comma)...]
        let parameters = header.split(separator: ";")
        let contentType = parameters.first.map(String.init).flatMap { $0.contains("/") ? $0 : nil } ?? "text/plain"
        if parameters.contains("base64") {
            guard let data = Data(base64Encoded: String(payload)) else { return nil }
            return ([UInt8](data), contentType)
        }
        return (Array((String(payload).removingPercentEncoding ?? String(payload)).utf8), contentType)
    }
}
