import Foundation
import S3
import Testing

extension MotoTests {
    @Suite struct Multipart {
        /// 12 MiB in 5 MiB parts (5, 5, 2), read back byte for byte.
        @Test(arguments: [S3AddressingStyle.path, .virtual])
        func aLargeObjectGoesUpInPartsAndComesBackWhole(_ style: S3AddressingStyle) async throws {
            let client = try await Moto.client(
                prefix: "big", style: style,
                multipart: S3MultipartSettings(threshold: 8 << 20, partSize: 5 << 20, concurrency: 2))
            let bytes = Moto.bytes(12 << 20, seed: 12)
            try await client.putObject(bytes, key: "portraits/large one.bin")
            let info = try await client.headObject("portraits/large one.bin")
            #expect(info.size == bytes.count)
            #expect(info.etag?.hasSuffix("-3") == true, "three parts: \(info.etag ?? "no ETag")")
            #expect(try await client.getObject("portraits/large one.bin") == bytes)
            #expect(try await client.listMultipartUploads().isEmpty)
        }

        /// Under the threshold it is one PUT.
        @Test func aSmallObjectIsOnePut() async throws {
            let client = try await Moto.client(multipart: S3MultipartSettings(threshold: 8 << 20, partSize: 5 << 20))
            try await client.putObject(Moto.bytes(8 << 20), key: "exactly-threshold")
            #expect(try await client.headObject("exactly-threshold").etag?.contains("-") == false)
        }
    }
}
