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
