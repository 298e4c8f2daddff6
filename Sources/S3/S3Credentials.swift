/// An access key, and the session token that comes with temporary credentials.
public struct S3Credentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Sent as `x-amz-security-token` (signed, and in presigned URLs) when present.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Never the secret, so a logged configuration leaks nothing.
    public var description: String {
        "S3Credentials(\(accessKeyID), secret hidden\(sessionToken == nil ? "" : ", session token"))"
    }
}
