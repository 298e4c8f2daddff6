import App
import ArgumentParser
import Foundation

struct PersonaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persona", abstract: "Create and manage personas without the web page.",
        subcommands: [Create.self, List.self, Show.self, Delete.self])

    struct Account: ParsableArguments {
        @Option(help: "The local account to act as (made if missing).") var user = "cli@localhost"
    }
}
