/// Light on the face, measured on the aligned face chip (padding 0: face only, no background).
public struct FaceLighting: Sendable, Equatable {
    /// Mean luminance, 0–255.
    public var mean: Double
    /// Share of pixels crushed to near black (< 30) and blown to near white (> 245).
    public var crushedShare: Double
    public var blownShare: Double
    /// 95th minus 5th percentile of luminance, 0–255: how much tonal detail the face has.
    public var dynamicRange: Double
    /// 1 when both halves of the face are equally lit, towards 0 as one side falls into shadow.
    public var uniformity: Double

    public init(mean: Double, crushedShare: Double, blownShare: Double, dynamicRange: Double, uniformity: Double) {
        self.mean = mean
        self.crushedShare = crushedShare
        self.blownShare = blownShare
        self.dynamicRange = dynamicRange
        self.uniformity = uniformity
    }

    public init(luma: [Float], width: Int, height: Int) {
        var histogram = [Int](repeating: 0, count: 256)
        var leftSum = 0.0
        var rightSum = 0.0
        var total = 0.0
        let half = width / 2
        for y in 0..<height {
            for x in 0..<width {
                let v = luma[y * width + x]
                histogram[Int(min(255, max(0, v)))] += 1
                total += Double(v)
                if x < half { leftSum += Double(v) } else if x >= width - half { rightSum += Double(v) }
            }
        }
        let count = Double(width * height)
        func percentile(_ p: Double) -> Double {
            var seen = 0
            let target = Int(p * count)
            for (value, n) in histogram.enumerated() {
                seen += n
                if seen > target { return Double(value) }
            }
            return 255
        }
        let leftMean = leftSum / Double(half * height)
        let rightMean = rightSum / Double(half * height)
        self.init(
            mean: total / count,
            crushedShare: Double(histogram[0..<30].reduce(0, +)) / count,
            blownShare: Double(histogram[246...].reduce(0, +)) / count,
            dynamicRange: percentile(0.95) - percentile(0.05),
            uniformity: 1 - abs(leftMean - rightMean) / max(leftMean + rightMean, 1))
    }
}

/// Sharpness: the variance of the Laplacian of the face chip. Measured on a fixed-size aligned
/// chip so the number means the same at any photo resolution (on whole photos a small picture
/// looks sharper than a large one of the same face).
public enum FaceClarity {
    public static func laplacianVariance(luma: [Float], width: Int, height: Int) -> Double {
        var sum = 0.0
        var sumSquares = 0.0
        var n = 0.0
        for y in 1..<(height - 1) {
            for x in 1..<(width - 1) {
                let i = y * width + x
                let lap = Double(luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i])
                sum += lap
                sumSquares += lap * lap
                n += 1
            }
        }
        let mean = sum / n
        return sumSquares / n - mean * mean
    }
}
