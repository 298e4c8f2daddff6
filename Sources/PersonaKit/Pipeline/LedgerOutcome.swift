/// Whether a ledger line's call is billed, in the words `ledger_entries.outcome` stores (App's
/// `LedgerEntry.Outcome` can become a typealias of this).
public enum LedgerOutcome: String, Codable, Sendable, CaseIterable {
    /// Submitted; the provider may yet bill it.
    case pending
    /// Delivered a picture: billed.
    case succeeded
    /// Cannot have been billed, or was given up: not billed.
    case failed
}
