import Foundation

/// A signing time in SigV4's two spellings: `20130524T000000Z` (`x-amz-date`) and `20130524` (the
/// credential scope). Always UTC.
public struct SigV4Timestamp: Sendable, Equatable {
    public let dateTime: String
    public let date: String

    public init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        date = "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))"
        dateTime = "\(date)T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }
}
