#if canImport(Glibc)
    import Glibc
#endif
import Logging
import SndFile

/// Turns a playlist into one continuous stream at the device rate: each
/// file levelled to the target loudness, files (or the loops of a single
/// file) joined by an equal-power crossfade so there is no seam, and a
/// folder played in shuffled order. Runs on the decoder thread.
final class PlaylistDecoder {
    struct Options {
        var sampleRate: Int
        var loop: Bool
        var shuffle: Bool
        var seed: UInt64
        /// Crossfade between files and at a loop point; shortened for short files.
        var crossfadeSeconds: Double
        /// Loudness (LUFS) each file is brought to; nil plays files as they are.
        var targetLoudness: Double?
    }

    private let playlist: Playlist
    private let options: Options
    private let logger: Logger
    private var random: RandomGenerator
    private var order: [String] = []
    private var orderIndex = 0
    private var current: DecodedStream?
    private var incoming: DecodedStream?
    private var fadePosition = 0
    private var fadeLength = 0
    private var loudnessCache: [String: Double?] = [:]
    /// Files that failed to open: reported once, then passed over.
    private var unplayable: Set<String> = []
    private var nextUnavailable = false
    private(set) var finished = false

    init(playlist: Playlist, options: Options, logger: Logger) {
        self.playlist = playlist
        self.options = options
        self.logger = logger
        random = RandomGenerator(seed: options.seed)
    }

    /// Fills `output` with `frames` frames; returns fewer only when the playlist has ended.
    func produce(into output: UnsafeMutablePointer<Float>, frames: Int) -> Int {
        var done = 0
        while done < frames {
            if current == nil { current = openNext() }
            guard let stream = current else {
                finished = true
                return done
            }
            let out = output + 2 * done
            let want = frames - done
            if let next = incoming {
                // Crossfading: the old stream falls, the new one rises, at equal power.
                let n = min(want, fadeLength - fadePosition)
                for i in 0..<(2 * n) { out[i] = 0 }
                let start = fadePosition
                let length = Float(fadeLength)
                _ = stream.take(into: out, frames: n, mix: true) { i in
                    Self.equalPower(1 - Float(start + i) / length)
                }
                _ = next.take(into: out, frames: n, mix: true) { i in
                    Self.equalPower(Float(start + i) / length)
                }
                fadePosition += n
                done += n
                if fadePosition >= fadeLength {
                    current = next
                    incoming = nil
                }
                continue
            }
            let crossfade = crossfadeFrames(for: stream)
            stream.fill(toAtLeast: crossfade + want)
            if stream.isFullyDecoded, stream.bufferedFrames <= crossfade + want, !nextUnavailable,
                options.loop || hasMoreInOrder
            {
                // Play up to the point where the crossfade must begin, then start it.
                let before = max(0, stream.bufferedFrames - crossfade)
                let n = stream.take(into: out, frames: min(want, before), mix: false)
                done += n
                if n == min(want, before), stream.bufferedFrames <= crossfade {
                    beginCrossfade(from: stream)
                }
                continue
            }
            let n = stream.take(into: out, frames: want, mix: false)
            done += n
            if stream.ended {
                if let failure = stream.failure { logger.error("\(stream.path): decoding stopped: \(failure)") }
                current = nil
                if !options.loop && !hasMoreInOrder {
                    finished = true
                    return done
                }
            }
        }
        return done
    }

    private var hasMoreInOrder: Bool { orderIndex < order.count }

    private func beginCrossfade(from stream: DecodedStream) {
        guard let next = openNext() else {
            // Nothing left to fade into: let this file play out to its end.
            nextUnavailable = true
            return
        }
        fadeLength = max(1, stream.bufferedFrames)
        fadePosition = 0
        incoming = next
    }

    private func crossfadeFrames(for stream: DecodedStream) -> Int {
        let wanted = Int(options.crossfadeSeconds * Double(options.sampleRate))
        return max(0, min(wanted, stream.estimatedFrames / 3))
    }

    /// Opens the next playable file in order, skipping broken ones (each is logged once).
    private func openNext() -> DecodedStream? {
        while unplayable.count < playlist.paths.count {
            if orderIndex >= order.count {
                guard options.loop || order.isEmpty else { return nil }
                refillOrder()
            }
            let path = order[orderIndex]
            orderIndex += 1
            if unplayable.contains(path) { continue }
            do {
                return try DecodedStream(path: path, sampleRate: options.sampleRate, gainDecibels: try trim(for: path))
            } catch {
                unplayable.insert(path)
                let reason = (error as? SndFileError)?.message ?? "\(error)"
                logger.error("leaving \(path) out of the playlist: \(reason)")
            }
        }
        logger.error("no file of the playlist can be played; the sleep sound stays silent")
        return nil
    }

    private func refillOrder() {
        let previous = order.last
        order = playlist.paths
        if options.shuffle && order.count > 1 {
            order.shuffle(using: &random)
            // Never the same file twice in a row across a reshuffle.
            if order.first == previous { order.swapAt(0, order.count - 1) }
        }
        orderIndex = 0
    }

    private func trim(for path: String) throws -> Double {
        guard let target = options.targetLoudness else { return 0 }
        let loudness: Double?
        if let cached = loudnessCache[path] {
            loudness = cached
        } else {
            loudness = try LoudnessScan.measure(path: path)
            loudnessCache[path] = loudness
            if let loudness {
                logger.debug(
                    "levelled \(path): measured \(Self.format(loudness)) LUFS, gain \(Self.format(LoudnessScan.trim(measured: loudness, target: target))) dB"
                )
            }
        }
        return LoudnessScan.trim(measured: loudness, target: target)
    }

    private static func equalPower(_ x: Float) -> Float {
        let t = max(0, min(1, x))
        return Float(sin(Double(t) * Double.pi / 2))
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return String(rounded)
    }
}
