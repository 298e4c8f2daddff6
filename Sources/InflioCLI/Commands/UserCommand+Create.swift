import App
import ArgumentParser

extension UserCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and print an API token for scripts (alone on the last line).")

        @ArgumentParser.Argument(help: "Email address.") var email: String
        @ArgumentParser.Option(help: "Password for signing in on the web page (default: a random one, printed).")
        var password: String?

        func run() async throws {
            let chosen = password ?? Tokens.randomPassword()
            let token = try await ServiceApp.with { app in
                try await AccountService.createAccountWithAPIToken(app: app, email: email, password: chosen)
            }
            print("Created \(email).")
            if password == nil { print("Password: \(chosen)") }
            print("API token (use as Authorization: Bearer …):")
            print(token)
        }
    }
}
