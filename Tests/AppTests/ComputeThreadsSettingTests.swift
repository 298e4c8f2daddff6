import Foundation
import PersonaKit
import Testing

@testable import App

/// INFLIO_CPU_THREADS: how many threads a process gives to CPU-bound work.
struct ComputeThreadsSettingTests {
    @Test(arguments: ["1", "3", " 2 ", "256"])
    func aWholeNumberFromOneTo256IsTaken(setting: String) throws {
        let threads = try #require(System.computeThreads(setting: setting))
        #expect(threads == Int(setting.trimmingCharacters(in: .whitespaces)))
        _ = try ServiceConfig.fromEnvironment(["INFLIO_CPU_THREADS": setting])
    }

    @Test(arguments: ["0", "-1", "two", "1.5", "257", "100000"])
    func anythingElseStopsTheServiceWithItsCode(setting: String) {
        #expect(System.computeThreads(setting: setting) == nil)
        let error = #expect(throws: ServiceError.self) {
            try ServiceConfig.fromEnvironment(["INFLIO_CPU_THREADS": setting])
        }
        #expect(error?.code == "invalid_cpu_threads")
    }

    @Test func unsetIsOnePerCore() throws {
        #expect(System.computeThreads(setting: nil) == nil)
        #expect(System.computeThreads(setting: "") == nil)
        _ = try ServiceConfig.fromEnvironment(["INFLIO_CPU_THREADS": ""])
        if ProcessInfo.processInfo.environment["INFLIO_CPU_THREADS"] == nil {
            #expect(System.computeThreads == System.cores)
        }
    }
}
