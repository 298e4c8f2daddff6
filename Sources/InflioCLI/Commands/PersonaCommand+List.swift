import App
import ArgumentParser
import Foundation

extension PersonaCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your personas (JSON).")
        @OptionGroup var account: Account
        func run() async throws {
            print(try await ServiceApp.with { try await PersonaOperations(app: $0, email: account.user).listJSON() })
        }
    }
}
