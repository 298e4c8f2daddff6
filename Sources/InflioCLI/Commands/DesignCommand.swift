import App
import ArgumentParser
import Foundation

/// `inflio design`: the content studio from scripts. Works on the service's data like `persona`;
/// each command renders in this process and waits for the picture.
struct DesignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design", abstract: "Make thumbnails and social images from a persona, for scripts.",
        subcommands: [Create.self, Refine.self, List.self])

    struct Output: ParsableArguments {
        @Option(help: "The local account to act as.") var user = "cli@localhost"
        @Option(help: "Write the picture here: a .png, .jpg or .webp file (several: -1, -2 … before the extension).")
        var out: String?
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a design (or four variations) and wait for it.")

        @OptionGroup var output: Output
        @Option(help: "The persona (default: the account's default, else its newest ready one).") var persona: String?
        @Option(help: "youtube-thumbnail, instagram-post, instagram-portrait, story, linkedin or x-post.")
        var format: String
        @Option(help: "What the design should show; a quoted part becomes the title.") var prompt: String
        @Option(help: "The title, when not quoted in the prompt.") var title: String?
        @Option(help: "1, or 4 for four variations.") var variations = 1

        func run() async throws {
            let personaID = try persona.map { try DesignCommand.uuid($0, "persona") }
            try await ServiceApp.with(runningJobs: true) { app in
                let operations = try await DesignOperations(app: app, email: output.user)
                let designs = try await operations.create(
                    personaID: personaID, format: format, prompt: prompt, title: title, variations: variations)
                for (i, json) in designs.enumerated() {
                    print(String(decoding: json, as: UTF8.self))
                    try await DesignCommand.write(json, operations, output.out, index: designs.count > 1 ? i + 1 : nil)
                }
            }
        }
    }

    struct Refine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refine a design in plain words and wait for it.")

        @OptionGroup var output: Output
        @Argument(help: "The design's id.") var design: String
        @Argument(help: "What should change, e.g. \"more dramatic lighting\".") var instruction: String

        func run() async throws {
            let id = try DesignCommand.uuid(design, "design")
            try await ServiceApp.with(runningJobs: true) { app in
                let operations = try await DesignOperations(app: app, email: output.user)
                let json = try await operations.refine(designID: id, instruction: instruction)
                print(String(decoding: json, as: UTF8.self))
                try await DesignCommand.write(json, operations, output.out, index: nil)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The account's designs, newest first, as JSON.")

        @Option(help: "The local account to act as.") var user = "cli@localhost"

        func run() async throws {
            try await ServiceApp.with { app in
                let operations = try await DesignOperations(app: app, email: user)
                let all = try await operations.list().map { String(decoding: $0, as: UTF8.self) }
                print("[" + all.joined(separator: ",\n") + "]")
            }
        }
    }

    static func uuid(_ text: String, _ what: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ValidationError("The \(what) id is not a UUID: \(text)") }
        return id
    }

    /// Writes the current version's picture when `--out` was given, converted by the extension.
    static func write(_ json: Data, _ operations: DesignOperations, _ out: String?, index: Int?) async throws {
        guard let out,
            let object = try JSONSerialization.jsonObject(with: json) as? [String: Any],
            let idText = object["id"] as? String, let id = UUID(uuidString: idText)
        else { return }
        let picture = try await operations.picture(designID: id, version: nil)
        var path = out
        if let index {
            let ext = (out as NSString).pathExtension
            path = (out as NSString).deletingPathExtension + "-\(index)" + (ext.isEmpty ? "" : "." + ext)
        }
        let bytes = try DesignPicture.convert(
            picture.bytes, toExtension: (path as NSString).pathExtension, provider: picture.provider)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }
}
