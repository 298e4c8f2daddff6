import Foundation
import Testing

@testable import S3

/// S3's own rules for keys and queries, where the generic suite says nothing.
struct SigV4EncodingTests {
    @Test func aKeyIsEncodedOnceWithItsSlashesKept() {
        #expect(
            SigV4Encoding.path(forKey: "photos/a b+c=d&e%f~g/ü.jpg") == "/photos/a%20b%2Bc%3Dd%26e%25f~g/%C3%BC.jpg")
        #expect(SigV4Encoding.path(forKey: "a//b/") == "/a//b/")
        #expect(SigV4Encoding.encode("a/b") == "a%2Fb")
    }

    /// The generic signer would sign `/a%2520b`; S3 signs what is sent.
    @Test func s3SignsTheWirePathAsSent() {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "secret")
        let request = SigV4Request(
            method: "GET", path: "/a%20b", headers: [("host", "h")], payloadHash: "UNSIGNED-PAYLOAD")
        let s3 = SigV4Signer(credentials: credentials, region: "us-east-1")
        let generic = SigV4Signer(credentials: credentials, region: "us-east-1", service: "x", encodesPathTwice: true)
        #expect(s3.canonicalRequest(request).split(separator: "\n")[1] == "/a%20b")
        #expect(generic.canonicalRequest(request).split(separator: "\n")[1] == "/a%2520b")
    }

    @Test func queryNamesAndValuesAreEncodedAndSortedByBytes() {
        let query = SigV4Signer.canonicalQuery([
            ("prefix", "a b/ü+="), ("list-type", "2"), ("continuation-token", "1/x=="), ("Z", ""), ("uploads", ""),
        ])
        #expect(query == "Z=&continuation-token=1%2Fx%3D%3D&list-type=2&prefix=a%20b%2F%C3%BC%2B%3D&uploads=")
    }

    /// Sent as signed, to the place the addressing style says.
    @Test func requestsGoWhereTheAddressingStyleSays() throws {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "secret")
        let location = try S3Location(url: "s3://media-bucket/deploy")
        let endpoint = S3Endpoint(scheme: "http", host: "localhost", port: 9000)
        let path = S3Client(
            configuration: S3Configuration(location: location, credentials: credentials, endpoint: endpoint))
        let pathAddress = path.address(objectKey: location.objectKey("a b"), query: "x=1")
        #expect(pathAddress.host == "localhost:9000")
        #expect(pathAddress.url == "http://localhost:9000/media-bucket/deploy/a%20b?x=1")

        let virtual = S3Client(
            configuration: S3Configuration(
                location: location, credentials: credentials, endpoint: endpoint, addressingStyle: .virtual,
                connectAddress: "127.0.0.1"))
        let virtualAddress = virtual.address(objectKey: location.objectKey("a b"), query: "")
        #expect(virtualAddress.host == "media-bucket.localhost:9000")
        #expect(virtualAddress.path == "/deploy/a%20b")
        #expect(virtualAddress.url == "http://127.0.0.1:9000/deploy/a%20b")
    }

    @Test func signingAddsTheDateTheTokenAndTheAuthorization() {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token/+=")
        var request = SigV4Request(method: "PUT", path: "/b/k", headers: [("host", "h")], payloadHash: "abc")
        SigV4Signer(credentials: credentials, region: "eu-west-1").sign(&request, at: Date(timeIntervalSince1970: 0))
        #expect(request.header("x-amz-date") == "19700101T000000Z")
        #expect(request.header("x-amz-security-token") == "token/+=")
        let authorization = request.header("authorization") ?? ""
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKID/19700101/eu-west-1/s3/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="))
    }

    @Test func aPresignedURLCarriesTheSessionToken() throws {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "t/k+n")
        let configuration = S3Configuration(location: try S3Location(url: "s3://bucket/p"), credentials: credentials)
        let url = S3Client(configuration: configuration).presignedGetURL("a b", expiresIn: 10_000_000)
        let query = url.query ?? ""
        #expect(url.host == "bucket.s3.us-east-1.amazonaws.com")
        #expect(url.path == "/p/a b")
        #expect(query.contains("X-Amz-Security-Token=t%2Fk%2Bn"))
        #expect(query.contains("X-Amz-Expires=604800"), "capped at seven days")
    }
}
