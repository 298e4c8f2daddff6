import FluentPostgresDriver
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One connection per process that `LISTEN`s for DatabaseNotification and hands each to
/// `receive`. It reconnects with backoff when PostgreSQL goes away (a restart, a failover), and
/// calls `reconnected` each time it is listening again: notifications sent meanwhile are lost, so
/// whoever depends on them catches up from the database then.
final class NotificationListener: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let receive: @Sendable (DatabaseNotification) -> Void
    private let reconnected: @Sendable () -> Void
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)
    /// Times the listener has connected (tests wait for the first).
    let connections = NIOLockedValueBox(0)

    init(
        url: String, logger: Logger, receive: @escaping @Sendable (DatabaseNotification) -> Void,
        reconnected: @escaping @Sendable () -> Void
    ) throws {
        configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        self.logger = logger
        self.receive = receive
        self.reconnected = reconnected
    }

    func start() {
        let task = Task { [self] in
            var delay = 0.25
            var attempt = 0
            while !Task.isCancelled {
                attempt += 1
                do {
                    let connection = try await PostgresConnection.connect(
                        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                        id: attempt, logger: logger)
                    self.connection.withLockedValue { $0 = connection }
                    do {
                        try await connection.listen(on: DatabaseNotification.channel) { notifications in
                            connections.withLockedValue { $0 += 1 }
                            delay = 0.25
                            reconnected()
                            for try await notification in notifications {
                                if let parsed = DatabaseNotification(payload: notification.payload) { receive(parsed) }
                            }
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("database notifications: \(error); listening again in \(delay) s")
                }
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 5)
            }
        }
        self.task.withLockedValue { $0 = task }
    }

    func stop() async {
        let task = self.task.withLockedValue { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        // Closing ends the notification sequence the task waits on, cancelled or not.
        try? await connection.withLockedValue({ $0 })?.close()
        await task?.value
    }

    /// Waits until the listener is connected (at most `timeout` seconds): tests, and a start-up
    /// that must not miss the first notifications.
    func waitUntilListening(timeout: TimeInterval = 10) async {
        let deadline = Date().addingTimeInterval(timeout)
        while connections.withLockedValue({ $0 }) == 0, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
