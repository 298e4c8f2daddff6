import ArgumentParser
import Faces
import Foundation
import PersonaKit

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse photos of one person: quality, issues, identity, and the best references.",
        discussion: "Exit status 0 when the analysis ran, whatever it found; unreadable photos are reported, not fatal."
    )

    @Argument(help: "Photos (JPEG, PNG, WebP, HEIC) or folders of photos.")
    var photos: [String]

    @Flag(help: "Print the analysis as JSON.")
    var json = false

    func run() throws {
        let files = PhotoArguments.expand(photos)
        guard !files.isEmpty else { throw ValidationError("No photos given.") }
        // SFace, when installed, is asked beside dlib as the service asks it (docs/analysis.md).
        let secondOpinion: SFaceRecognizer?
        do {
            secondOpinion = try SFaceRecognizer()
        } catch {
            FileHandle.writeError("note: SFace is not installed; identity is judged by dlib alone. (\(error))")
            secondOpinion = nil
        }
        let analyzer = try PhotoBatchAnalyzer(models: FaceModels.loadOrExplain(), secondOpinion: secondOpinion)
        let set = SetAnalyzer.analyze(analyzer.analyze(files: files))
        if json {
            try JSONOutput.print(AnalysisReport(set))
        } else {
            print(AnalysisTable.render(set))
        }
    }
}
