import Testing

@testable import S3

/// S3's XML answers, read with FoundationXML's parser.
struct S3ResponseParsingTests {
    @Test func anErrorDocumentGivesItsCodeAndMessage() {
        let body = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
            <Key>a &amp; b</Key><RequestId>R1</RequestId></Error>
            """.utf8)
        #expect(
            S3ErrorBody(status: 404, body: body)
                == S3ErrorBody(code: "NoSuchKey", message: "The specified key does not exist.", requestID: "R1"))
        #expect(S3ErrorBody(status: 404, body: []) == S3ErrorBody(code: "NotFound", message: ""))
        #expect(S3ErrorBody(status: 502, body: Array("<html>bad gateway".utf8)).code == "HTTP502")
    }

    @Test(arguments: [
        (404, "NoSuchKey", "s3_not_found"), (403, "SignatureDoesNotMatch", "s3_access_denied"),
        (400, "InvalidArgument", "s3_request_failed"), (503, "SlowDown", "s3_unavailable"),
        (429, "TooManyRequests", "s3_unavailable"), (400, "RequestTimeout", "s3_unavailable"),
    ])
    func statusesMapToErrors(status: Int, code: String, expected: String) {
        let failure = S3AttemptFailure.answered(status: status, body: S3ErrorBody(code: code, message: "m"))
        #expect(failure.error(operation: "get k", resource: "s3://b/k", attempts: 4).code == expected)
    }

    @Test func aListPageIsReadWithEscapedKeys() throws {
        let page = try #require(
            S3XMLElement.parse(
                Array(
                    """
                    <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>true</IsTruncated>\
                    <Contents><Key>p/a &amp; b &lt;ü&gt;</Key><Size>3</Size><ETag>&quot;e1&quot;</ETag>\
                    <LastModified>2026-12-02T07:00:00.000Z</LastModified></Contents>\
                    <NextContinuationToken>t/1==</NextContinuationToken></ListBucketResult>
                    """.utf8)))
        #expect(page.name == "ListBucketResult")
        let entry = try #require(page.child("Contents"))
        #expect(entry.value("Key") == "p/a & b <ü>")
        #expect(S3ObjectInfo.unquoted(entry.value("ETag")) == "e1")
        #expect(S3ObjectInfo.date(entry.value("LastModified")) != nil)
        #expect(S3ObjectInfo.date("Wed, 02 Dec 2026 07:00:00 GMT") != nil)
        #expect(page.value("NextContinuationToken") == "t/1==")
        #expect(S3XMLElement.escape("a&b<\"'>") == "a&amp;b&lt;&quot;&apos;&gt;")
    }

    @Test func imagesAreStoredWithTheirType() {
        #expect(S3BlobStore.contentType(of: [0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(S3BlobStore.contentType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D]) == "image/png")
        #expect(S3BlobStore.contentType(of: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)) == "image/webp")
        #expect(S3BlobStore.contentType(of: [1, 2, 3]) == "application/octet-stream")
    }
}
