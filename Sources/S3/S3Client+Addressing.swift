extension S3Client {
    /// Where a request goes: the `Host` header (signed), the path (signed as is) and the URL to
    /// connect to, which names `connectAddress` instead of the host when one is configured.
    struct Address: Sendable {
        let host: String
        let path: String
        let url: String
    }

    func address(objectKey: String?, query: String) -> Address {
        let endpoint = configuration.endpoint
        let bucket = location.bucket
        let keyPath = objectKey.map(SigV4Encoding.path(forKey:))
        let hostName: String
        let path: String
        switch configuration.addressingStyle {
        case .path:
            hostName = endpoint.host
            path = "/\(bucket)" + (keyPath ?? "")
        case .virtual:
            hostName = "\(bucket).\(endpoint.host)"
            path = keyPath ?? "/"
        }
        let host = endpoint.authority(host: hostName)
        let connectTo = endpoint.authority(host: configuration.connectAddress ?? hostName)
        return Address(
            host: host, path: path, url: "\(endpoint.scheme)://\(connectTo)\(path)\(query.isEmpty ? "" : "?\(query)")")
    }
}
