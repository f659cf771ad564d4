// swift-tools-version: 6.0
import PackageDescription

/// Settings shared by every target of ours: Swift 6 checks plus the upcoming features STYLE.md asks for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "daigang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "daigang", targets: ["daigang"]),
        .executable(name: "daigang-bench", targets: ["daigang-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibWebSockets",
            pkgConfig: "libwebsockets",
            providers: [.apt(["libwebsockets-dev", "libssl-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev", "fonts-wqy-microhei"])]
        ),
        .systemLibrary(
            name: "CGzipZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "DaigangCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "GitCommitPlugin",
            capability: .buildTool()
        ),
        .target(
            name: "DaigangBuildInfo",
            swiftSettings: strictSettings,
            plugins: ["GitCommitPlugin"]
        ),
        .target(
            name: "DaigangStore",
            dependencies: ["DaigangCore", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaigangSheets",
            dependencies: [
                "DaigangCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaigangServer",
            dependencies: [
                "CCairo",
                "CLibWebSockets",
                "CQREncode",
                "DaigangBuildInfo",
                "CGzipZlib",
                "DaigangCore",
                "DaigangSheets",
                "DaigangStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daigang",
            dependencies: [
                "DaigangBuildInfo",
                "DaigangCore",
                "DaigangServer",
                "DaigangSheets",
                "DaigangStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daigang-bench",
            dependencies: [
                "DaigangCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaigangCoreTests",
            dependencies: ["DaigangCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaigangStoreTests",
            dependencies: ["DaigangStore", "DaigangCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaigangSheetsTests",
            dependencies: [
                "DaigangSheets",
                "DaigangCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaigangServerTests",
            dependencies: ["DaigangServer", "DaigangCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
    ]
)
