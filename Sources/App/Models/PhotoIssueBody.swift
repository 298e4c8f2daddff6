struct PhotoIssueBody: Codable, Sendable, Equatable {
    var code: String
    var message: String
}
