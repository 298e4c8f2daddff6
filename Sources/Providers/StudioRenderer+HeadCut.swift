import Faces
import Foundation
import Imaging

extension StudioRenderer {
    /// Whether the photo's top edge cuts through the person's head: the segmentation model, run on
    /// the whole photo, finds the person along its top rows above the face (within an eye distance
    /// of the eyes' midpoint, either side; a mean over its top three rows of cells above 0.1). The
    /// model is unsure at a photo's very edge (0.15–0.71 there on the shared photos whose hair
    /// reaches it, 0.00 on the others: read once with the same model from Python on the photos
    /// box-shrunk to 256×256). The framing then moves the person up so the cut is hidden past the
    /// canvas's top instead of showing a flat-topped head (`StudioFraming`). The landmarks alone
    /// cannot tell: short hair may end just under the edge, a full head of hair be cut by an edge
    /// as high above the eyes.
    static func headCutByTop(_ photo: EditableImage, landmarks: FaceLandmarks) throws -> Bool {
        let (left, right) = landmarks.eyeCentres
        // A photo with this much room above the eyes shows the whole head: no need for the model.
        guard min(left.y, right.y) < Self.headroomThatShowsTheHead * left.distance(to: right) else { return false }
        let side = PersonSegmenter.side
        // Block means in C (a photo smaller than the model's input has its pixels repeated).
        let rgb = try photo.rgb()
        let small = Matting.averaged(
            rgb, left: 0, top: 0, width: rgb.width, height: rgb.height, toWidth: side, height: side)
        let probabilities = try PersonSegmenter.shared().probabilities(of: small)
        let reach = left.distance(to: right)
        let midX = (left.x + right.x) / 2
        let from = max(0, Int(((midX - reach) / Double(photo.width) * Double(side)).rounded(.down)))
        let to = min(side - 1, Int(((midX + reach) / Double(photo.width) * Double(side)).rounded(.up)))
        guard from <= to else { return false }
        var sum: Float = 0
        for row in 0..<Self.headCutRows { sum += probabilities[(row * side + from)...(row * side + to)].reduce(0, +) }
        return sum / Float(Self.headCutRows * (to - from + 1)) > Self.headCutProbability
    }

    /// Room above the eyes, in eye distances, past which no head is cut (the crown is about 2
    /// above the eyes, hair included).
    static let headroomThatShowsTheHead = 3.5
    /// The model's top rows read, and the mean person probability there that counts as a cut head.
    static let headCutRows = 3
    static let headCutProbability: Float = 0.1
}
