import Foundation

extension S3Configuration {
    /// The configuration for `url` (`s3://bucket/optional/prefix`) from the environment, read as
    /// the AWS CLI and SDKs read it:
    ///
    /// | variable | meaning | default |
    /// | --- | --- | --- |
    /// | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` | credentials | required |
    /// | `AWS_SESSION_TOKEN` | temporary credentials' token | none |
    /// | `AWS_REGION`, else `AWS_DEFAULT_REGION` | region | `us-east-1` |
    /// | `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL` | endpoint | `https://s3.<region>.amazonaws.com` |
    /// | `INFLIO_S3_ADDRESSING` | `path` or `virtual` | virtual on AWS, path elsewhere |
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let location = try S3Location(url: url)
        guard let accessKeyID = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") else {
            throw S3ConfigurationError.missingCredentials
        }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
        let endpoint = try (value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL")).map(S3Endpoint.init(url:))
        var style: S3AddressingStyle?
        if let raw = value("INFLIO_S3_ADDRESSING") {
            guard let parsed = S3AddressingStyle(rawValue: raw.lowercased()) else {
                throw S3ConfigurationError.invalidValue(variable: "INFLIO_S3_ADDRESSING", value: raw)
            }
            style = parsed
        }
        self.init(
            location: location,
            credentials: S3Credentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN")),
            region: region, endpoint: endpoint, addressingStyle: style)
    }
}
