import Crypto
import Foundation
import Logging

/// Passwords too common to allow: Openwall's list (3,546 passwords most seen in leaks, public
/// domain), as Debian's `john-data` package ships it at `/usr/share/john/password.lst` (set-up
/// installs it; the file is pinned by its hash). Almost every entry is shorter than the 12
/// characters sign-up asks for, so what is refused is an entry, or an entry with digits or symbols
/// added before or after it ("password2024!", "123456789012"), or one repeated ("qwertyqwerty"),
/// letters compared without case.
struct CommonPasswords: Sendable {
    static let debianList = "/usr/share/john/password.lst"
    static let sha256 = "40ed19c57ae523b11393a6d95ff32a98af357ee9f9a0ed13feced6bd570ab974"

    let entries: Set<String>

    /// The Debian list, or nil (with a warning) when it is missing or not the pinned file: then
    /// sign-up checks only the length.
    static func load(path: String = debianList, logger: Logger) -> CommonPasswords? {
        guard let data = FileManager.default.contents(atPath: path) else {
            logger.warning(
                "No common-password list at \(path) (Debian's john-data; scripts/setup.sh installs it): sign-up checks only a password's length."
            )
            return nil
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard digest == sha256 else {
            logger.warning(
                "\(path) is not the pinned common-password list (sha256 \(digest)): sign-up checks only a password's length."
            )
            return nil
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return CommonPasswords(
            entries: Set(lines.filter { !$0.hasPrefix("#!comment") }.map { $0.lowercased() }.filter { !$0.isEmpty }))
    }

    func isCommon(_ password: String) -> Bool {
        let p = Array(password.lowercased())
        func listed(_ slice: ArraySlice<Character>) -> Bool { !slice.isEmpty && entries.contains(String(slice)) }
        func padding(_ slice: ArraySlice<Character>) -> Bool { slice.allSatisfy { !$0.isLetter } }
        // An entry with non-letters before and after it (either side may be empty).
        for start in 0...p.count where padding(p[..<start]) {
            for end in stride(from: p.count, through: start, by: -1) where padding(p[end...]) {
                if listed(p[start..<end]) { return true }
            }
        }
        // One entry repeated.
        for length in 1...max(1, p.count / 2) where p.count % length == 0 && listed(p[..<length]) {
            if String(repeating: String(p[..<length]), count: p.count / length) == String(p) { return true }
        }
        return false
    }
}
