/// A last-resort saturator that guarantees no sample goes beyond ±0.9.
///
/// Below the knee it is exactly linear; above, it bends smoothly (matching
/// value and slope at the knee, so it never clicks) towards the ceiling,
/// which it never reaches. At the generators' levels it touches perhaps one
/// peak in a million, so it costs nothing audible.
enum SoftCeiling {
    static let knee: Float = 0.6
    static let ceiling: Float = 0.9

    @inline(__always)
    static func apply(_ sample: Float) -> Float {
        let magnitude = abs(sample)
        guard magnitude > knee else { return sample }
        let room = ceiling - knee
        let excess = magnitude - knee
        // room·e/(e + room): slope 1 at e = 0, tends to `room` as e grows.
        let shaped = knee + room * excess / (excess + room)
        return sample < 0 ? -shaped : shaped
    }
}
