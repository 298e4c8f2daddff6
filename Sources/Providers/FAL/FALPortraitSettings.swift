import FAL
import Foundation

/// How the FAL provider asks for portraits. From the environment (docs/fal.md):
/// `INFLIO_FAL_RESOLUTION` (1K, 2K or 4K), `INFLIO_FAL_REFERENCES_PER_CALL` (how many of a
/// scenario's 2–4 references go with each call, since the model's limit is unconfirmed),
/// `INFLIO_FAL_SAFETY_TOLERANCE` ("1"–"6"), and `INFLIO_PUBLIC_URL`, which turns on webhooks.
public struct FALPortraitSettings: Sendable, Equatable {
    public var resolution: NanoBananaProEditInput.Resolution = .oneK
    public var referencesPerCall = 4
    /// How long FAL keeps what we send and what it makes: a person's reference photos and the
    /// portraits (we copy a portrait at once, and a persona's uploads are reused for an hour). FAL
    /// documents no deletion, so a deleted account's photos stay on FAL's side this long at most.
    public var storageLifetimeSeconds = 86_400
    public var safetyTolerance: String?
    /// Where FAL can reach our webhook route; nil polls only.
    public var webhookURL: String?

    public init() {}

    public static let webhookPath = "/api/webhooks/fal"
    /// The query parameter naming our job in a webhook URL.
    public static let jobTagParameter = "job"
    /// The query parameter naming a design version in a webhook URL.
    public static let designTagParameter = "design_version"

    /// The webhook URL for one submission: `?job=<tag>` (or another `parameter`) lets a webhook
    /// claim a submission whose id we never saved.
    public func webhookURL(tag: String?, parameter: String = jobTagParameter) -> String? {
        guard let webhookURL else { return nil }
        guard let tag,
            let encoded = tag.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-")))
        else { return webhookURL }
        return webhookURL + "?\(parameter)=" + encoded
    }

    /// The submit options for one submission: its webhook URL and how long FAL keeps its files.
    /// A submission whose webhook names it (`tag`, with webhooks on) is not sent again when FAL
    /// does not answer in time: the webhook says whether FAL took it (`UnansweredSubmission`).
    func submitOptions(tag: String?, parameter: String = jobTagParameter) -> FALSubmitOptions {
        let named = tag != nil && webhookURL != nil
        return FALSubmitOptions(
            webhookURL: webhookURL(tag: tag, parameter: parameter), outputExpirationSeconds: storageLifetimeSeconds,
            resendUnanswered: !named)
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> FALPortraitSettings
    {
        func value(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        var settings = FALPortraitSettings()
        if let text = value("INFLIO_FAL_RESOLUTION") {
            guard let resolution = NanoBananaProEditInput.Resolution(rawValue: text.uppercased()) else {
                throw FALConfigurationError.invalidValue(variable: "INFLIO_FAL_RESOLUTION", value: text)
            }
            settings.resolution = resolution
        }
        if let text = value("INFLIO_FAL_REFERENCES_PER_CALL") {
            guard let count = Int(text), (1...14).contains(count) else {
                throw FALConfigurationError.invalidValue(variable: "INFLIO_FAL_REFERENCES_PER_CALL", value: text)
            }
            settings.referencesPerCall = count
        }
        if let text = value("INFLIO_FAL_SAFETY_TOLERANCE") {
            // The model takes "1" (strictest) to "6" as a string; refused here, not by a 422 per portrait.
            guard let level = Int(text), (1...6).contains(level), String(level) == text else {
                throw FALConfigurationError.invalidValue(variable: "INFLIO_FAL_SAFETY_TOLERANCE", value: text)
            }
            settings.safetyTolerance = text
        }
        if let base = value("INFLIO_PUBLIC_URL") {
            var base = base
            while base.hasSuffix("/") { base.removeLast() }
            settings.webhookURL = base + webhookPath
        }
        return settings
    }
}
