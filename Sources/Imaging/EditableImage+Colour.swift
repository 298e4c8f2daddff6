import CVipsShim
import Foundation

/// Re-encoding a picture in another colour space, for test fixtures and benchmarks: the photos a
/// phone (Display P3), a camera set to a wide-gamut space, a print workflow (CMYK) or a scanner
/// (grey) would write. The product itself only ever writes untagged sRGB (docs/analysis.md#colour).
extension EditableImage {
    /// The picture converted into `profile`'s colour space (RGB, grey or CMYK), with the profile
    /// embedded: what a colour-managed viewer shows as the same picture. The pixels are read
    /// through their embedded profile, or libvips' default for their channels (sRGB, or CMYK)
    /// when they carry none. `depth` 16 gives 16-bit samples (PNG only).
    public func encoded(
        in profile: ICCProfile, depth: Int = 8, intent: RenderingIntent = .relativeColorimetric
    ) throws -> EditableImage {
        try withProfileName(profile) { name in
            // Materialised now: libvips reads a profile file when the transform is built, and
            // the temporary file goes when this returns.
            EditableImage(
                try vips.map("icc transform") {
                    inflio_vips_icc_transform($0, name, nil, 1, intent.rawValue, Int32(depth))
                }.map("copy to memory") { inflio_vips_copy_memory($0) })
        }
    }

    /// The same pixels carrying `profile` (any bytes, even a corrupt profile) or none; the pixels
    /// are not converted.
    public func tagged(with profile: ICCProfile?) throws -> EditableImage {
        EditableImage(
            try vips.map("icc profile") { pointer in
                guard let profile else { return inflio_vips_with_icc_profile(pointer, nil, 0) }
                return profile.bytes.withUnsafeBytes { inflio_vips_with_icc_profile(pointer, $0.baseAddress, $0.count) }
            })
    }

    /// One grey band by libvips' own (profile-free) maths: an untagged greyscale photo.
    public func greyscale() throws -> EditableImage {
        EditableImage(try vips.map("grey") { inflio_vips_to_grey($0) })
    }

    /// Runs `body` with a name libvips' transforms accept for `profile`: its built-in name, or a
    /// temporary file holding its bytes.
    private func withProfileName<T>(_ profile: ICCProfile, _ body: (String) throws -> T) throws -> T {
        if let name = profile.libvipsName { return try body(name) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inflio-\(UUID().uuidString).icc")
        try Data(profile.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }
}
