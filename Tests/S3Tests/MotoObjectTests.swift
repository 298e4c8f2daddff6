import AsyncHTTPClient
import Foundation
import NIOCore
import S3
import Testing

extension MotoTests {
    /// Objects put, read, described and removed against moto, which checks every signature.
    @Suite struct Objects {
        /// Keys whose every awkward byte must be encoded once, and exactly as signed.
        static let awkwardKeys = [
            "plain.jpg", "with space/and more.txt", "ünïcødé/名前.jpg", "plus+sign", "equals=and&ampersand",
            "100%percent", "tilde~dot.dash-under_score", "mixed/ +=&%~ü/end", "emoji 📸.jpg",
        ]

        @Test(arguments: [S3AddressingStyle.path, .virtual])
        func aRoundTripKeepsTheBytesUnderAnyKey(_ style: S3AddressingStyle) async throws {
            let client = try await Moto.client(prefix: "deploy/a", style: style)
            for (index, key) in Self.awkwardKeys.enumerated() {
                let bytes = Moto.bytes(1000 + index, seed: UInt32(index + 1))
                try await client.putObject(bytes, key: key, contentType: "image/jpeg")
                #expect(try await client.getObject(key) == bytes, "\(key)")
                let info = try await client.headObject(key)
                #expect(info.size == bytes.count)
                #expect(info.contentType == "image/jpeg")
                #expect(info.etag?.count == 32, "a single PUT's ETag is its MD5")
            }
            let listed = try await client.listObjects().map(\.key)
            #expect(listed.sorted() == Self.awkwardKeys.sorted())
            for key in Self.awkwardKeys { try await client.deleteObject(key) }
            #expect(try await client.listObjects().isEmpty)
        }

        /// Every key lands under the URL's prefix; listings give the caller's keys back.
        @Test func thePrefixIsAddedToEveryKey() async throws {
            let prefixed = try await Moto.client(prefix: "deploy/blue")
            let whole = try await Moto.sameBucket(as: prefixed)
            try await prefixed.putObject([1, 2, 3], key: "personas/p1/a.jpg")
            #expect(try await whole.getObject("deploy/blue/personas/p1/a.jpg") == [1, 2, 3])
            #expect(try await whole.listObjects().map(\.key) == ["deploy/blue/personas/p1/a.jpg"])
            #expect(try await prefixed.listObjects(prefix: "personas/").map(\.key) == ["personas/p1/a.jpg"])
        }

        @Test func anEmptyObjectIsAnObject() async throws {
            let client = try await Moto.client()
            try await client.putObject([], key: "empty")
            #expect(try await client.getObject("empty") == [])
            #expect(try await client.headObject("empty").size == 0)
        }

        @Test func whatIsNotThereIsNotFound() async throws {
            let client = try await Moto.client(prefix: "p")
            await #expect(
                throws: S3Error.notFound(
                    resource: "s3://\(client.configuration.location.bucket)/p/nothing",
                    code: "NoSuchKey", message: "The specified key does not exist.")
            ) {
                try await client.getObject("nothing")
            }
            let head = await #expect(throws: S3Error.self) { try await client.headObject("nothing") }
            #expect(head?.code == "s3_not_found")
            // Deleting what is gone is fine.
            try await client.deleteObject("nothing")

            var elsewhere = client.configuration
            elsewhere.location = try S3Location(bucket: "inflio-no-such-bucket")
            let noBucket = S3Client(configuration: elsewhere)
            let missing = await #expect(throws: S3Error.self) { try await noBucket.getObject("k") }
            guard case .notFound(let resource, let code, _) = missing else {
                Issue.record("not notFound: \(String(describing: missing))")
                return
            }
            #expect(resource == "s3://inflio-no-such-bucket")
            #expect(code == "NoSuchBucket")
        }

        /// moto recomputes the signature with the secret it issued: a wrong one is refused as S3
        /// refuses it, and so is a key it never issued.
        @Test func aWrongSecretIsAccessDenied() async throws {
            let client = try await Moto.client()
            try await client.putObject([7], key: "k")
            let good = try await Moto.account.value
            let wrongSecret = try await Moto.sameBucket(
                as: client,
                credentials: S3Credentials(accessKeyID: good.accessKeyID, secretAccessKey: good.secretAccessKey + "x"))
            let error = await #expect(throws: S3Error.self) { try await wrongSecret.getObject("k") }
            guard case .accessDenied(let code, let message) = error else {
                Issue.record("not accessDenied: \(String(describing: error))")
                return
            }
            #expect(code == "SignatureDoesNotMatch")
            #expect(message.contains("signature"))
            await #expect(throws: S3Error.self) { try await wrongSecret.putObject([1], key: "k2") }

            let unknown = try await Moto.sameBucket(
                as: client, credentials: S3Credentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "x"))
            let refused = await #expect(throws: S3Error.self) { try await unknown.getObject("k") }
            #expect(refused?.code == "s3_access_denied")
            #expect(refused.map { "\($0)" }?.contains("InvalidAccessKeyId") == true)
            #expect(try await client.getObject("k") == [7], "the right key still works")
        }

        @Test func aStreamedGetHandsOverTheBytesInChunks() async throws {
            let client = try await Moto.client()
            let bytes = Moto.bytes(3 << 20, seed: 9)
            try await client.putObject(bytes, key: "big/stream.bin")
            let stream = try await client.streamObject("big/stream.bin")
            #expect(stream.contentLength == bytes.count)
            var received: [UInt8] = []
            var chunks = 0
            for try await chunk in stream {
                received += chunk.readableBytesView
                chunks += 1
            }
            #expect(received == bytes)
            #expect(chunks > 1)
            await #expect(throws: S3Error.self) { try await client.streamObject("missing") }
        }

        /// A plain HTTP client, no credentials: what a browser's `<img>` does. moto checks
        /// presigned URLs only with its signature checking off (see `Moto`), so it is off for this
        /// one GET; the signature itself is checked against AWS's own example.
        @Test func aPresignedURLServesTheBytes() async throws {
            let client = try await Moto.client(prefix: "media")
            let key = "personas/p 1/ü+=&.jpg"
            let bytes = Moto.bytes(5000, seed: 3)
            try await client.putObject(bytes, key: key)
            let url = client.presignedGetURL(key, expiresIn: 300)
            #expect(
                url.absoluteString.contains(
                    "/media/personas/p%201/%C3%BC%2B%3D%26.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"))
            try await Moto.setAuthentication(false)
            let fetched: Result<(UInt, [UInt8]), any Error>
            do {
                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: url.absoluteString), timeout: .seconds(10))
                fetched = .success(
                    (response.status.code, Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)))
            } catch {
                fetched = .failure(error)
            }
            try await Moto.setAuthentication(true)
            let (status, served) = try fetched.get()
            #expect(status == 200)
            #expect(served == bytes)
        }
    }
}
