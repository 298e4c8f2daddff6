import App
import ArgumentParser
import Foundation

/// `inflio brand …`: the brand kit without a server.
struct BrandCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brand", abstract: "Brand kit tools.", subcommands: [Extract.self])

    /// `inflio brand extract FILE.pdf [--json]`: what the upload in step 1.2 would find, printed.
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read colours, fonts, logo, voice and audience from a brand-guidelines PDF (nothing is stored).")

        @Argument(help: "The brand guidelines, a PDF of at most 20 MB and 40 pages.") var file: String
        @Flag(help: "Print JSON (the review payload, logo as a data URL) instead of a summary.") var json = false

        func run() async throws {
            let extraction = try await BrandPDFExtractor().extract(path: file)
            if json {
                try JSONOutput.print(extraction)
            } else {
                print(extraction.text)
            }
        }
    }
}
