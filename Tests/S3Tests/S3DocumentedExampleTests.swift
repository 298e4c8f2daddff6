import Foundation
import S3
import Testing

/// The worked examples of AWS's S3 SigV4 pages ("Examples: Signature Calculations" and
/// "Authenticating Requests: Using Query Parameters"), with their example key and 2013-05-24.
struct S3DocumentedExampleTests {
    static let credentials = S3Credentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z

    /// GET Object, first ten bytes, header authentication over the empty payload's hash.
    @Test func getObjectExample() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        let request = SigV4Request(
            method: "GET", path: "/test.txt",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash), ("x-amz-date", "20130524T000000Z"),
            ],
            payloadHash: SigV4Signer.emptyPayloadHash)
        let canonical = signer.canonicalRequest(request)
        #expect(
            canonical == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        let stringToSign = signer.stringToSign(canonical, at: Self.date)
        #expect(
            stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        #expect(
            signer.authorization(for: request, at: Self.date)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// The presigned GET of `test.txt` for 86400 s, made by the client as a browser would get it.
    @Test func presignedURLExample() throws {
        let configuration = S3Configuration(
            location: try S3Location(url: "s3://examplebucket"), credentials: Self.credentials,
            endpoint: S3Endpoint(scheme: "https", host: "s3.amazonaws.com"), addressingStyle: .virtual)
        let url = S3Client(configuration: configuration).presignedGetURL("test.txt", expiresIn: 86400, now: Self.date)
        #expect(
            url.absoluteString == "https://examplebucket.s3.amazonaws.com/test.txt"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }
}
