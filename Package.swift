// swift-tools-version:6.0
import PackageDescription

// Optimise the native shims even in debug builds: dlib's networks are header templates compiled
// into our shim, and at -O0 one face embedding takes seconds instead of milliseconds.
let nativeOptimisation: [CXXSetting] = [.unsafeFlags(["-O3", "-fno-math-errno"])]

let package = Package(
    name: "inflio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "inflio", targets: ["inflio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "Imaging", dependencies: ["CVipsShim"]),
        .target(name: "Faces", dependencies: ["CDlibShim", "Imaging"]),
        .target(name: "PersonaKit", dependencies: ["Imaging", "Faces"]),
        // Portrait providers: the offline local studio renderer (FAL joins later).
        .target(name: "Providers", dependencies: ["PersonaKit", "Imaging", "Faces"]),
        .target(name: "InflioCLI", dependencies: [
            "PersonaKit", "Imaging", "Faces",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "inflio", dependencies: ["InflioCLI"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "PersonaKitTests", dependencies: ["PersonaKit", "Imaging", "Faces"]),
        .testTarget(name: "InflioCLITests", dependencies: ["InflioCLI"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "PersonaKit", "Imaging", "Faces"]),
    ],
    cxxLanguageStandard: .cxx17
)
