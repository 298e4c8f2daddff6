import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit

extension BenchCommand {
    /// Makes the benchmark's photos in their own process, so their cost stays out of the figures.
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make 12 MP JPEGs from the sample faces.")

        @Option(help: "Folder of source photos.") var from = "../shared/testdata/faces"
        @Option(help: "Output folder.") var output: String
        @Option(help: "How many photos.") var count = 20
        @Option(help: "Width of each photo.") var width = 4000
        @Option(help: "Height of each photo.") var height = 3000
        @Flag(
            help:
                "Encode the photos in Display P3 with the profile embedded, as phones do (the colour transform's cost)."
        )
        var displayP3 = false

        func run() throws {
            let sources = PhotoArguments.expand([from]).filter {
                (try? ImageDecoder.readFile(atPath: $0)).map { ImageFormat.sniff($0) != nil } ?? false
            }
            guard !sources.isEmpty else { throw ValidationError("No photos in \(from).") }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for i in 0..<count {
                let target = (output as NSString).appendingPathComponent(String(format: "bench-%02d.jpg", i))
                if FileManager.default.fileExists(atPath: target) { continue }
                let image = try EditableImage(bytes: ImageDecoder.readFile(atPath: sources[i % sources.count]))
                // A phone photo of the same framing: portrait sources become portrait photos
                // (height × width), scaled to cover the frame and cropped.
                let (w, h) =
                    image.height > image.width
                    ? (min(width, height), max(width, height)) : (max(width, height), min(width, height))
                let scale = max(Double(w) / Double(image.width), Double(h) / Double(image.height))
                let covered = try image.resized(by: scale * 1.001)
                // Heads sit in the upper part of a portrait: crop a quarter of the excess from the top.
                let cropped = try covered.cropped(
                    left: (covered.width - w) / 2, top: (covered.height - h) / 4, width: w, height: h)
                let photo = displayP3 ? try cropped.encoded(in: .displayP3()) : cropped
                try Data(photo.jpeg(quality: 90, embeddingProfile: displayP3)).write(to: URL(fileURLWithPath: target))
            }
            print(
                "bench: \(count) photos of \(width * height / 1_000_000) MP (\(width)×\(height), portrait or landscape as the source\(displayP3 ? ", Display P3" : "")) in \(output)"
            )
        }
    }
}
