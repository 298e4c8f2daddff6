import Foundation

enum PeakMemory {
    /// The process's peak resident set size so far (Linux reports ru_maxrss in kilobytes).
    static func residentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
