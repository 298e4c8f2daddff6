import App
import ArgumentParser
import Foundation

extension UserCommand {
    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set an account's password and sign out its sessions (API tokens stay).")

        @ArgumentParser.Argument(help: "The account's email address.") var email: String
        @ArgumentParser.Option(help: "The new password (default: a random one, printed).") var password: String?

        func run() async throws {
            let chosen = password ?? Tokens.randomPassword()
            try await ServiceApp.with { app in
                try await AccountCommands.resetPassword(app: app, email: email, password: chosen)
            }
            print("Reset the password of \(email); its sessions are signed out.")
            if password == nil { print("Password: \(chosen)") }
        }
    }

    struct ListTokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokens", abstract: "List an account's sessions and API tokens, or revoke one.")

        @ArgumentParser.Argument(help: "The account's email address.") var email: String
        @ArgumentParser.Option(help: "Revoke the token with this id (from the list).") var revoke: String?
        @ArgumentParser.Flag(help: "Print JSON.") var json = false

        func run() async throws {
            if let revoke {
                guard let id = UUID(uuidString: revoke) else { throw ValidationError("--revoke takes a token id.") }
                let done = try await ServiceApp.with { app in
                    try await AccountCommands.revoke(app: app, email: email, tokenID: id)
                }
                guard done else { throw ValidationError("\(email) has no token \(revoke).") }
                print("Revoked \(revoke).")
                return
            }
            let tokens = try await ServiceApp.with { app in try await AccountCommands.tokens(app: app, email: email) }
            if json {
                try JSONOutput.print(tokens)
                return
            }
            if tokens.isEmpty { print("\(email) has no sessions or API tokens.") }
            for token in tokens {
                let name = token.name.map { " \"\($0)\"" } ?? ""
                let used = token.lastUsedAt.map { "last used \($0.formatted(.iso8601))" } ?? "never used"
                let from = token.lastUsedFrom.map { " from \($0)" } ?? ""
                print("\(token.id.uuidString.lowercased())  \(token.kind)\(name)  \(used)\(from)")
            }
        }
    }
}
