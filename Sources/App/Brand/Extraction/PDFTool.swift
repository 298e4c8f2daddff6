import Foundation

/// One poppler-utils program run on an untrusted PDF, in a process of its own with a wall-clock
/// limit (`timeout -s KILL`), an address-space cap and a cap on what it may write (`prlimit`), so a
/// crafted file can cost at most that and never touches the service's memory. poppler is GPL and
/// only ever run as a program, never linked.
struct PDFTool: Sendable {
    struct Limits: Sendable {
        /// Wall-clock seconds per program.
        var seconds: Int = 15
        /// Address space per program: a page a million points wide must not take the machine's memory.
        var memoryBytes: Int = 1 << 30
        /// The most any program may write to one file (its SVG, a picture, its text).
        var outputBytes: Int = 32 << 20
    }

    struct Output: Sendable {
        let status: Int32
        let stdout: Data
        let stderr: String
        /// Killed by the wall-clock limit, or it said it ran out of memory.
        let hitLimit: Bool
        /// Stopped for writing past `outputBytes` (SIGXFSZ).
        let hitOutputLimit: Bool
    }

    let directory: URL
    let limits: Limits

    static let programs = ["pdfinfo", "pdftohtml", "pdftocairo", "pdfimages", "pdftoppm"]

    /// Where the programs are, or nil when poppler-utils is not installed.
    static func path(of program: String) -> String? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `program arguments…` in `directory`; stdout and stderr go to files there (a pipe left
    /// unread would stall a chatty program), read back when it ends.
    func run(_ program: String, _ arguments: [String]) async throws -> Output {
        guard let executable = Self.path(of: program), let timeout = Self.path(of: "timeout"),
            let prlimit = Self.path(of: "prlimit")
        else { throw BrandPDFError.toolsMissing(program) }
        let stem = "\(program)-\(UUID().uuidString.prefix(8))"
        let stdoutURL = directory.appendingPathComponent("\(stem).out")
        let stderrURL = directory.appendingPathComponent("\(stem).err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timeout)
        process.arguments =
            [
                "-s", "KILL", String(limits.seconds), prlimit, "--as=\(limits.memoryBytes)",
                "--fsize=\(limits.outputBytes)", "--core=0", "--", executable,
            ] + arguments
        process.currentDirectoryURL = directory
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: stdoutURL)
        let err = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        let (status, signalled): (Int32, Bool) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = {
                continuation.resume(returning: ($0.terminationStatus, $0.terminationReason == .uncaughtSignal))
            }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let stdout = (try? Data(contentsOf: stdoutURL)) ?? Data()
        let stderr = String(decoding: ((try? Data(contentsOf: stderrURL)) ?? Data()).prefix(4096), as: UTF8.self)
        // `timeout -s KILL` kills the program and then itself, so Foundation sees SIGKILL (9); past
        // the output cap the program gets SIGXFSZ (25), which `timeout` passes on to itself. As exit
        // statuses (a shell in between) those are 137 and 153. cairo says "out of memory", and still
        // exits 0, when the address-space cap stops it.
        let killed = signalled ? status == SIGKILL : status == 137
        let tooMuchOutput = signalled ? status == SIGXFSZ : status == 153
        let hitLimit =
            killed || stderr.localizedCaseInsensitiveContains("out of memory")
            || stderr.localizedCaseInsensitiveContains("bad_alloc")
        return Output(
            status: signalled ? -status : status, stdout: stdout, stderr: stderr, hitLimit: hitLimit,
            hitOutputLimit: tooMuchOutput)
    }
}
