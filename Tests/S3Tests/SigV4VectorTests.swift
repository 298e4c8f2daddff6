import Foundation
import S3
import Testing

/// AWS's SigV4 test suite, signed as its generic service wants (the path encoded a second time):
/// every canonical request, string to sign and `Authorization` header as published.
struct SigV4VectorTests {
    static let signer = SigV4Signer(
        credentials: SigV4Vector.credentials, region: "us-east-1", service: "service", encodesPathTwice: true)

    @Test(arguments: SigV4Vector.suiteNames())
    func signsTheSuiteCase(_ name: String) throws {
        let vector = try SigV4Vector(name: name)
        let canonical = Self.signer.canonicalRequest(vector.request)
        if let expected = vector.canonicalRequest { #expect(canonical == expected) }
        let stringToSign = Self.signer.stringToSign(canonical, at: SigV4Vector.date)
        if let expected = vector.stringToSign { #expect(stringToSign == expected) }
        #expect(Self.signer.authorization(for: vector.request, at: SigV4Vector.date) == vector.authorization)
    }

    @Test func theSuiteIsThere() {
        // A resource folder that failed to copy must not pass as "no cases".
        #expect(SigV4Vector.suiteNames().count >= 19)
    }

    /// botocore's 2011 cases: the generic signer encodes the wire path once more
    /// (`/%E1%88%B4` → `/%25E1%2588%25B4`); S3's signs it as sent.
    @Test(arguments: ["get-utf8", "get-space"])
    func theGenericSuiteEncodesThePathTwiceAndS3Once(_ name: String) throws {
        let folder = SigV4Vector.folder.appendingPathComponent("botocore-aws4-testsuite")
        func read(_ suffix: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("\(name).\(suffix)"), encoding: .utf8)
        }
        let canonical = try read("creq")
        let lines = canonical.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wirePath = try #require(lines[1].removingPercentEncoding)
        let headers = lines[3...].prefix { !$0.isEmpty }.map { line in
            let colon = line.firstIndex(of: ":")!
            return (name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
        }
        let request = SigV4Request(
            method: lines[0], path: wirePath, headers: headers, payloadHash: SigV4Signer.emptyPayloadHash)
        let date = Date(timeIntervalSince1970: 1_315_611_360)  // 20110909T233600Z
        let generic = SigV4Signer(
            credentials: SigV4Vector.credentials, region: "us-east-1", service: "host", encodesPathTwice: true)
        #expect(generic.canonicalRequest(request) == canonical)
        #expect(generic.stringToSign(canonical, at: date) == (try read("sts")))
        #expect(generic.authorization(for: request, at: date) == (try read("authz")))

        let s3 = SigV4Signer(credentials: SigV4Vector.credentials, region: "us-east-1", service: "host")
        #expect(s3.canonicalRequest(request).split(separator: "\n")[1] == wirePath)
    }
}
