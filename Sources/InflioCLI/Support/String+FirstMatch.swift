import Foundation

extension String {
    func firstMatch(_ pattern: String) -> String? {
        guard let range = range(of: pattern, options: .regularExpression) else { return nil }
        let match = String(self[range])
        return match.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init)
    }
}
