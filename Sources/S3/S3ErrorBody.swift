/// S3's error document: `<Error><Code>NoSuchKey</Code><Message>…</Message><RequestId>…</RequestId></Error>`.
/// A HEAD answer has no body, so only the status is known there.
struct S3ErrorBody: Sendable, Equatable {
    var code: String
    var message: String
    var requestID: String?

    init(code: String, message: String, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// The error document in `body`, or a code made from the status when there is none.
    init(status: Int, body: [UInt8]) {
        if let root = S3XMLElement.parse(body), root.name == "Error" {
            self.init(
                code: root.value("Code") ?? Self.code(for: status), message: root.value("Message") ?? "",
                requestID: root.value("RequestId"))
        } else {
            self.init(code: Self.code(for: status), message: "")
        }
    }

    /// The code S3 itself would send for a bare status (what a HEAD answer implies).
    static func code(for status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
    }
}
