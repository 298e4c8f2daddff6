/// Where clients load a stored portrait and what made it. The service's signer and provenance
/// decide both; they are handed in so the rules stay free of storage and keys.
public struct PortraitDelivery: Sendable, Equatable {
    /// A signed link an `<img>` can load.
    public let url: String
    /// IPTC's digital source type (`PortraitProvenance.source(provider:)`), e.g. `trainedAlgorithmicMedia`.
    public let madeBy: String

    public init(url: String, madeBy: String) {
        self.url = url
        self.madeBy = madeBy
    }
}
