import CVipsShim

extension Matting {
    /// How pieces of the old background kept at the person's edge are told from the person's own
    /// soft edge; lengths in pixels.
    public struct IslandRules: Sendable {
        /// How deep inside the matte's edge a piece may lie (the person's colours are read deeper).
        public var band: Int
        /// How far the middle of a piece must lie from its own sides, at least (a thinner sliver
        /// along the edge is the edge's own light or blend).
        public var depth: Int
        /// How far outside the matte's edge the background's colours are read.
        public var reach: Int
        /// The least size of a piece, in pixels.
        public var leastArea: Int
        /// The least mean CIE76 difference between a piece's mean colour and the person around it.
        public var contrast: Float

        public init(band: Int, depth: Int, reach: Int, leastArea: Int, contrast: Float) {
            self.band = band
            self.depth = depth
            self.reach = reach
            self.leastArea = leastArea
            self.contrast = contrast
        }
    }

    /// Takes out of `alpha` (one opacity 0–1 per pixel of `photo`) the pieces inside the matte's
    /// edge whose colours are the nearby background's and none of the person's, and which a hard
    /// edge parts from the person: a sign's letter the model kept with the hair. A soft edge that
    /// fades into the background (white hair on a pale wall) has no hard edge and stays. Nothing is
    /// read as background where `limit` is 0 (beyond the photo). Returns how many pixels went.
    @discardableResult
    public static func dropIslands(
        from alpha: inout [Float], photo: RGBImage, limit: [UInt8], rules: IslandRules
    ) throws -> Int {
        precondition(alpha.count == photo.width * photo.height && limit.count == alpha.count)
        let rules = inflio_island_rules(
            band: Int32(rules.band), depth: Int32(rules.depth), reach: Int32(rules.reach),
            least_area: Int32(rules.leastArea),
            contrast: rules.contrast)
        let dropped = photo.pixels.withUnsafeBufferPointer { rgb in
            limit.withUnsafeBufferPointer { l in
                alpha.withUnsafeMutableBufferPointer { a in
                    inflio_matte_drop_islands(
                        rgb.baseAddress, l.baseAddress, a.baseAddress, Int32(photo.width), Int32(photo.height), rules)
                }
            }
        }
        guard dropped >= 0 else { throw ImagingError.operationFailed("background islands: out of memory") }
        return Int(dropped)
    }
}
