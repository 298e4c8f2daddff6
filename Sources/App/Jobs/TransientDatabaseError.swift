import AsyncKit
import FluentPostgresDriver
import NIOCore

/// Whether an error says the database was out of reach (restarting, failing over, the network
/// between) rather than anything about the job: such a job is not failed, its lease is left to
/// run out, and it is claimed again (resuming its provider request) once the database is back.
enum TransientDatabaseError {
    static func matches(_ error: any Error) -> Bool {
        if error is ConnectionPoolTimeoutError || error is ChannelError { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // Class 08 is connection exceptions; 57P01–57P03 an administrator's shutdown or a
            // server that cannot take connections yet (starting, in recovery).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }
}
