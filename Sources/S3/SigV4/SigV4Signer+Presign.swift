import Foundation

extension SigV4Signer {
    /// The longest a presigned URL may live (seven days).
    public static let maximumExpiry = 604_800

    /// The query of a presigned URL (query-string authentication): the request's own query plus
    /// `X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`, `-SignedHeaders` (`host` and any other
    /// header given) and, with temporary credentials, `-Security-Token`, all signed over an
    /// `UNSIGNED-PAYLOAD`; then `X-Amz-Signature`. Encoded and in order, ready to follow `?`.
    public func presignedQuery(for request: SigV4Request, at instant: Date, expiresIn seconds: Int) -> String {
        let timestamp = SigV4Timestamp(instant)
        var signed = request
        signed.payloadHash = Self.unsignedPayload
        signed.query += [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(timestamp))"),
            ("X-Amz-Date", timestamp.dateTime),
            ("X-Amz-Expires", String(min(max(1, seconds), Self.maximumExpiry))),
            ("X-Amz-SignedHeaders", Self.canonicalHeaders(request.headers).names),
        ]
        if let token = credentials.sessionToken { signed.query.append(("X-Amz-Security-Token", token)) }
        let signature = signature(stringToSign: stringToSign(canonicalRequest(signed), at: instant), at: instant)
        return Self.canonicalQuery(signed.query) + "&X-Amz-Signature=\(signature)"
    }
}
