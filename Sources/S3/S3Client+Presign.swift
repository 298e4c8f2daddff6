import Foundation

extension S3Client {
    /// A URL anyone can GET `key` with, until `expiresIn` seconds after `now` (seven days at most,
    /// S3's limit). Signed for `host` only, so a browser's own headers do not break it. It names
    /// the real host, never `connectAddress`: it is for others to fetch.
    public func presignedGetURL(_ key: String, expiresIn: TimeInterval, now: Date = Date()) -> URL {
        let address = address(objectKey: location.objectKey(key), query: "")
        let request = SigV4Request(
            method: "GET", path: address.path, headers: [("host", address.host)], payloadHash: "")
        let query = signer.presignedQuery(for: request, at: now, expiresIn: Int(expiresIn.rounded(.up)))
        let endpoint = configuration.endpoint
        // Every part is ours and percent-encoded, so this always parses.
        return URL(string: "\(endpoint.scheme)://\(address.host)\(address.path)?\(query)")!
    }
}
