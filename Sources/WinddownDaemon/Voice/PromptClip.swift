/// A spoken prompt ready to play: an audio file and its length.
public struct PromptClip: Sendable, Equatable {
    public var path: String
    public var seconds: Double
    /// Where it came from, for the log: "shipped", "cache" or "rendered".
    public var origin: String

    public init(path: String, seconds: Double, origin: String) {
        self.path = path
        self.seconds = seconds
        self.origin = origin
    }
}
