/// Calls a C function of our shims that reports failure as a message written into a buffer it is
/// given, and returns its result with the message.
enum CErrorBuffer {
    static func call<T>(_ body: (UnsafeMutablePointer<CChar>, Int) -> T) -> (result: T, message: String) {
        var error = [CChar](repeating: 0, count: 1024)
        let result = error.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        let message = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (result, message)
    }
}
