import CVipsShim
import Foundation

/// Starts libvips once per process with our safety settings.
///
/// Only the loaders of the formats we accept are reachable: every other loader, and every loader
/// libvips marks untrusted, is blocked, so a crafted upload cannot reach a fragile parser (SVG, PDF,
/// Matlab, FITS...), whatever its bytes claim.
enum VipsRuntime {
    private static let started: Bool = {
        // libvips prints a warning per damaged tile of a corrupt upload; the error it returns
        // already says what went wrong, so keep stderr for our own messages (unless asked).
        setenv("VIPS_WARNING", "0", 0)
        guard inflio_vips_start("inflio") == 0 else { return false }
        inflio_vips_block_untrusted(1)
        inflio_vips_block_operation("VipsForeignLoad", 1)
        for format in ImageFormat.allCases { inflio_vips_block_operation(format.vipsLoaderClass, 0) }
        // Callers parallelise over photos; one libvips worker per call avoids oversubscription.
        inflio_vips_set_concurrency(1)
        // liborc's generated SIMD code races when many threads run pipelines at once (a SIGSEGV
        // inside liborc with the heap corrupted, seen in the full test suite; sharp and others
        // turn it off for the same reason). libvips has plain C paths for everything.
        inflio_vips_set_vector(0)
        // Operation caching would keep decoded uploads alive after they are analysed.
        inflio_vips_set_cache(0, 0)
        return true
    }()

    static func ensureStarted() throws {
        guard started else { throw ImagingError.operationFailed("libvips could not start") }
    }

    /// Reads and clears libvips' error text, for the message of a failure just observed.
    static func takeError() -> String {
        let text = inflio_vips_error_text().map { String(cString: $0) } ?? ""
        inflio_vips_error_clear()
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? "unknown error"
        return firstLine
    }

    /// Forgets libvips' error text after a failure that was handled.
    static func clearError() { inflio_vips_error_clear() }
}
