import Foundation

/// The font families fontconfig knows on this machine, read once with `fc-list`. Pango silently
/// substitutes a family it lacks, so the renderer asks here first and says which family it used.
enum InstalledFonts {
    static let families: Set<String> = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/fc-list")
        process.arguments = [":", "family"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var names: Set<String> = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            // "DejaVu Sans,DejaVu Sans Condensed": every alias names the family.
            for name in line.split(separator: ",") {
                names.insert(name.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        return names
    }()

    /// `family` when installed, else `fallback`, else DejaVu Sans (which set-up installs): the
    /// family named is the one Pango really uses.
    static func usable(_ family: String, fallback: String) -> String {
        if families.contains(family.lowercased()) { return family }
        return families.contains(fallback.lowercased()) ? fallback : "DejaVu Sans"
    }
}
