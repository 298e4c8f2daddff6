extension PersonaEvent {
    /// `portrait_retrying` and `portrait_needs_review`: the measured picture (same keys as
    /// `portrait_ready`) and why it was not verified, in one flat object.
    @dynamicMemberLookup
    public struct PortraitRejection: Codable, Sendable, Equatable {
        public let measurement: PortraitMeasurement
        /// `no_face`, `weak_likeness` or `identity_mismatch` (`PortraitVerification.reason`).
        public let reason: String?

        public init(_ measurement: PortraitMeasurement, reason: String?) {
            self.measurement = measurement
            self.reason = reason
        }

        public subscript<T>(dynamicMember keyPath: KeyPath<PortraitMeasurement, T>) -> T {
            measurement[keyPath: keyPath]
        }

        enum CodingKeys: String, CodingKey { case reason }

        public init(from decoder: any Decoder) throws {
            measurement = try PortraitMeasurement(from: decoder)
            reason = try decoder.container(keyedBy: CodingKeys.self).decode(String?.self, forKey: .reason)
        }

        // The measurement's keys and `reason` share one object, as the page reads them.
        public func encode(to encoder: any Encoder) throws {
            try measurement.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(reason, forKey: .reason)
        }
    }
}
