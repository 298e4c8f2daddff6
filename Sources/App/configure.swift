import Faces
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import PersonaKit
import Vapor

/// Sets up an application: database, migrations, services, middleware and routes.
/// `provider` replaces the configured one (tests inject faulty providers through it).
/// How long a request waits for a database connection. Fluent's 10 s default turned bursts (50
/// personas created at once, 250 FAL portraits in flight, `inflio bench fal`) into 500s on a busy
/// machine; waiting longer only delays those answers.
let databasePoolTimeout: TimeAmount = .seconds(60)

public func configure(
    _ app: Application, config: ServiceConfig, models: FaceModels, provider: (any PortraitProvider)? = nil
) async throws {
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    // A blocking-work pool of the application's own, before the databases take it: Vapor's default
    // is the process-wide one (a thread per core), where SQLite runs every query. SQLiteNIO's busy
    // handler spins until the lock is free, so a query waiting for another connection's
    // transaction holds a thread; with the pool shared by several applications in one process (the
    // tests), two spinners took both threads while the transactions they waited for needed one to
    // go on, and every SQLite database in the process stopped. Here, with two connections (one
    // per event loop), at most one spins and three threads are left.
    app.threadPool = NIOThreadPool(numberOfThreads: 4)
    if config.usesPostgres, let url = config.databaseURL {
        try app.databases.use(
            .postgres(url: url, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: databasePoolTimeout), as: .psql)
    } else {
        app.databases.use(.sqlite(.file(config.sqlitePath), connectionPoolTimeout: databasePoolTimeout), as: .sqlite)
    }
    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 10))
    app.inflio = try InflioServices(app: app, config: config, models: models, provider: provider)
    app.http.server.configuration.idleTimeout = .milliseconds(Int64(config.idleTimeout * 1000))
    // The page's own files go gzipped to a browser that asks (the launchpad's first visit was
    // 174 KB as stored); what may be, and when not, `StaticCompression` says. (Overrides only let
    // it refuse a HEAD or a Range answer: nothing asks for more.)
    app.http.server.configuration.responseCompression = .disabled(
        allowedTypes: StaticCompression.types, allowRequestOverrides: true)

    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    // Uploads go through our own parser (Uploads/MultipartBodyParser.swift); Vapor's form-data
    // decoder runs MultipartKit's, which one malformed body crashes, so no route may reach it.
    ContentConfiguration.global.use(decoder: FormDataRefused(), for: .formData)

    app.middleware = .init()
    app.middleware.use(MetricsMiddleware(metrics: app.inflio.metrics))
    app.middleware.use(SecurityHeaders(https: config.servesHTTPS))
    app.middleware.use(ServiceErrorMiddleware())
    app.middleware.use(DeclaredBodyLimit())
    app.middleware.use(StaticCompression())
    app.middleware.use(FileMiddleware(publicDirectory: WebAssets.directory, defaultFile: "index.html"))
    app.middleware.use(CrossSiteGuard(publicOrigin: config.publicOrigin))
    app.middleware.use(TokenAuthenticator())
    app.routes.defaultMaxBodySize = "64kb"
    AuthController.register(app)
    PasswordController.register(app)
    AccountController.register(app)
    PersonaController.register(app)
    DraftController.register(app)
    CaptureController.register(app)
    UsageController.register(app)
    MediaController.register(app)
    FALWebhookController.register(app)
    OnboardingController.register(app)
    BrandController.register(app)
    BrandController.registerExtraction(app)
    BrandController.registerYAML(app)
    DesignController.register(app)
    MetricsController.register(app)
    app.get("health") { _ in ["status": "ok"] }
    // The API's contract (Public/openapi.json, written by scripts/openapi.py), for client generators
    // and fuzzers; the web page's folder serves it at /openapi.json too.
    app.get("api", "openapi.json") { req async throws -> Response in
        let response = try await req.fileio.asyncStreamFile(at: WebAssets.directory + "openapi.json")
        response.headers.contentType = .json
        return response
    }
}

/// Runs migrations, listens for other processes' notifications (PostgreSQL) and starts claiming
/// jobs, unfinished ones included (what `serve` and `worker` do before anything else).
public func start(_ app: Application) async throws {
    if !app.inflio.config.usesPostgres {
        // Write-ahead logging: readers no longer hold up a writer's commit, nor a writer readers,
        // so the one-writer-at-a-time waits (SQLiteNIO's busy handler spins through them) stay
        // short under load. Kept in the file: set once, it holds for every later connection.
        try await (app.db as? any SQLDatabase)?.raw("PRAGMA journal_mode=WAL").run()
    }
    try await app.autoMigrate()
    if let notifications = app.inflio.notifications {
        notifications.start()
        await notifications.waitUntilListening()
    }
    try await app.inflio.generator.startWorker()
    try await app.inflio.designs.start()
}

/// The web UI's files (plain HTML, CSS, JavaScript), found beside the checkout or via
/// INFLIO_PUBLIC_DIR.
enum WebAssets {
    static var directory: String {
        if let configured = ProcessInfo.processInfo.environment["INFLIO_PUBLIC_DIR"] {
            return configured.hasSuffix("/") ? configured : configured + "/"
        }
        let here = URL(fileURLWithPath: #filePath)  // Sources/App/configure.swift
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Public").path + "/"
    }
}
