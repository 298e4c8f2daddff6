import Imaging

/// A stored design picture (PNG) as it leaves the service: in the format a file name asks for,
/// and saying in XMP how it was made (IPTC's digital source type, as portraits do): a model's
/// picture with our title set on it is `compositeWithTrainedAlgorithmicMedia`; the layout
/// renderer's, the person's own photo placed on drawn colours, a `composite`. WebP leaves
/// unmarked: the mark is written into JPEG and PNG only.
public enum DesignPicture {
    public static func source(provider: String) -> DigitalSourceType {
        provider == DesignStudio.provider ? .composite : .compositeWithTrainedAlgorithmicMedia
    }

    public static func convert(_ png: [UInt8], toExtension ext: String, provider: String) throws -> [UInt8] {
        let bytes: [UInt8] =
            switch ext.lowercased() {
            case "jpg", "jpeg": try EditableImage(bytes: png).jpeg(quality: 92)
            case "webp": try EditableImage(bytes: png).webp(quality: 90)
            default: png
            }
        if ext.lowercased() == "webp" { return bytes }
        return try ProvenanceMark.marked(bytes, as: source(provider: provider))
    }
}
