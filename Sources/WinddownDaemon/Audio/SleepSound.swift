public import Logging
public import WinddownAudio
public import WinddownCore
public import Threads

/// What `audio.sound` names: a built-in generator, or files.
public enum PlayableSleepSound: Sendable, Equatable {
    case builtin(BuiltInSound)
    case files(Playlist)

    /// A built-in sound as it is; a path becomes the files it names.
    public static func resolve(_ sound: SleepSound) throws(PlayableSleepSoundError) -> PlayableSleepSound {
        switch sound {
        case .builtIn(let builtin):
            return .builtin(builtin)
        case .path(let path):
            do {
                return .files(try Playlist.resolve(path))
            } catch {
                throw PlayableSleepSoundError(message: "audio.sound: \(error.description)")
            }
        }
    }

    /// A mixer channel playing this sound at the reference loudness, scaled
    /// by `volume` percent and shaped by `envelope`. `realTime`: see `FileSource.Options`.
    public func makeChannel(
        sampleRate: Int, volume: Double, envelope: GainEnvelope, seed: UInt64, realTime: Bool, logger: Logger
    ) throws(WorkerThread.StartError) -> MixerChannel {
        let source: any SoundSource
        let trim: Double
        switch self {
        case .builtin(let sound):
            source = sound.makeSource(sampleRate: Double(sampleRate), seed: seed)
            trim = GeneratorLoudness.trim(for: sound, sampleRate: sampleRate)
        case .files(let playlist):
            // Files are levelled one by one as they are decoded.
            source = try FileSource(playlist: playlist, sampleRate: sampleRate, options: .init(seed: seed, realTime: realTime), logger: logger)
            trim = 0
        }
        return MixerChannel(
            name: "sleep-sound", role: .bed, source: source, sampleRate: Double(sampleRate), trimDecibels: trim,
            levelDecibels: VolumeScale.decibels(forPercent: volume), envelope: envelope)
    }
}

/// A sleep-sound setting that cannot be played.
public struct PlayableSleepSoundError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public var description: String { message }
}
