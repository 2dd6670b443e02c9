import WinddownCore
/// A level in dB that moves toward its target at a bounded speed, so a
/// volume change or a duck is a glide rather than a step (no zipper noise).
public struct SmoothedLevel: Sendable, Equatable {
    public private(set) var current: Double
    public var target: Double
    /// The fastest the level may move down and up, in dB per frame.
    public var fallPerFrame: Double
    public var risePerFrame: Double

    public init(_ decibels: Double, fallPerFrame: Double, risePerFrame: Double) {
        current = decibels
        target = decibels
        self.fallPerFrame = fallPerFrame
        self.risePerFrame = risePerFrame
    }

    /// Moves `frames` frames forward.
    public mutating func advance(by frames: Int) {
        // Work from the silence floor so a glide out of silence starts promptly.
        let from = max(current, Decibels.silenceFloor)
        if target < from {
            current = max(target, from - fallPerFrame * Double(frames))
            // Once under the floor a glide toward silence has arrived there.
            if current <= Decibels.silenceFloor && target <= Decibels.silenceFloor { current = target }
        } else if target > from {
            current = min(target, from + risePerFrame * Double(frames))
        }
    }

    public var isSettled: Bool { current == target }
}
