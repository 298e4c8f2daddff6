import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The font families fontconfig knows on this machine, read once with `fc-list`. Pango silently
/// substitutes a family it lacks, so the renderer asks here first and says which family it used.
enum InstalledFonts {
    static let families: Set<String> = {
        // popen, not Foundation's Process: Process starts libdispatch's threads, and from a
        // compute thread (below request priority) they would inherit its lowered priority.
        guard let pipe = popen("/usr/bin/fc-list : family 2>/dev/null", "r") else { return [] }
        defer { pclose(pipe) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        var names: Set<String> = []
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
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
