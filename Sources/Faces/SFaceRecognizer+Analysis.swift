import Imaging

extension SFaceRecognizer {
    /// The descriptor of the face at `landmarks` in an image the analysis has already decoded, so
    /// the photo is not decoded again. The alignment samples bilinearly, which skips pixels when it
    /// shrinks a face by more than two; so the face's neighbourhood is first halved (2×2 means)
    /// until its eyes are at most twice the template's spacing apart, as a decoder's shrink-on-load
    /// would have done. (On the sample photos this and `embedding(photo:landmarks:)` differ by at
    /// most 0.01 in cosine distance; a test checks it.)
    public func embedding(decoded image: RGBImage, landmarks: FaceLandmarks) throws -> SFaceEmbedding {
        let (left, right) = landmarks.eyeCentres
        var eyeDistance = max(left.distance(to: right), 1)
        guard eyeDistance > 2 * Self.decodedEyeDistance else {
            return try embedding(image: image, landmarks: landmarks)
        }

        // The canvas spans about 3.2 eye distances; 4 on each side of the eyes' midpoint is ample.
        let centre = Point.midpoint(left, right)
        let reach = 4 * eyeDistance
        let x0 = max(0, Int(centre.x - reach))
        let y0 = max(0, Int(centre.y - reach))
        let x1 = min(image.width, Int(centre.x + reach) + 1)
        let y1 = min(image.height, Int(centre.y + reach) + 1)
        guard x1 - x0 >= 2, y1 - y0 >= 2 else { return try embedding(image: image, landmarks: landmarks) }
        var region = image.cropped(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        var points = FaceLandmarks(points: landmarks.points.map { Point(x: $0.x - Double(x0), y: $0.y - Double(y0)) })
        while eyeDistance > 2 * Self.decodedEyeDistance, region.width >= 4, region.height >= 4 {
            region = region.halved()
            // New pixel x holds old pixels 2x and 2x + 1, so its centre is old 2x + 0.5.
            points = FaceLandmarks(points: points.points.map { Point(x: ($0.x - 0.5) / 2, y: ($0.y - 0.5) / 2) })
            eyeDistance /= 2
        }
        return try embedding(image: region, landmarks: points)
    }
}

extension RGBImage {
    /// The pixels of a rectangle inside the image.
    func cropped(x: Int, y: Int, width: Int, height: Int) -> RGBImage {
        precondition(x >= 0 && y >= 0 && x + width <= self.width && y + height <= self.height)
        var out = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for row in 0..<height {
                    let from = 3 * ((y + row) * self.width + x)
                    let to = 3 * row * width
                    for i in 0..<(3 * width) { dst[to + i] = src[from + i] }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }

    /// Half the size, each pixel the mean of a 2×2 block (an odd last row or column is dropped).
    func halved() -> RGBImage {
        let w = width / 2
        let h = height / 2
        var out = [UInt8](repeating: 0, count: w * h * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        let a = 3 * (2 * y * width + 2 * x)
                        let b = a + 3 * width
                        for c in 0..<3 {
                            let sum = Int(src[a + c]) + Int(src[a + 3 + c]) + Int(src[b + c]) + Int(src[b + 3 + c])
                            dst[3 * (y * w + x) + c] = UInt8((sum + 2) / 4)
                        }
                    }
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
