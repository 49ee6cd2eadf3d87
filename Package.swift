// swift-tools-version:6.0
import PackageDescription

// Release builds use SwiftPM's defaults (-O, whole-module): bounds, overflow checks and preconditions stay on,
// so a malformed input traps instead of reading out of bounds (docs/robustness.md). No unsafe flags, so the
// library products can be used as dependencies of other packages.
let package = Package(
    name: "InpaintingSuite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "compare", targets: ["Compare"]),
        .library(name: "Parallelism", targets: ["Parallelism"]),
        .library(name: "ImageCore", targets: ["ImageCore"]),
        .library(name: "PatchInpaint", targets: ["PatchInpaint"]),
        .library(name: "TeleaInpaint", targets: ["TeleaInpaint"]),
        .library(name: "NeuralEngine", targets: ["NeuralEngine"]),
        .library(name: "DeepInpaint", targets: ["DeepInpaint"]),
        .library(name: "Metrics", targets: ["Metrics"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19")
    ],
    targets: [
        // C libraries, each through a thin system-library target with a module map.
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // oneDNN (Debian ships no pkg-config file for it): the bf16 convolutions of NeuralEngine.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // libpng reports errors by longjmp, which Swift cannot survive: this C shim catches them with setjmp.
        .target(name: "CPNGShim", dependencies: ["CPNG"]),

        .target(name: "Parallelism", exclude: ["README.md"]),
        .target(name: "ImageCore", dependencies: ["Parallelism", "CFFTW", "CPNGShim", "CTurboJPEG"], exclude: ["README.md"]),
        .target(name: "PatchInpaint", dependencies: ["ImageCore"], exclude: ["README.md"]),
        .target(name: "TeleaInpaint", dependencies: ["ImageCore"], exclude: ["README.md"]),
        // ImageCore for the suite's one parallel loop and core count (Parallel.swift) and its locks.
        .target(name: "NeuralEngine", dependencies: ["Parallelism", "CBLAS", "CDNNL", "ZIPFoundation"], exclude: ["README.md"]),
        .target(name: "DeepInpaint", dependencies: ["NeuralEngine", "ImageCore"], exclude: ["README.md"]),
        .target(name: "Metrics", dependencies: ["NeuralEngine", "ImageCore"], exclude: ["README.md"]),
        .target(name: "ComparisonKit", dependencies: ["ImageCore", "NeuralEngine", "Metrics"], exclude: ["README.md"]),
        .executableTarget(
            name: "Compare",
            dependencies: [
                "ImageCore", "PatchInpaint", "TeleaInpaint", "NeuralEngine", "DeepInpaint", "Metrics", "ComparisonKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            exclude: ["README.md"]),

        // Locates ../shared (development data) for the tests, relative to its own source file.
        .target(name: "SharedFixtures", path: "Tests/SharedFixtures"),
        .testTarget(name: "ImageCoreTests", dependencies: ["ImageCore", "NeuralEngine", "SharedFixtures"]),
        .testTarget(name: "PatchInpaintTests", dependencies: ["PatchInpaint", "ImageCore", "SharedFixtures"]),
        .testTarget(name: "TeleaInpaintTests", dependencies: ["TeleaInpaint", "ImageCore"]),
        .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine", "SharedFixtures"]),
        .testTarget(name: "DeepInpaintTests", dependencies: ["DeepInpaint", "NeuralEngine", "ImageCore", "SharedFixtures"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "NeuralEngine", "ImageCore", "SharedFixtures"]),
        .testTarget(name: "CompareTests", dependencies: ["Compare", "ImageCore", "SharedFixtures"]),
        .testTarget(name: "ComparisonKitTests", dependencies: ["ComparisonKit", "ImageCore"]),
        // Seeded mutation fuzzers of every reader, with their committed seed corpus (docs/robustness.md).
        .testTarget(
            name: "FuzzTests",
            dependencies: ["NeuralEngine", "ImageCore", "Metrics", "DeepInpaint", "ComparisonKit", "PatchInpaint"],
            exclude: ["Corpus"])
    ],
    swiftLanguageModes: [.v5]
)
