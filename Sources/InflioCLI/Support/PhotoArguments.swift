import Foundation

/// Expands the photo arguments: files as given, folders to the files directly inside them (sorted),
/// so `inflio analyze ~/selfies` works. Formats are not judged here: the analysis sniffs bytes.
enum PhotoArguments {
    static func expand(_ arguments: [String]) -> [String] {
        arguments.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return [path]
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter {
                !$0.hasPrefix(".") && !["md", "txt"].contains(($0 as NSString).pathExtension.lowercased())
            }
            .sorted()
            .map { (path as NSString).appendingPathComponent($0) }
            .filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue
            }
        }
    }
}

/// Prints JSON with stable key order, as the documented contracts show it.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}

extension FileHandle {
    static func writeError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
