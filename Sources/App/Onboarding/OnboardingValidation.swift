/// What the wizard's answers must be: plain text within a length, without control characters.
/// A refusal is `400 invalid_answer` naming the field.
enum OnboardingValidation {
    static func invalid(_ field: String, _ message: String) -> ServiceError {
        ServiceError(.badRequest, "invalid_answer", message, details: .object(["field": .string(field)]))
    }

    static func text(_ value: String, field: String, maxLength: Int) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw invalid(field, "This can't be empty.") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw invalid(field, "This contains characters that can't be stored.")
        }
        guard trimmed.count <= maxLength else { throw invalid(field, "Keep this under \(maxLength) characters.") }
        return trimmed
    }
}
