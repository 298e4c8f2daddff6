import Faces
import Foundation
import Imaging
import PersonaKit

/// Composes one portrait from one reference photo: frame the face, put a backdrop behind the
/// person, light, grade, and check the face's exposure. The face itself is only moved, scaled,
/// rotated and globally toned, never warped or repainted, so it stays the person's own.
enum StudioRenderer {
    /// `photoScale` is the photo's pixels per pixel of the original the reference was measured on.
    static func render(
        photo: EditableImage, reference: ReferencePhoto, photoScale: Double, style: StudioStyle,
        width: Int, height: Int, random: inout SeededGenerator
    ) throws -> EditableImage {
        let (source, framing, subject) = try framed(
            photo: photo, reference: reference, photoScale: photoScale, style: style, width: width, height: height)
        let shape = SubjectShape(framing: framing, pitch: reference.pose.pitch)
        let field = SmoothField(canvasWidth: width, canvasHeight: height)
        let matte = try SubjectMatte(subject: subject, framing: framing) { width, height in
            try colours(of: source, framing: framing, width: width, height: height)
        }
        let backdrop = try StudioBackdrop.make(
            style.backdrop, photo: subject, framing: framing, shape: shape, matte: matte,
            keySide: style.keySide, litFromBehind: style.litFromBehind, field: field, random: &random)
        var image = try matte.foreground().blended(over: backdrop, mask: matte.image())
        // The grade's colour matrix, then the light and the grade's gains in one multiply.
        let light = try StudioLighting.lightMap(style: style, framing: framing, field: field, matte: matte)
        image = try image.graded(style.grade.matrix, light: light, scale: 1.0 / 128, add: style.grade.offsets)
        image = try StudioLighting.lit(
            image, glow: style.glow, rim: style.rim, rimColours: rimColours(style), field: field, matte: matte)
        let exposed = try exposingFace(image.materialized(), framing: framing, range: style.faceLuma)
        guard style.monochrome else { return exposed }
        // Last, so the rim's and the backdrop's colours go too: Rec. 601 luma in every channel.
        let grey = RGBImage.lumaWeights
        return try exposed.recombined([grey, grey, grey]).materialized()
    }

    /// The person moved onto the canvas: the framing the style asks for (tightening at most
    /// `maxZoom`, adjusting the placement as `StudioFraming` says), the photo it was computed on
    /// (shrunk first when the framing shrinks a lot) and the warped picture, materialised.
    static func framed(
        photo: EditableImage, reference: ReferencePhoto, photoScale: Double, style: StudioStyle, width: Int,
        height: Int, maxZoom: Double? = nil, adjustsPlacement: Bool = true
    ) throws -> (source: EditableImage, framing: StudioFraming, subject: EditableImage) {
        var source = photo
        var landmarks = reference.landmarks.scaled(by: photoScale)
        let cut = try headCutByTop(source, landmarks: landmarks)
        func frame() -> StudioFraming {
            StudioFraming(
                landmarks: landmarks, yaw: reference.pose.yaw, sourceWidth: source.width,
                sourceHeight: source.height, style: style, canvasWidth: width, canvasHeight: height, maxZoom: maxZoom,
                headCutByTop: cut, adjustsPlacement: adjustsPlacement)
        }
        var framing = frame()
        if framing.scale < 0.7 {
            // A bicubic warp aliases when it shrinks a lot; shrink with a proper filter first
            // (rare: the photo is normally decoded at about the size needed).
            let shrunk = try source.resized(by: framing.scale)
            landmarks = landmarks.scaled(by: Double(shrunk.width) / Double(source.width))
            source = try shrunk.materialized()
            framing = frame()
        }
        var subject = try source.warped(by: framing.transform, width: width, height: height)
        if framing.scale > 1.4 {
            // An enlarged face looks soft; a light unsharp mask restores its edges.
            subject = try subject.sharpened(sigma: 0.8 * min(2, framing.scale / 1.4), amount: 2)
        }
        // Each materialised step is computed once; lazily, later steps would recompute it per region.
        return (source, framing, try subject.materialized())
    }

    /// The framed photo's colours with its edge pixels repeated past its edges, on a `width` ×
    /// `height` picture of the canvas: what a body the matte carries past them
    /// (`SubjectMatte+Beyond`) is coloured from. The matte asks for a quarter of the canvas
    /// (unless the face or the canvas is very small), as it averages them over a quarter of an eye
    /// distance (made at full size, with the sharpening `framed` gives an enlarged face, they cost
    /// a render 40–60 ms: a one-off timer in a release build). Pixel centres are not aligned between the sizes: a canvas pixel or
    /// so, which that averaging hides.
    static func colours(of source: EditableImage, framing: StudioFraming, width: Int, height: Int) throws
        -> EditableImage
    {
        let (sx, sy) = (Double(width) / Double(framing.canvasWidth), Double(height) / Double(framing.canvasHeight))
        var t = framing.transform
        (t.a, t.b, t.tx, t.c, t.d, t.ty) = (sx * t.a, sx * t.b, sx * t.tx, sy * t.c, sy * t.d, sy * t.ty)
        var photo = source
        // A bicubic warp aliases when it shrinks a lot: shrunk with a proper filter first.
        if framing.scale * sx < 0.7 {
            // libvips rounds only the output's size: the picture is this factor smaller.
            let f = framing.scale * sx
            photo = try source.resized(by: f)
            (t.a, t.b, t.c, t.d) = (t.a / f, t.b / f, t.c / f, t.d / f)
        }
        // Enough of the edge repeated to cover the picture from any edge.
        let scale = max(1e-6, t.determinant.magnitude.squareRoot())
        let margin = Int((Double(max(width, height)) / scale).rounded(.up)) + 4
        return try photo.warpedExtendingEdges(by: t, width: width, height: height, margin: margin).materialized()
    }

    /// Rim lights take the backdrop's colours; outdoors, the sun comes from behind on the key side.
    static func rimColours(_ style: StudioStyle) -> ((Double, Double, Double), (Double, Double, Double)) {
        switch style.backdrop {
        case .gradient(let from, let to), .city(let from, let to):
            return (
                StudioBackdrop.hsv(hue: from, saturation: 0.45, value: 0.9),
                StudioBackdrop.hsv(hue: to, saturation: 0.45, value: 0.9)
            )
        default:
            let sun = StudioBackdrop.hsv(hue: 38, saturation: 0.5, value: 0.8)
            let none = (0.0, 0.0, 0.0)
            return style.keySide < 0 ? (sun, none) : (none, sun)
        }
    }

    /// Brings the face's mean luminance into `range` with one global gain: a portrait must be
    /// well exposed where it matters, whatever the backdrop and light did around it.
    static func exposingFace(_ image: EditableImage, framing: StudioFraming, range: ClosedRange<Double>) throws
        -> EditableImage
    {
        let box = framing.faceRect
        let face = try image.cropped(left: box.left, top: box.top, width: box.width, height: box.height)
            .averaged(toWidth: 24, height: 24)
        let m = try face.bandMeans()
        let luma = max(1, zip(RGBImage.lumaWeights, m).map { $0 * $1 }.reduce(0, +))
        let target = min(range.upperBound, max(range.lowerBound, luma))
        guard abs(target - luma) > 0.5 else { return image }
        let gain = min(1.8, max(0.6, target / luma))
        return try image.adjusted(multiply: [gain], add: [0])
    }
}
