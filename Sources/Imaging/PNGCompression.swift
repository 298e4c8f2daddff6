/// How hard a PNG's zlib stream is squeezed. Photographic pictures barely shrink past level 1
/// (measured on a 1280×720 design: 1.03 MB at level 1, 1.01 MB at 6), while level 6 takes about
/// four times as long to write.
public enum PNGCompression: Int, Sendable {
    /// zlib level 1: for pictures made while someone waits.
    case fast = 1
    /// zlib level 6, libvips' default.
    case small = 6
}
