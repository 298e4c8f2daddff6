import ArgumentParser

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage local accounts.",
        subcommands: [Create.self, ResetPassword.self, ListTokens.self])
}
