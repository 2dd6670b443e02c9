#if canImport(Glibc)
    import Glibc
#endif

/// Loads zone rules from the system's zoneinfo folder: the one place the
/// schedule touches files.
public enum ZoneInfo {
    /// Where Debian's tzdata puts the zones.
    public static let defaultRoot = "/usr/share/zoneinfo"

    /// The rules of the IANA zone `name` (`Europe/Berlin`), read from `root`.
    /// Refuses names that could point outside the folder.
    public static func rules(named name: String, root: String = defaultRoot) throws(ZoneRulesError) -> ZoneRules {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !name.contains("\0")
        else {
            throw ZoneRulesError("\"\(name)\" is not a time zone name such as \"Europe/Berlin\"", code: .unknownZone)
        }
        let path = FileSystem.join(root, name)
        guard let bytes = try? FileSystem.contents(of: path, limit: FileSystem.Limit.zone) else {
            throw ZoneRulesError("unknown time zone \"\(name)\"", code: .unknownZone)
        }
        do {
            return try ZoneRules(tzif: bytes)
        } catch {
            throw ZoneRulesError("time zone \"\(name)\": \(error.message)")
        }
    }

    /// The rules in the TZif file at `path`.
    public static func rules(atPath path: String) throws(ZoneRulesError) -> ZoneRules {
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path, limit: FileSystem.Limit.zone) } catch {
            throw ZoneRulesError("time zone file \(path) \(error.message)")
        }
        do {
            return try ZoneRules(tzif: bytes)
        } catch {
            throw ZoneRulesError("\(path): \(error.message)")
        }
    }

    /// The system's zone, as the C library would pick it: `TZ` when set
    /// (`:Europe/Berlin`, `Europe/Berlin`, a path to a TZif file, or a POSIX
    /// rule such as `CET-1CEST,M3.5.0,M10.5.0/3`; empty or unusable means
    /// UTC), else `/etc/localtime`, named after its link target below
    /// `zoneinfo/` or by `/etc/timezone`; else UTC.
    public static func systemZone(
        environment: [String: String],
        root: String = defaultRoot,
        localtime: String = "/etc/localtime",
        timezoneFile: String = "/etc/timezone"
    ) -> (name: String, rules: ZoneRules) {
        if let value = environment["TZ"] {
            let spec = value.hasPrefix(":") ? String(value.dropFirst()) : value
            if spec.isEmpty { return ("UTC", .utc) }
            if spec.hasPrefix("/") {
                if let rules = try? rules(atPath: spec) {
                    return (zoneName(fromPath: linkTarget(spec) ?? spec) ?? zoneName(fromPath: spec) ?? spec, rules)
                }
            } else if let rules = try? rules(named: spec, root: root) {
                return (spec, rules)
            } else if let rules = try? ZoneRules(posixRule: spec) {
                return (spec, rules)
            }
            return ("UTC", .utc)
        }
        guard let rules = try? rules(atPath: localtime) else { return ("UTC", .utc) }
        if let target = linkTarget(localtime), let name = zoneName(fromPath: target) { return (name, rules) }
        if let text = try? FileSystem.contents(of: timezoneFile, limit: 4096) {
            let name = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init)
            if let name, !name.isEmpty { return (name, rules) }
        }
        return (localtime, rules)
    }

    /// `Europe/Berlin` from `/usr/share/zoneinfo/Europe/Berlin` (or
    /// `../usr/share/zoneinfo/Europe/Berlin`); nil without `zoneinfo/`.
    static func zoneName(fromPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard let folder = parts.lastIndex(of: "zoneinfo"), folder + 1 < parts.endIndex else { return nil }
        return parts[(folder + 1)...].joined(separator: "/")
    }

    /// Where the symbolic link at `path` points, or nil for anything else.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
