public import SndFile

/// Measures how loud a sound file is, so that it can be played at the
/// configured level however it was mastered.
public enum LoudnessScan {
    /// Integrated loudness (LUFS) of the first `maxSeconds` of the file;
    /// nil when that part is silent.
    public static func measure(path: String, maxSeconds: Double = 120) throws(SndFileError) -> Double? {
        let reader = try SoundFileReader(path: path)
        var meter = LoudnessMeter(sampleRate: Double(reader.sampleRate))
        let chunk = 4096
        var input = [Float](repeating: 0, count: chunk * reader.channels)
        var stereo = [Float](repeating: 0, count: chunk * 2)
        var remaining = Int(maxSeconds * Double(reader.sampleRate))
        while remaining > 0 {
            let got = try input.withUnsafeMutableBufferPointer { buffer throws(SndFileError) in
                try reader.read(into: buffer.baseAddress!, frames: min(chunk, remaining))
            }
            if got == 0 { break }
            input.withUnsafeBufferPointer { input in
                stereo.withUnsafeMutableBufferPointer { stereo in
                    StereoConversion.convert(input.baseAddress!, channels: reader.channels, frames: got, into: stereo.baseAddress!)
                    meter.add(stereo.baseAddress!, frameCount: got)
                }
            }
            remaining -= got
        }
        return meter.integratedLoudness
    }

    /// The gain in dB that brings a file measured at `loudness` to `target`,
    /// limited so near-silent files are not blown up into hiss.
    public static func trim(measured loudness: Double?, target: Double) -> Double {
        guard let loudness else { return 0 }
        return max(-40, min(12, target - loudness))
    }
}
