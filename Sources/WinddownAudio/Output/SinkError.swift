/// Why a sink stopped taking audio.
public struct SinkError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The device went away (unplugged, sound server restarted); reopening may work later.
        case deviceLost
        /// Writing a file failed.
        case writeFailed
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
