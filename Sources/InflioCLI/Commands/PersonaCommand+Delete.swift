import App
import ArgumentParser
import Foundation

extension PersonaCommand {
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a persona, its rows and its images.")
        @OptionGroup var account: Account
        @Argument var id: String
        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("Not a persona id: \(id)") }
            try await ServiceApp.with { try await PersonaOperations(app: $0, email: account.user).delete(uuid) }
            print("Deleted \(id).")
        }
    }
}
