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

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse photos, generate the five portraits, and write them out.")

        @OptionGroup var account: Account
        @Option(help: "The persona's name.") var name: String
        @Option(help: "A description.") var description = ""
        @Option(help: "Folder to write the portraits to.") var out: String?
        @Argument(help: "5 to 20 photos of one person, or a folder of them.") var photos: [String]

        func run() async throws {
            let files = PhotoArguments.expand(photos)
            try await ServiceApp.with { app in
                let operations = try await PersonaOperations(app: app, email: account.user)
                let id = try await operations.create(name: name, description: description, photoPaths: files) {
                    progress in
                    ProgressBar.show(done: progress.portraitsDone, of: 5, label: progress.detail)
                }
                ProgressBar.finish()
                print("Persona \(id.uuidString.lowercased())")
                if let out {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                    for (i, portrait) in try await operations.portraits(of: id).enumerated() {
                        let path = (out as NSString).appendingPathComponent("\(i + 1)-\(portrait.scenario).jpg")
                        try Data(portrait.bytes).write(to: URL(fileURLWithPath: path))
                        print("wrote \(path)")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your personas (JSON).")
        @OptionGroup var account: Account
        func run() async throws {
            print(try await ServiceApp.with { try await PersonaOperations(app: $0, email: account.user).listJSON() })
        }
    }

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

/// A one-line progress bar on the terminal (plain lines when not a terminal).
enum ProgressBar {
    static let isTerminal = isatty(STDOUT_FILENO) != 0

    static func show(done: Int, of total: Int, label: String) {
        let width = 20
        let filled = min(width, done * width / max(total, 1))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        if isTerminal {
            print("\r\u{1B}[2K\(bar) \(done)/\(total)  \(label)", terminator: "")
            fflush(nil)
        } else {
            print("\(bar) \(done)/\(total)  \(label)")
        }
    }

    static func finish() { if isTerminal { print("") } }
}
