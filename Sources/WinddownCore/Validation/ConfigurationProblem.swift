/// One thing wrong with a configuration, located as precisely as possible.
public struct ConfigurationProblem: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The configuration file, as the user named it.
    public var file: String
    /// The dotted key, such as `audio.volume`; nil for problems with the
    /// file as a whole (unreadable, not TOML).
    public var key: String?
    /// 1-based line in the file, when it could be found.
    public var line: Int?
    /// What is wrong, written for the person editing the file.
    public var message: String

    public init(file: String, key: String?, line: Int?, message: String) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
    }

    /// A key of a kilobyte is a mistake, not a name: its start says enough.
    static func shortened(_ key: String) -> String {
        key.utf8.count <= 80 ? key : "\(key.prefix(60))… (\(key.utf8.count) bytes)"
    }

    /// `FILE:LINE: KEY: message`, leaving out the line or the key when
    /// unknown: the shape compilers use, so editors can jump to it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(Self.shortened(key)): " }
        return text + message
    }
}
