import Foundation
import S3
import Testing

struct S3ConfigurationTests {
    static let keys = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI-s3cr3t"]

    @Test func theURLNamesTheBucketAndTheFolder() throws {
        #expect(try S3Location(url: "s3://bucket").keyPrefix == "")
        #expect(try S3Location(url: "s3://bucket/").keyPrefix == "")
        #expect(try S3Location(url: "s3://bucket/a/b").keyPrefix == "a/b/")
        #expect(try S3Location(url: "S3://bucket/a/b/").keyPrefix == "a/b/")
        #expect(try S3Location(url: "s3://my.bucket-1/x").bucket == "my.bucket-1")
    }

    @Test(arguments: [
        "", "bucket", "http://bucket/x", "s3://", "s3:///prefix", "s3://Bucket", "s3://b", "s3://bucket_1",
        "s3://bucket?x=1", "s3://bucket/a#b", "s3://-bucket",
    ])
    func anUnusableURLIsRefusedWithItsReason(_ url: String) {
        #expect(throws: S3ConfigurationError.self) { try S3Configuration(url: url, environment: Self.keys) }
    }

    @Test func missingCredentialsAreNamed() {
        #expect(throws: S3ConfigurationError.missingCredentials) {
            try S3Configuration(url: "s3://bucket", environment: ["AWS_ACCESS_KEY_ID": "AKID"])
        }
        #expect(
            S3ConfigurationError.missingCredentials.description
                == "S3 storage needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
    }

    @Test func awsItselfByDefault() throws {
        let configuration = try S3Configuration(url: "s3://bucket/p", environment: Self.keys)
        #expect(configuration.region == "us-east-1")
        #expect(configuration.endpoint.description == "https://s3.us-east-1.amazonaws.com")
        #expect(configuration.addressingStyle == .virtual)
        #expect(configuration.credentials.sessionToken == nil)
        #expect(!configuration.credentials.description.contains("s3cr3t"))
    }

    @Test func theRegionAndTheTokenComeFromTheEnvironment() throws {
        var environment = Self.keys
        environment["AWS_DEFAULT_REGION"] = "eu-west-1"
        environment["AWS_SESSION_TOKEN"] = "token"
        var configuration = try S3Configuration(url: "s3://bucket", environment: environment)
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint.description == "https://s3.eu-west-1.amazonaws.com")
        #expect(configuration.credentials.sessionToken == "token")
        environment["AWS_REGION"] = "ap-south-1"
        configuration = try S3Configuration(url: "s3://bucket", environment: environment)
        #expect(configuration.region == "ap-south-1")
    }

    /// MinIO and moto have no per-bucket host names.
    @Test func aCustomEndpointIsPathStyleUnlessToldOtherwise() throws {
        var environment = Self.keys
        environment["AWS_ENDPOINT_URL"] = "http://other:1"
        environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9000/"
        var configuration = try S3Configuration(url: "s3://bucket", environment: environment)
        #expect(configuration.endpoint == S3Endpoint(scheme: "http", host: "127.0.0.1", port: 9000))
        #expect(configuration.addressingStyle == .path)
        environment["INFLIO_S3_ADDRESSING"] = "virtual"
        configuration = try S3Configuration(url: "s3://bucket", environment: environment)
        #expect(configuration.addressingStyle == .virtual)
        environment["INFLIO_S3_ADDRESSING"] = "sideways"
        #expect(throws: S3ConfigurationError.invalidValue(variable: "INFLIO_S3_ADDRESSING", value: "sideways")) {
            try S3Configuration(url: "s3://bucket", environment: environment)
        }
        environment["INFLIO_S3_ADDRESSING"] = nil
        environment["AWS_ENDPOINT_URL_S3"] = "ftp://host"
        #expect(throws: S3ConfigurationError.invalidEndpoint("ftp://host")) {
            try S3Configuration(url: "s3://bucket", environment: environment)
        }
    }

    /// `a.b.s3.amazonaws.com` would not match AWS's wildcard certificate.
    @Test func aDottedBucketOnAWSStaysPathStyle() throws {
        #expect(try S3Configuration(url: "s3://my.bucket", environment: Self.keys).addressingStyle == .path)
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = S3RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(300))
        #expect(policy.delay(after: 1, random: 0) == .milliseconds(100))
        #expect(policy.delay(after: 2, random: 0) == .milliseconds(200))
        #expect(policy.delay(after: 3, random: 0) == .milliseconds(300))
        #expect(policy.delay(after: 2, random: 1) == .milliseconds(250))
    }
}
