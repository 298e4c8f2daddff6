// swift-tools-version:6.0
import PackageDescription

// Optimise the native shims even in debug builds: dlib's networks are header templates compiled
// into our shim, and at -O0 one face embedding takes seconds instead of milliseconds.
let nativeOptimisation: [CXXSetting] = [.unsafeFlags(["-O3", "-fno-math-errno"])]

// The same for our own pixel and analysis code: at -Onone its generic loops run through the runtime
// (a persona took 5.0 s of CPU in a debug build against 2.9 s in release), and every test pays.
let pixelOptimisation: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "inflio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "inflio", targets: ["inflio"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/vapor/vapor", from: "4.110.0"),
        .package(url: "https://github.com/vapor/fluent", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        // Vapor accepts 1.0–6.0 and resolves to 4.x here; pinning 3.x would break App, whose
        // signing key relies on 4.x's Sendable SymmetricKey. Ed25519 and SHA-256 are the same in both.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // `/metrics` in Prometheus's text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // Only for APIClientTests: a client generated from Public/openapi.json, used against the service.
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
    ],
    targets: [
        // libvips, found through pkg-config.
        .systemLibrary(name: "CVips", path: "Sources/CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        // Fixed-arity C wrappers over libvips' variadic calls; no decisions.
        .target(name: "CVipsShim", dependencies: ["CVips"], cSettings: [.unsafeFlags(["-O2"])]),
        // extern "C" wrappers over dlib's C++ detector, landmark predictor and ResNet; no decisions.
        .target(
            name: "CDlibShim",
            cxxSettings: nativeOptimisation,
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack")]
        ),
        // ONNX Runtime's C API, opened with dlopen from the models folder (no headers ship with it).
        .target(name: "CONNXRuntime", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("dl")]),
        // LiteRT's C API, opened with dlopen from the models folder (the wheel ships no headers).
        .target(name: "CLiteRt", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "Imaging", dependencies: ["CVipsShim"], swiftSettings: pixelOptimisation),
        // Multipart bodies streamed to disk under limits, with MultipartKit's parser fixed (see
        // MultipartBodyParser.swift); no Vapor, so the fuzzer can drive it.
        .target(name: "Uploads", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .target(
            name: "Faces", dependencies: ["CDlibShim", "CONNXRuntime", "CLiteRt", "Imaging"],
            swiftSettings: pixelOptimisation),
        .target(name: "PersonaKit", dependencies: ["Imaging", "Faces"], swiftSettings: pixelOptimisation),
        // Portrait providers: the offline local studio renderer, and FAL's, with the adapters from
        // FAL's types to PersonaKit's (errors, charges).
        .target(
            name: "Providers", dependencies: ["PersonaKit", "Imaging", "Faces", "FAL", "CMallocTuning"],
            swiftSettings: pixelOptimisation),
        // The FAL.AI client: queue, storage, streaming, webhook verification, typed model inputs. A
        // leaf like Imaging: it knows nothing of personas.
        .target(
            name: "FAL",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // A small S3 client (SigV4, objects, multipart, listing, batch delete, presigned GETs) for the
        // blob store: no Swift S3 SDK is on the mirror, so this one is ours (an exception on record).
        .target(
            name: "S3",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // A local server that speaks FAL's protocol, rendering with the local studio renderer.
        .target(
            name: "FakeFAL",
            dependencies: [
                "Providers", "PersonaKit", "Faces", "Imaging",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        // The service: HTTP API, SSE, auth, Fluent models and migrations, jobs, blob storage.
        .target(
            name: "App",
            dependencies: [
                "PersonaKit", "Providers", "Imaging", "Faces", "Uploads", "S3",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "FAL",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        .target(
            name: "InflioCLI",
            dependencies: [
                "App", "PersonaKit", "Imaging", "Faces", "Providers", "FakeFAL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // mallopt and malloc_trim, which Swift's Glibc module does not export: arenas, the mmap
        // threshold, and the studio's scopes that reuse large blocks.
        .target(name: "CMallocTuning"),
        .executableTarget(name: "inflio", dependencies: ["InflioCLI", "PersonaKit", "CMallocTuning"]),
        // libFuzzer targets over the decoders of untrusted bytes (`make fuzz`, scripts/fuzz.sh);
        // built normally it replays inputs and writes the seed corpora.
        .executableTarget(
            name: "InflioFuzz",
            dependencies: ["Imaging", "Uploads", .product(name: "NIOCore", package: "swift-nio")]),
        // What every test target shares: the real face photos' locator and typed JSON decoding.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(
            name: "S3Tests",
            dependencies: [
                "S3",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Vectors")]),
        .testTarget(name: "UploadsTests", dependencies: ["Uploads", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "PersonaKitTests", dependencies: ["PersonaKit", "Imaging", "Faces", "TestSupport"]),
        .testTarget(name: "InflioCLITests", dependencies: ["InflioCLI", "Imaging", "TestSupport"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "PersonaKit", "Imaging", "Faces", "FAL", "FakeFAL", "Providers", "TestSupport", "S3",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "XCTVapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
            ]),
        .testTarget(
            name: "FALTests",
            dependencies: [
                "FAL", "FakeFAL", "Providers", "PersonaKit", "Imaging", "Faces", "TestSupport",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["Providers", "PersonaKit", "Imaging", "Faces", "TestSupport", "CMallocTuning"]),
        // Issue 12: swift-openapi-generator's client for Tests/APIClientTests/openapi.json (a link to
        // Public/openapi.json), made at build time, against a live service.
        .testTarget(
            name: "APIClientTests",
            dependencies: [
                "App", "Imaging", "Faces", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),
    ],
    cxxLanguageStandard: .cxx17
)
