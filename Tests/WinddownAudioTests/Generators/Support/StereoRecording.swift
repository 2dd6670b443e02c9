/// A rendered stretch of a source, de-interleaved.
struct StereoRecording: Sendable {
    let sampleRate: Double
    let left: [Float]
    let right: [Float]

    var channels: [[Float]] { [left, right] }

    /// The frames from `start` seconds, `length` seconds long.
    func excerpt(from start: Double, seconds length: Double) -> StereoRecording {
        let first = Int(start * sampleRate)
        let end = min(left.count, first + Int(length * sampleRate))
        return StereoRecording(
            sampleRate: sampleRate, left: Array(left[first..<end]), right: Array(right[first..<end]))
    }
}
