import Foundation

/// Linux's /proc/<pid>/status: the memory fields the benches report, in kilobytes.
enum ProcStatus {
    /// Every "Name:  <number> kB" field of process `pid` ("self" for this one); empty off Linux.
    static func kilobytes(pid: String = "self") -> [String: Int] {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [:] }
        var fields: [String: Int] = [:]
        for line in status.split(separator: "\n") {
            // "VmRSS:\t  123456 kB"
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, parts[0].hasSuffix(":"), let value = Int(parts[1]) else { continue }
            fields[String(parts[0].dropLast())] = value
        }
        return fields
    }
}
