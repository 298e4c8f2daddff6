import Foundation

/// The event as stored and streamed: a wire name and a JSON object. Typed payloads are read only
/// when they write back exactly what was read; anything else stays `.other`, untouched.
extension PersonaEvent: Codable {
    /// Reads a stored or received event. Never fails: an unknown name, or a known one whose data
    /// this build would not write back identically, becomes `.other` (throwing instead would make
    /// one old row break the replay of a persona's whole history).
    public init(type: String, data: JSONValue) {
        guard let kind = Kind(rawValue: type), let typed = try? Self.typed(kind, data), (try? typed.data()) == data
        else {
            self = .other(type: type, data: data)
            return
        }
        self = typed
    }

    /// As `init(type:data:)`, from the stored text; throws only when it is not JSON.
    public init(type: String, json: Data) throws {
        self.init(type: type, data: try JSONDecoder().decode(JSONValue.self, from: json))
    }

    /// The data object, as `PersonaEventHub` stores and streams it.
    public func data() throws -> JSONValue {
        if case .other(_, let data) = self { return data }
        return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(payload))
    }

    /// The data object's JSON with sorted keys: the same bytes for the same event, every time.
    public func encodedData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(payload)
    }

    private var payload: any Encodable & Sendable {
        switch self {
        case .analysisDone(let data): data
        case .portraitStarted(let data): data
        case .portraitReady(let data), .portraitVerified(let data): data
        case .portraitRetrying(let data), .portraitNeedsReview(let data): data
        case .portraitFailed(let data): data
        case .portraitRegenerating(let data): data
        case .personaReady(let data), .personaFailed(let data): data
        case .other(_, let data): data
        }
    }

    private static func typed(_ kind: Kind, _ data: JSONValue) throws -> PersonaEvent {
        let json = try JSONEncoder().encode(data)
        func read<T: Decodable>(_: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: json) }
        return switch kind {
        case .analysisDone: .analysisDone(try read(AnalysisDone.self))
        case .portraitStarted: .portraitStarted(try read(PortraitStarted.self))
        case .portraitReady: .portraitReady(try read(PortraitMeasurement.self))
        case .portraitVerified: .portraitVerified(try read(PortraitMeasurement.self))
        case .portraitRetrying: .portraitRetrying(try read(PortraitRejection.self))
        case .portraitNeedsReview: .portraitNeedsReview(try read(PortraitRejection.self))
        case .portraitFailed: .portraitFailed(try read(PortraitFailed.self))
        case .portraitRegenerating: .portraitRegenerating(try read(PortraitRegenerating.self))
        case .personaReady: .personaReady(try read(PersonaFinished.self))
        case .personaFailed: .personaFailed(try read(PersonaFinished.self))
        }
    }

    private enum CodingKeys: String, CodingKey { case type, data }

    /// `{"type": …, "data": {…}}`, the shape of an event in a JSON document (the CLI, fixtures).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(type: try c.decode(String.self, forKey: .type), data: try c.decode(JSONValue.self, forKey: .data))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(payload, forKey: .data)
    }
}
