import Imaging

/// Fits a picture made at one size to another of a different shape: scaled to cover it, then cut
/// to it around the centre. A model's picture (GPT Image makes only three sizes) becomes the
/// format's exact size this way before the title is set, so no crop can cut a title.
public enum DesignCanvas {
    public static func cover(_ image: EditableImage, width: Int, height: Int) throws -> EditableImage {
        if image.width == width, image.height == height { return image }
        let scale = max(Double(width) / Double(image.width), Double(height) / Double(image.height))
        let scaledWidth = max(width, Int((Double(image.width) * scale).rounded()))
        let scaledHeight = max(height, Int((Double(image.height) * scale).rounded()))
        let scaled = try image.resized(toWidth: scaledWidth, height: scaledHeight)
        return try scaled.cropped(
            left: (scaledWidth - width) / 2, top: (scaledHeight - height) / 2, width: width, height: height)
    }
}
