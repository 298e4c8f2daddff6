/// Why a photo could not be turned into pixels. Each case has a stable `code` for APIs and a
/// sentence a non-engineer understands.
public enum ImagingError: Error, Equatable, Sendable {
    case unsupportedFormat
    case imageTooLarge(reason: String)
    case unreadableImage(reason: String)
    case operationFailed(String)

    public var code: String {
        switch self {
        case .unsupportedFormat: "unsupported_format"
        case .imageTooLarge: "image_too_large"
        case .unreadableImage: "unreadable_image"
        case .operationFailed: "image_operation_failed"
        }
    }

    public var message: String {
        switch self {
        case .unsupportedFormat:
            "This file is not a JPEG, PNG, WebP or HEIC photo."
        case .imageTooLarge(let reason):
            "This photo is too large (\(reason)). Please use a smaller one."
        case .unreadableImage(let reason):
            "This photo could not be read; it may be damaged or incomplete (\(reason))."
        case .operationFailed(let detail):
            "Image processing failed: \(detail)."
        }
    }
}
