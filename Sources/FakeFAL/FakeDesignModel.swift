import Foundation
import Imaging
import PersonaKit
import Providers

/// The fake's `fal-ai/gpt-image-1.5/edit`: the layout renderer draws what the prompt describes
/// (a prompt written by `DesignModelPrompt` is read back into its spec; any other prompt gets the
/// standard brand's layout for the asked size) with the person from the reference images, without
/// a title or logo, as the service asks the real model. The picture is made at the format's size
/// and fitted to the asked `image_size`, one of the model's three.
enum FakeDesignModel {
    static let name = "fal-ai/gpt-image-1.5/edit"

    static func render(
        _ input: FakeModelInput, references: [ReferencePhoto], photos: [[UInt8]],
        partial: (@Sendable (FakeFALModel.Image) -> Void)?
    ) throws -> [FakeFALModel.Image] {
        let (width, height) = size(input.imageSize)
        let prompt = input.prompt ?? ""
        var spec =
            DesignModelPrompt.read(prompt)
            ?? DesignSpec.initial(
                format: width > height ? .youtubeThumbnail : width < height ? .instagramPortrait : .instagramPost,
                prompt: prompt, title: "", brand: .standard, seed: FakeFALModel.stableHash(prompt) | 1)
        spec.title = ""
        spec.showLogo = false
        var images: [FakeFALModel.Image] = []
        for i in 0..<max(1, min(4, input.numImages ?? 1)) {
            var variant = spec
            variant.seed &+= UInt64(i)
            variant.referenceRank += i
            let drawn = try LayoutRenderer.render(spec: variant, references: references, photos: photos, logo: nil)
            let picture = try DesignCanvas.cover(drawn.image, width: width, height: height)
            if let partial {
                // A small, soft preview first, as GPT Image's partial images are.
                let preview = try picture.resized(by: 0.25).blurred(sigma: 2)
                partial(
                    .init(
                        bytes: try preview.jpeg(quality: 70), contentType: "image/jpeg", width: preview.width,
                        height: preview.height))
            }
            let png = (input.outputFormat ?? "png").lowercased() == "png"
            images.append(
                .init(
                    bytes: png ? try picture.png() : try picture.jpeg(quality: 92),
                    contentType: png ? "image/png" : "image/jpeg", width: width, height: height))
        }
        return images
    }

    /// The model's three sizes; `auto` (or none) is square.
    static func size(_ text: String?) -> (Int, Int) {
        switch text {
        case "1536x1024": (1536, 1024)
        case "1024x1536": (1024, 1536)
        default: (1024, 1024)
        }
    }
}
