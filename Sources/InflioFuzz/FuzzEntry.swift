// `make fuzz` builds this with `-sanitize=fuzzer,address -D INFLIO_FUZZING`: libFuzzer brings its
// own `main` and calls `LLVMFuzzerTestOneInput` below. Built normally (as `swift build` and
// `swift test` do) `FuzzMain` is the entry: a small command that replays inputs and writes the
// seed corpora (scripts/fuzz.sh).

import Foundation

/// libFuzzer's entry point: one input for the target named by `INFLIO_FUZZ_TARGET`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.fromEnvironment.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if INFLIO_FUZZING
    /// libFuzzer's driver, called from our own entry point: SwiftPM links an executable's entry as
    /// `<Target>_main` and points `main` at it, so libFuzzer's `main` cannot be the one used.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("InflioFuzz_main")
    func fuzzerMain(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    @main
    enum FuzzMain {
        static func main() {
            exit(FuzzCommand.run(Array(CommandLine.arguments.dropFirst())))
        }
    }
#endif
