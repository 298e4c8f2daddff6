/// Interleaved 8-bit sRGB pixels, the form the face engine and the measures work on.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGBImage needs width × height × 3 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The picture flipped left to right (a mirror image).
    public func mirrored() -> RGBImage {
        var flipped = pixels
        for y in 0..<height {
            for x in 0..<width {
                let from = 3 * (y * width + x)
                let to = 3 * (y * width + width - 1 - x)
                flipped[to] = pixels[from]
                flipped[to + 1] = pixels[from + 1]
                flipped[to + 2] = pixels[from + 2]
            }
        }
        return RGBImage(width: width, height: height, pixels: flipped)
    }

    /// The Rec. 601 luma weights of red, green and blue, which the Swift code's greys of a photo
    /// use (the C passes write them out).
    public static let lumaWeights: [Double] = [0.299, 0.587, 0.114]

    /// Rec. 601 luma, 0–255, of the pixel at (`x`, `y`).
    public func luma(x: Int, y: Int) -> Double {
        let i = 3 * (y * width + x)
        return Self.lumaWeights[0] * Double(pixels[i]) + Self.lumaWeights[1] * Double(pixels[i + 1])
            + Self.lumaWeights[2] * Double(pixels[i + 2])
    }

    /// Rec. 601 luma, 0–255, one value per pixel.
    public func luma() -> [Float] {
        var out = [Float](repeating: 0, count: width * height)
        let (red, green, blue) = (Float(Self.lumaWeights[0]), Float(Self.lumaWeights[1]), Float(Self.lumaWeights[2]))
        pixels.withUnsafeBufferPointer { p in
            for i in 0..<(width * height) {
                out[i] = red * Float(p[3 * i]) + green * Float(p[3 * i + 1]) + blue * Float(p[3 * i + 2])
            }
        }
        return out
    }
}
