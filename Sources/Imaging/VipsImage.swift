import CVipsShim

/// Owns one libvips image reference; released when the Swift object goes.
final class VipsImage: @unchecked Sendable {
    // libvips images are immutable once built, so sharing the reference across threads is safe.
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { inflio_vips_unref(pointer) }

    var width: Int { Int(inflio_vips_width(pointer)) }
    var height: Int { Int(inflio_vips_height(pointer)) }
    var bands: Int { Int(inflio_vips_bands(pointer)) }
    var hasAlpha: Bool { inflio_vips_has_alpha(pointer) != 0 }

    /// Wraps the result of a shim call, turning NULL into an error carrying libvips' reason.
    static func checked(_ result: OpaquePointer?, _ what: String) throws -> VipsImage {
        guard let result else { throw ImagingError.operationFailed("\(what): \(VipsRuntime.takeError())") }
        return VipsImage(result)
    }

    /// Runs `body` and wraps its result with `checked`.
    func map(_ what: String, _ body: (OpaquePointer) -> OpaquePointer?) throws -> VipsImage {
        try VipsImage.checked(body(pointer), what)
    }

    /// Copies a buffer libvips allocated into Swift memory and frees it.
    static func takeBuffer(_ buffer: UnsafeMutableRawPointer?, length: Int, _ what: String) throws -> [UInt8] {
        guard let buffer else { throw ImagingError.operationFailed("\(what): \(VipsRuntime.takeError())") }
        defer { inflio_vips_free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }
}
