import Foundation

public enum System {
    /// The machine's cores.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Threads this process gives to CPU-bound work (face analysis, verification, decoding, local
    /// renders): `INFLIO_CPU_THREADS` when set, else one per core. Processes sharing a machine can
    /// split its cores instead of each running a thread per core on all of them
    /// (docs/operations.md#cpu-priority); the service refuses a value that is not a whole number
    /// from 1 to 256 (ServiceConfig), which is read as unset here.
    public static let computeThreads: Int =
        computeThreads(setting: ProcessInfo.processInfo.environment["INFLIO_CPU_THREADS"]) ?? cores

    /// The most `INFLIO_CPU_THREADS` may ask for: each thread may hold a face-model engine and a
    /// full-size decode, and thousands would exhaust memory or threads rather than fail clearly.
    public static let maximumComputeThreads = 256

    /// The setting's value, or nil when it is missing or not a whole number from 1 to 256.
    public static func computeThreads(setting: String?) -> Int? {
        guard let setting, let threads = Int(setting.trimmingCharacters(in: .whitespaces)),
            (1...maximumComputeThreads).contains(threads)
        else { return nil }
        return threads
    }
}
