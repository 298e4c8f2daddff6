import App
import ArgumentParser
import Foundation

extension PersonaCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse photos, generate the five portraits, and write them out.")

        @OptionGroup var account: Account
        @Option(help: "The persona's name.") var name: String
        @Option(help: "A description.") var description = ""
        @Option(help: "Folder to write the portraits to.") var out: String?
        @Flag(help: "Accept the face-data notice (printed without it) for this account, as the web page asks.")
        var acceptFaceDataNotice = false
        @Argument(help: "5 to 20 photos of one person, or a folder of them.") var photos: [String]

        /// Said whenever the offline studio made the portraits, as the page says it.
        static let previewNotice =
            "Offline preview: each portrait is your own photo relit, on a new or blurred background, not a generated one. Set FAL_KEY (INFLIO_PROVIDER=fal) for generated portraits."

        func run() async throws {
            let files = PhotoArguments.expand(photos)
            try await ServiceApp.with(runningJobs: true) { app in
                let operations = try await PersonaOperations(app: app, email: account.user)
                if acceptFaceDataNotice {
                    try await operations.acceptFaceDataNotice()
                } else if try await !operations.hasAcceptedFaceDataNotice() {
                    FileHandle.writeError(
                        "\(PersonaOperations.faceDataNotice)\n\nRun again with --accept-face-data-notice to accept it.")
                    throw ExitCode(2)
                }
                let id = try await operations.create(name: name, description: description, photoPaths: files) {
                    progress in
                    ProgressBar.show(done: progress.portraitsDone, of: 5, label: progress.detail)
                }
                ProgressBar.finish()
                print("Persona \(id.uuidString.lowercased())")
                if operations.makesPreviews {
                    print(Self.previewNotice)
                }
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
}
