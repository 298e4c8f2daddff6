import FAL
import PersonaKit

extension FALCharge {
    /// The ledger's form.
    public var providerCharge: ProviderCharge {
        ProviderCharge(model: model, resolution: tier, unitPriceUSD: unitPriceUSD, units: units)
    }
}
