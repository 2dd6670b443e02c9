// swift-tools-version: 6.1
import PackageDescription

// Strict, warning-free Swift 6 everywhere.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "winddown",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "winddownd", targets: ["winddownd"]),
        .executable(name: "winddownctl", targets: ["winddownctl"]),
        .executable(name: "winddown-mqtt", targets: ["winddown-mqtt"]),
        .executable(name: "winddown-web", targets: ["winddown-web"]),
        .executable(name: "winddown-mpris", targets: ["winddown-mpris"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Without its Foundation trait: the daemon stays Foundation-free.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Only for winddown-web; without its Foundation and swift-configuration traits.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: C libraries from Debian, one system-library module each.
        .systemLibrary(
            name: "CALSA", path: "Sources/CLibraries/CALSA",
            pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(
            name: "CSndFile", path: "Sources/CLibraries/CSndFile",
            pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CSoxr", path: "Sources/CLibraries/CSoxr",
            pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(
            name: "CSystemd", path: "Sources/CLibraries/CSystemd",
            pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(
            name: "CMosquitto", path: "Sources/CLibraries/CMosquitto",
            pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        // Linux's timerfd, eventfd and inotify (glibc headers, no library of their own).
        .systemLibrary(name: "CLinux", path: "Sources/CLibraries/CLinux"),

        // MARK: Swift wrappers: each owns its C handles and throws typed errors.
        .target(name: "ALSA", dependencies: ["CALSA"], swiftSettings: swiftSettings),
        .target(name: "SndFile", dependencies: ["CSndFile"], swiftSettings: swiftSettings),
        .target(name: "SampleRate", dependencies: ["CSoxr"], swiftSettings: swiftSettings),
        .target(name: "WallClock", dependencies: ["CLinux"], swiftSettings: swiftSettings),
        .target(name: "Mosquitto", dependencies: ["CMosquitto"], swiftSettings: swiftSettings),
        // The daemon's one outgoing TCP connection (to a Snapcast server); it listens nowhere.
        .target(name: "Sockets", swiftSettings: swiftSettings),
        // Plain POSIX threads, each joined or detached (the audio path, the daemon's and the web link's own).
        .target(name: "Threads", swiftSettings: swiftSettings),
        // The one monotonic clock (a protocol, so tests can move it by hand).
        .target(name: "Clocks", swiftSettings: swiftSettings),
        // D-Bus through sd-bus: the desktop's media player (winddown-mpris) and logind's sleep lock.
        .target(name: "DBus", dependencies: ["CSystemd", "WinddownCore"], swiftSettings: swiftSettings),
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", "Clocks", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),

        // MARK: Pure logic: configuration model, durations. No devices, clocks or sockets.
        .target(name: "WinddownCore", swiftSettings: swiftSettings, plugins: ["VersionSource"]),
        // The release number, from the VERSION file (the one place it is written).
        .plugin(name: "VersionSource", capability: .buildTool()),

        // MARK: The audio engine: DSP, sound sources, mixer, outputs, the audio thread.
        .target(
            name: "WinddownAudio",
            dependencies: [
                "ALSA", "SndFile", "SampleRate", "Clocks", "Threads", "WinddownCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            // Optimised in debug builds too: unoptimised, its SIMD filters run some
            // 20 times slower, and every test daemon at --speed would take a core.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),

        // MARK: The daemon: wires configuration to the engine; the commands' bodies.
        .target(
            name: "WinddownDaemon",
            dependencies: [
                "WinddownCore", "WinddownAudio", "ALSA", "SndFile", "Systemd", "DBus", "WallClock", "Clocks", "Threads", "Sockets",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(
            name: "winddownd",
            dependencies: [
                "WinddownDaemon", "WinddownCore", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // MARK: The control-socket client, and the link every client and bridge uses.
        .target(
            name: "ControlLink",
            dependencies: ["WinddownCore", "CLinux", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "winddownctl",
            dependencies: ["WinddownCore", "ControlLink", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),

        // MARK: Bridges: separate programs that speak to the control socket (the daemon has no network code).
        .executableTarget(
            name: "winddown-mqtt",
            dependencies: [
                "WinddownCore", "ControlLink", "Mosquitto", "Systemd", "Clocks", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(
            name: "winddown-mpris",
            dependencies: [
                "WinddownCore", "ControlLink", "DBus", "Systemd", "Clocks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(
            name: "winddown-web",
            dependencies: [
                "WinddownCore", "ControlLink", "Systemd", "Threads", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings),

        // The TOML reader's decoder for the differential test against Python's
        // tomllib (Tests/Differential); not installed.
        .executableTarget(name: "toml-decode", dependencies: ["WinddownCore"], swiftSettings: swiftSettings),

        .testTarget(name: "WinddownCoreTests", dependencies: ["WinddownCore"], swiftSettings: swiftSettings),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd"], swiftSettings: swiftSettings),
        .testTarget(name: "WallClockTests", dependencies: ["WallClock"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ControlLinkTests",
            dependencies: ["ControlLink", "WinddownCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinddownAudioTests",
            dependencies: ["WinddownAudio", "WinddownCore", "ALSA", "SndFile", "Clocks"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinddownDaemonTests",
            dependencies: ["WinddownDaemon", "WinddownCore", "WinddownAudio", "SndFile"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WinddownIntegrationTests",
            dependencies: ["SndFile"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
