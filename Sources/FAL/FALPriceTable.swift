import Foundation

/// What one output image costs, per model and tier, in US dollars. A tier is what the price
/// depends on: the resolution for nano-banana-pro (`1K`, `2K`, `4K`), `quality/size` for
/// gpt-image-1.5 (`high/1024x1024`). Prices change (fal says so), hence configuration.
public struct FALPriceTable: Sendable, Equatable {
    public private(set) var unitPrices: [String: Double]

    public init(unitPrices: [String: Double]) { self.unitPrices = unitPrices }

    static func key(_ model: String, _ tier: String) -> String { "\(model)@\(tier)" }

    public func unitPrice(model: String, tier: String) -> Double? { unitPrices[Self.key(model, tier)] }

    public mutating func setUnitPrice(_ usd: Double, model: String, tier: String) {
        unitPrices[Self.key(model, tier)] = usd
    }

    public mutating func merge(_ other: FALPriceTable) { unitPrices.merge(other.unitPrices) { $1 } }

    /// `model@tier=usd` pairs separated by commas, e.g.
    /// `fal-ai/nano-banana-pro/edit@4K=0.3,fal-ai/gpt-image-1.5/edit@low/1024x1024=0.009`; nil if malformed.
    public static func parseOverrides(_ text: String) -> FALPriceTable? {
        var prices: [String: Double] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0].contains("@"), let usd = Double(parts[1]), usd >= 0 else { return nil }
            prices[parts[0]] = usd
        }
        return FALPriceTable(unitPrices: prices)
    }

    /// The seed's prices (fal-api.md §3, §4): nano-banana-pro $0.15 per image at 1K/2K and $0.30
    /// at 4K; gpt-image-1.5 by quality and size (the per-token charges on top are not modelled).
    public static let standard: FALPriceTable = {
        var table: [String: Double] = [:]
        for model in [FALModel.nanoBananaProEdit, FALModel.nanoBananaPro] {
            table[key(model, "1K")] = 0.15
            table[key(model, "2K")] = 0.15
            table[key(model, "4K")] = 0.30
        }
        let gpt: [(quality: String, square: Double, portrait: Double, landscape: Double)] = [
            ("low", 0.009, 0.013, 0.013), ("medium", 0.034, 0.051, 0.050), ("high", 0.133, 0.200, 0.199),
        ]
        for model in [FALModel.gptImage15Edit, FALModel.gptImage15] {
            for row in gpt {
                table[key(model, "\(row.quality)/1024x1024")] = row.square
                table[key(model, "\(row.quality)/1024x1536")] = row.portrait
                table[key(model, "\(row.quality)/1536x1024")] = row.landscape
            }
        }
        return FALPriceTable(unitPrices: table)
    }()
}
