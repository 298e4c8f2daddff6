import Imaging

/// A stored design picture (PNG) in the format a file name asks for.
public enum DesignPicture {
    public static func convert(_ png: [UInt8], toExtension ext: String) throws -> [UInt8] {
        switch ext.lowercased() {
        case "jpg", "jpeg": try EditableImage(bytes: png).jpeg(quality: 92)
        case "webp": try EditableImage(bytes: png).webp(quality: 90)
        default: png
        }
    }
}
