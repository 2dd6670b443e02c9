public import Logging
public import WinddownAudio

/// What `audio.sound` names: a built-in generator, or files.
public enum PlayableSleepSound: Sendable, Equatable {
    case builtin(BuiltinSound)
    case files(Playlist)

    /// Resolves a setting: a built-in name, else a file or folder path.
    public static func resolve(_ setting: String) throws(PlayableSleepSoundError) -> PlayableSleepSound {
        if let builtin = BuiltinSound(rawValue: setting) { return .builtin(builtin) }
        let looksLikePath = setting.contains("/") || setting.contains(".")
        guard looksLikePath else {
            let names = BuiltinSound.allCases.map(\.rawValue).joined(separator: ", ")
            throw PlayableSleepSoundError(
                message: "audio.sound: \"\(setting)\" is not a built-in sound (\(names)) nor a path to a file or folder")
        }
        do {
            return .files(try Playlist.resolve(setting))
        } catch {
            throw PlayableSleepSoundError(message: "audio.sound: \(error.description)")
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
