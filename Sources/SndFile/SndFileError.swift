import CSndFile

/// A libsndfile failure on a named file, carrying libsndfile's own explanation.
public struct SndFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let operation: String
    public let message: String

    public init(path: String, operation: String, message: String) {
        self.path = path
        self.operation = operation
        self.message = message
    }

    /// The error libsndfile recorded for `handle` (or for the last failed open, when nil).
    init(path: String, operation: String, handle: OpaquePointer?) {
        self.init(path: path, operation: operation, message: String(cString: sf_strerror(handle)))
    }

    public var description: String { "\(path): cannot \(operation): \(message)" }
}
