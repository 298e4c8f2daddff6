import Foundation

/// The brand-guideline PDFs of `scripts/make-brand-pdfs.py`, written once per test process into a
/// temporary folder (nothing made up there is committed, nothing real is used).
enum BrandPDFs {
    struct Expected: Decodable {
        let name: String
        let written: [String: String]
        let fills: [String]
        let cmyk: String
        let fonts: [String: String]
        let voice: String
        let audience: String
        let dos: String
        let donts: String
        let tagline: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/make-brand-pdfs.py")
        .path

    /// Debian's Python, which has python3-reportlab (a pyenv `python3` earlier on PATH may not).
    static let python = "/usr/bin/python3"

    static let folder: Result<String, TestFailure> = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inflio-brand-pdfs-\(UUID().uuidString)"
        )
        .path
        do {
            let status = try run(python, [script, folder]).status
            return status == 0 ? .success(folder) : .failure(TestFailure("make-brand-pdfs.py exited \(status)"))
        } catch {
            return .failure(TestFailure("make-brand-pdfs.py did not run: \(error)"))
        }
    }()

    static func path(_ name: String) throws -> String {
        (try folder.get() as NSString).appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try path(name))))
    }

    static let expected: Expected = {
        let output = try! run(python, [script, "--expected"]).output
        return try! JSONDecoder().decode(Expected.self, from: output)
    }()

    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brand-pdfs-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try Data(contentsOf: output))
    }
}
