import App
import ArgumentParser
import Foundation

extension PersonaCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a persona: photos, analysis, portraits (JSON).")
        @OptionGroup var account: Account
        @Argument var id: String
        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("Not a persona id: \(id)") }
            print(
                try await ServiceApp.with { try await PersonaOperations(app: $0, email: account.user).showJSON(uuid) })
        }
    }
}
