import Foundation

/// What one user, and the whole instance, may spend in work and money (issue 13, finding 5):
/// portraits being made at once, personas started per day, and dollars per day from the provider's
/// prices. Days are UTC days. `INFLIO_QUOTAS=off` turns them all off.
public struct QuotaSettings: Sendable, Equatable {
    public var enabled = true
    /// Portraits queued or being made for one user at once (a persona is five).
    public var concurrentPortraits = 10
    /// Personas one user starts (creates, or builds from a draft) per UTC day.
    public var personasPerDay = 10
    /// Dollars one user's portraits may cost per UTC day, and the whole instance's.
    public var userDailyUSD = 5.0
    public var instanceDailyUSD = 100.0

    public init() {}

    static func fromEnvironment(_ value: (String) -> String?) -> QuotaSettings {
        var settings = QuotaSettings()
        if value("INFLIO_QUOTAS") == "off" { settings.enabled = false }
        if let n = value("INFLIO_QUOTA_CONCURRENT_PORTRAITS").flatMap(Int.init), n > 0 {
            settings.concurrentPortraits = n
        }
        if let n = value("INFLIO_QUOTA_PERSONAS_PER_DAY").flatMap(Int.init), n > 0 { settings.personasPerDay = n }
        if let usd = value("INFLIO_QUOTA_USER_DAILY_USD").flatMap(Double.init), usd >= 0 { settings.userDailyUSD = usd }
        if let usd = value("INFLIO_QUOTA_INSTANCE_DAILY_USD").flatMap(Double.init), usd >= 0 {
            settings.instanceDailyUSD = usd
        }
        return settings
    }
}
