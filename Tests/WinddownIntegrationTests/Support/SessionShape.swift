import Foundation
import Testing

/// What every session's sound must look like, wherever it was recorded
/// (render's WAV or a captured device): a rise from silence, a steady
/// middle, a tail that only falls and ends in silence, and never a sample
/// above the ceiling.
struct SessionShape {
    /// End of the rise (the envelope's fade-in), seconds.
    var riseEnd: Double
    /// Start of the tail (end of the guided part), seconds.
    var tailStart: Double
    /// End of the session, seconds.
    var end: Double
    /// `audio.max_volume` as a fraction of full scale.
    var ceiling: Double
    /// One step of the recording's integer format (1 LSB), allowed above the ceiling.
    var lsb: Double
    /// Window lengths: the rise is judged on short ones, the rest on longer ones.
    var riseWindow = 0.5
    var steadyWindow = 1.0
    var tailWindow = 1.0

    // Tolerances. Noise measured over short windows wobbles by a dB or so;
    // the envelope moves 5 to 25 dB per window, so a real fault stands out.
    static let wobbleDecibels = 1.5
    static let steadyDecibels = 3.0
    static let silentPeak = 1e-3

    /// Checks `clip` against the shape; returns the steady level (RMS) for further comparisons.
    @discardableResult
    func check(_ clip: AudioClip, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        let tolerance = pow(10, -Self.wobbleDecibels / 20)

        // Steady middle (the envelope holds at 0 dB from the end of the rise to
        // the tail): every window within ±3 dB of the median, and clearly audible.
        let steady = clip.windows(of: min(steadyWindow, tailStart - riseEnd), from: riseEnd, to: tailStart)
        let levels = steady.map(\.rms).sorted()
        let median = levels.isEmpty ? 0 : levels[levels.count / 2]
        #expect(median > 3e-3, "\(label): the steady part is (nearly) silent: median RMS \(median)", sourceLocation: sourceLocation)
        let unsteady = steady.filter { abs(decibels($0.rms) - decibels(median)) > Self.steadyDecibels }
        #expect(
            unsteady.isEmpty,
            "\(label): steady part \(format(riseEnd))–\(format(tailStart)) s strays more than \(Self.steadyDecibels) dB from its median \(format(decibels(median), 1)) dBFS: \(unsteady)",
            sourceLocation: sourceLocation)

        // Rise: starts from silence and never falls back (beyond noise wobble).
        let rise = clip.windows(of: riseWindow, from: 0, to: riseEnd)
        let falls = zip(rise, rise.dropFirst()).filter { $1.rms < $0.rms * tolerance - 1e-6 }
        #expect(falls.isEmpty, "\(label): the rise falls back: \(falls.map { "\($0)→\($1)" }); all: \(rise)", sourceLocation: sourceLocation)
        if let first = rise.first {
            #expect(
                first.rms < median * 0.03,
                "\(label): does not start from silence: first \(riseWindow) s at \(format(decibels(first.rms), 1)) dBFS vs steady \(format(decibels(median), 1)) dBFS",
                sourceLocation: sourceLocation)
        }

        // Tail: only ever falls, and ends in silence.
        let tail = clip.windows(of: tailWindow, from: tailStart, to: end)
        let rises = zip(tail, tail.dropFirst()).filter { $1.rms > $0.rms / tolerance + 1e-6 }
        #expect(rises.isEmpty, "\(label): the tail rises: \(rises.map { "\($0)→\($1)" }); all: \(tail)", sourceLocation: sourceLocation)
        let lastSecond = clip.peak(end - 1, end)
        #expect(lastSecond < Self.silentPeak, "\(label): last second peaks at \(lastSecond), not silent", sourceLocation: sourceLocation)

        // Ceiling: nowhere above max_volume (plus one step of the format).
        let peak = clip.peak()
        #expect(
            peak <= ceiling + lsb,
            "\(label): peak \(peak) above the ceiling \(ceiling) (+1 LSB = \(lsb))", sourceLocation: sourceLocation)
        return median
    }
}
