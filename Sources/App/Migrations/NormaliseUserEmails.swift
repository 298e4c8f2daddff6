import Fluent
import Foundation
import SQLKit

/// Brings stored emails to the form signup and login now use (`AccountService.canonicalEmail`: NFKC,
/// trimmed, lower-cased). They were stored trimmed and lower-cased already; NFKC is new, so an email
/// signed up in NFD is rewritten to its NFC/NFKC form. A row whose new form another row already holds
/// is left as it was (two accounts cannot share one email), and logged.
struct NormaliseUserEmails: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let rows = try await database.sql().raw("SELECT id, email FROM users").all()
        // Bytes, not Strings: Swift compares Strings by canonical equivalence, so NFD and NFC are "equal".
        var taken = Set<[UInt8]>()
        var changes: [(id: UUID, email: String)] = []
        for row in rows {
            let email = try row.decode(column: "email", as: String.self)
            taken.insert(Array(email.utf8))
            let canonical = AccountService.canonicalEmail(email)
            if !canonical.utf8.elementsEqual(email.utf8) {
                changes.append((try row.decode(column: "id", as: UUID.self), canonical))
            }
        }
        for change in changes {
            guard !taken.contains(Array(change.email.utf8)) else {
                database.logger.warning("user \(change.id): email not normalised, another account holds its form")
                continue
            }
            taken.insert(Array(change.email.utf8))
            try await database.sql().raw(
                "UPDATE users SET email = \(bind: change.email) WHERE id = \(bind: change.id)"
            ).run()
        }
    }

    /// The old forms are not kept; the normalised ones sign in the same.
    func revert(on database: any Database) async throws {}
}
