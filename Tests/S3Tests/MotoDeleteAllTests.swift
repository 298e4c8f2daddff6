import Foundation
import S3
import Testing

extension MotoTests {
    @Suite struct DeleteAll {
        /// 30 objects in batches of 7 (five DeleteObjects, counted at a proxy), the neighbours kept.
        @Test func aFolderIsDeletedInBatches() async throws {
            let direct = try await Moto.client(prefix: "deploy")
            let proxy = try await FaultProxy.start(upstream: Moto.endpoint, rules: [])
            defer { Task { await proxy.stop() } }
            let client = try await Moto.sameBucket(
                as: direct, prefix: "deploy", through: proxy.endpoint, deleteBatchSize: 7)
            for index in 0..<30 { try await direct.putObject([UInt8(index)], key: "personas/1/image \(index).jpg") }
            try await direct.putObject([1], key: "personas/10/keep.jpg")
            try await direct.putObject([2], key: "personas/2/keep.jpg")

            // Paged listing too: three keys a page.
            #expect(try await direct.listObjects(prefix: "personas/1/", pageSize: 3).count == 30)

            #expect(try await client.deleteAll(under: "personas/1/") == 30)
            #expect(proxy.requests.filter { $0.hasPrefix("POST") && $0.contains("delete") }.count == 5)
            #expect(try await direct.listObjects().map(\.key) == ["personas/10/keep.jpg", "personas/2/keep.jpg"])
        }

        /// S3's DeleteObjects takes 1000 keys at most: 1,100 objects need two requests.
        @Test func moreThanAThousandObjectsTakeTwoRequests() async throws {
            let direct = try await Moto.client(prefix: "many")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        for index in stride(from: lane, to: 1100, by: 8) {
                            try await direct.putObject([], key: "folder/\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let proxy = try await FaultProxy.start(upstream: Moto.endpoint, rules: [])
            defer { Task { await proxy.stop() } }
            let client = try await Moto.sameBucket(as: direct, prefix: "many", through: proxy.endpoint)
            #expect(try await client.deleteAll(under: "folder/") == 1100)
            #expect(proxy.requests.filter { $0.hasPrefix("POST") && $0.contains("delete") }.count == 2)
            #expect(proxy.requests.filter { $0.hasPrefix("GET") && $0.contains("list-type=2") }.count == 2)
            #expect(try await direct.listObjects().isEmpty)
        }

        /// The blob store's folders are folders, as on disk.
        @Test func refusesToEmptyTheBucket() async throws {
            let client = try await Moto.client()
            await #expect(throws: S3Error.self) { try await client.deleteAll(under: "") }
        }
    }
}
