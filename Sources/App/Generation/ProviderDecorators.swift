import Foundation
import PersonaKit

/// Waits before a provider's result, as a remote model would: lets demos and tests watch
/// progress, and a test kill the server mid-generation.
struct DelayedProvider: PortraitProvider {
    let base: any PortraitProvider
    let latency: Double

    var name: String { base.name }
    func charge(for request: PortraitRequest) -> ProviderCharge { base.charge(for: request) }
    func submit(_ request: PortraitRequest) async throws -> String { try await base.submit(request) }
    func submit(_ request: PortraitRequest, tag: String, committing: @Sendable () async throws -> Void) async throws
        -> String
    {
        try await base.submit(request, tag: tag, committing: committing)
    }
    var reportsLostSubmissions: Bool { base.reportsLostSubmissions }
    func cancel(requestId: String) async throws { try await base.cancel(requestId: requestId) }

    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    {
        if latency > 0 { try await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000)) }
        return try await base.result(requestId: requestId, request: request, partial: partial)
    }
}

/// Appends a line per submission to a file, when configured, so tests can count what was
/// submitted across restarts of the server.
struct CountingProvider: PortraitProvider {
    let base: any PortraitProvider
    let logFile: String?

    var name: String { base.name }
    func charge(for request: PortraitRequest) -> ProviderCharge { base.charge(for: request) }
    func cancel(requestId: String) async throws { try await base.cancel(requestId: requestId) }
    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    {
        try await base.result(requestId: requestId, request: request, partial: partial)
    }

    var reportsLostSubmissions: Bool { base.reportsLostSubmissions }

    func submit(_ request: PortraitRequest) async throws -> String {
        logged(request, id: try await base.submit(request))
    }

    func submit(_ request: PortraitRequest, tag: String, committing: @Sendable () async throws -> Void) async throws
        -> String
    {
        logged(request, id: try await base.submit(request, tag: tag, committing: committing))
    }

    private func logged(_ request: PortraitRequest, id: String) -> String {
        if let logFile {
            // O_APPEND makes each short line one atomic write, even from concurrent submissions.
            let descriptor = open(logFile, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            guard descriptor >= 0 else { return id }
            defer { close(descriptor) }
            let line = Array("\(request.scenario.id) \(request.seed) \(id)\n".utf8)
            _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
        return id
    }
}
