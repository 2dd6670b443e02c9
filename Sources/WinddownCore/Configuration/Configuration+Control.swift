extension Configuration {
    /// `[control]`: who may use the control socket.
    public struct Control: Equatable, Sendable {
        /// `control.group`: a group whose members may connect, besides root
        /// and the daemon's own user; nil means no one else.
        public var group: String?
    }
}
