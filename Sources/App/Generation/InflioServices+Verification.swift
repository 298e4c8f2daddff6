import Foundation
import PersonaKit

extension InflioServices {
    func verifierResult(_ bytes: [UInt8], identity: Data) -> PortraitVerification {
        IdentityVerifier(analyzer: analyzer).verify(bytes, identity: IdentityCodec.decode(identity))
    }
}
