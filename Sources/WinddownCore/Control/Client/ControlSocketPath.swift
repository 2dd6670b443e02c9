/// Where the control socket is (interface.md, "Programs"): `--socket`,
/// then `WINDDOWN_SOCKET`, then the default for the user.
public enum ControlSocketPath {
    /// The system service's socket.
    public static let system = "/run/winddown/control.sock"

    /// The user service's socket, or nil without `XDG_RUNTIME_DIR`.
    public static func user(environment: [String: String]) -> String? {
        guard let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") else { return nil }
        return (runtime.hasSuffix("/") ? runtime : runtime + "/") + "winddown/control.sock"
    }

    /// The socket a client should use: `flag`, else `WINDDOWN_SOCKET`, else
    /// for root the system socket, for anyone else the user socket when it
    /// exists and the system one otherwise (a desktop user runs the user
    /// service; a headless box the system one).
    public static func forClient(
        flag: String?, environment: [String: String], isRoot: Bool, exists: (String) -> Bool
    ) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let variable = environment["WINDDOWN_SOCKET"], !variable.isEmpty { return variable }
        if isRoot { return system }
        if let user = user(environment: environment), exists(user) { return user }
        return system
    }
}
