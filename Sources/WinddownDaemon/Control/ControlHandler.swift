public import WinddownCore

/// What answers control requests: the daemon. `reply` must be called
/// exactly once, from any thread, now or later (a `start` that first
/// prepares its prompts answers when the session plays).
public protocol ControlHandler: Sendable {
    func handle(_ request: ControlRequest, peer: ControlAccess.Peer, reply: @escaping @Sendable (ControlResponse) -> Void)
}
