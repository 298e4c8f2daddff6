/// What one FAL call costs: the unit price of its tier times the images it makes.
public struct FALCharge: Sendable, Equatable {
    public let model: String
    public let tier: String
    public let unitPriceUSD: Double
    public let units: Int

    public var totalUSD: Double { unitPriceUSD * Double(units) }
}
