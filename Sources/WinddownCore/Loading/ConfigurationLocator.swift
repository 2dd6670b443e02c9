#if canImport(Glibc)
    import Glibc
#endif

/// Finds and loads the configuration the way interface.md says: an explicit
/// path (flag or WINDDOWN_CONFIG) must exist; otherwise the default path
/// for this kind of daemon (system or user) is read when present, and the
/// built-in defaults apply when it is not.
public struct ConfigurationLocator: Sendable {
    public let explicitPath: String?

    public init(flag: String?, environment: [String: String] = ProcessEnvironment.current) {
        explicitPath = flag ?? environment["WINDDOWN_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The system-wide path for root, the per-user one otherwise.
    public static func defaultPath(environment: [String: String] = ProcessEnvironment.current) -> String {
        if getuid() == 0 { return "/etc/winddown/winddown.toml" }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/winddown/winddown.toml" }
        return (environment["HOME"] ?? "/") + "/.config/winddown/winddown.toml"
    }

    /// The path that will be read, if any file is.
    public var path: String { explicitPath ?? Self.defaultPath() }

    /// Loads the configuration; `nil` path in the result means built-in defaults.
    public func load() throws(ConfigurationError) -> (configuration: Configuration, path: String?) {
        if let explicitPath { return (try Configuration.load(path: explicitPath), explicitPath) }
        let path = Self.defaultPath()
        guard access(path, F_OK) == 0 else { return (.defaults, nil) }
        return (try Configuration.load(path: path), path)
    }
}

/// The process environment as a dictionary, without Foundation.
public enum ProcessEnvironment {
    public static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
