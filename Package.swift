// swift-tools-version:6.0
import PackageDescription

let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "InpaintingSuite",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "compare", targets: ["Compare"]),
        .library(name: "ImageCore", targets: ["ImageCore"]),
        .library(name: "PatchInpaint", targets: ["PatchInpaint"]),
        .library(name: "TeleaInpaint", targets: ["TeleaInpaint"]),
        .library(name: "NeuralEngine", targets: ["NeuralEngine"]),
        .library(name: "DeepInpaint", targets: ["DeepInpaint"]),
        .library(name: "Metrics", targets: ["Metrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
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

        .target(name: "ImageCore", dependencies: ["CFFTW", "CPNGShim", "CTurboJPEG"], swiftSettings: optimise),
        .target(name: "PatchInpaint", dependencies: ["ImageCore"], swiftSettings: optimise),
        .target(name: "TeleaInpaint", dependencies: ["ImageCore"], swiftSettings: optimise),
        .target(name: "NeuralEngine", dependencies: ["CBLAS", "CDNNL", "ZIPFoundation"], swiftSettings: optimise),
        .target(name: "DeepInpaint", dependencies: ["NeuralEngine", "ImageCore"], swiftSettings: optimise),
        .target(name: "Metrics", dependencies: ["NeuralEngine", "ImageCore"], swiftSettings: optimise),
        .target(name: "ComparisonKit", dependencies: ["ImageCore", "NeuralEngine", "Metrics"], swiftSettings: optimise),
        .executableTarget(
            name: "Compare",
            dependencies: [
                "ImageCore", "PatchInpaint", "TeleaInpaint", "NeuralEngine", "DeepInpaint", "Metrics", "ComparisonKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimise),

        .testTarget(name: "ImageCoreTests", dependencies: ["ImageCore"]),
        .testTarget(name: "PatchInpaintTests", dependencies: ["PatchInpaint", "ImageCore"]),
        .testTarget(name: "TeleaInpaintTests", dependencies: ["TeleaInpaint", "ImageCore"]),
        .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine"]),
        .testTarget(name: "DeepInpaintTests", dependencies: ["DeepInpaint", "NeuralEngine", "ImageCore"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "NeuralEngine", "ImageCore"]),
        .testTarget(name: "CompareTests", dependencies: ["Compare", "ImageCore"]),
        .testTarget(name: "ComparisonKitTests", dependencies: ["ComparisonKit", "ImageCore"]),
    ],
    swiftLanguageModes: [.v5]
)
