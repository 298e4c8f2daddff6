extension PersonaEvent {
    /// `analysis_done`: the photo set's figures as the page's header shows them.
    public struct AnalysisDone: Codable, Sendable, Equatable {
        public let photoCount: Int
        public let usablePhotos: Int
        /// `excellent`, `good`, `fair` or `poor` (`SetAnalysis.analysisQuality`).
        public let analysisQuality: String
        /// The photos' consistency, rounded to 3 decimals as every score on the wire is.
        public let consistencyScore: Double
        public let referencePhotos: Int

        public init(
            photoCount: Int, usablePhotos: Int, analysisQuality: String, consistencyScore: Double, referencePhotos: Int
        ) {
            self.photoCount = photoCount
            self.usablePhotos = usablePhotos
            self.analysisQuality = analysisQuality
            self.consistencyScore = roundScore(consistencyScore)
            self.referencePhotos = referencePhotos
        }
    }
}
