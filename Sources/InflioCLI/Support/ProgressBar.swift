import Foundation

/// A one-line progress bar on the terminal (plain lines when not a terminal).
enum ProgressBar {
    static let isTerminal = isatty(STDOUT_FILENO) != 0

    static func show(done: Int, of total: Int, label: String) {
        let width = 20
        let filled = min(width, done * width / max(total, 1))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        if isTerminal {
            print("\r\u{1B}[2K\(bar) \(done)/\(total)  \(label)", terminator: "")
            fflush(nil)
        } else {
            print("\(bar) \(done)/\(total)  \(label)")
        }
    }

    static func finish() { if isTerminal { print("") } }
}
