import CALSA

/// Finds a hardware setup the device accepts, as close as possible to the request.
enum HardwareNegotiation {
    static func apply(
        _ request: PlaybackRequest, to pcm: OpaquePointer, device: String
    ) throws(ALSAError) -> PlaybackConfiguration {
        var params: OpaquePointer?
        try check(winddown_hw_params_malloc(&params), "snd_pcm_hw_params_malloc", device: device)
        defer { snd_pcm_hw_params_free(params) }
        try check(snd_pcm_hw_params_any(pcm, params), "snd_pcm_hw_params_any", device: device)
        try check(
            snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED),
            "snd_pcm_hw_params_set_access", device: device)

        guard let format = request.formats.first(where: { snd_pcm_hw_params_test_format(pcm, params, $0.alsaFormat) == 0 })
        else {
            throw ALSAError(code: -22, call: "snd_pcm_hw_params_set_format", device: device)
        }
        try check(snd_pcm_hw_params_set_format(pcm, params, format.alsaFormat), "snd_pcm_hw_params_set_format", device: device)

        var channels = UInt32(request.channels)
        try check(
            snd_pcm_hw_params_set_channels_near(pcm, params, &channels),
            "snd_pcm_hw_params_set_channels_near", device: device)

        var rate = UInt32(request.sampleRate)
        var direction: Int32 = 0
        try check(
            snd_pcm_hw_params_set_rate_near(pcm, params, &rate, &direction),
            "snd_pcm_hw_params_set_rate_near", device: device)

        var bufferTime = UInt32(request.bufferMicroseconds)
        try check(
            snd_pcm_hw_params_set_buffer_time_near(pcm, params, &bufferTime, &direction),
            "snd_pcm_hw_params_set_buffer_time_near", device: device)
        var periodTime = UInt32(request.periodMicroseconds)
        try check(
            snd_pcm_hw_params_set_period_time_near(pcm, params, &periodTime, &direction),
            "snd_pcm_hw_params_set_period_time_near", device: device)

        try check(snd_pcm_hw_params(pcm, params), "snd_pcm_hw_params", device: device)

        var bufferFrames: snd_pcm_uframes_t = 0
        var periodFrames: snd_pcm_uframes_t = 0
        try check(snd_pcm_hw_params_get_buffer_size(params, &bufferFrames), "snd_pcm_hw_params_get_buffer_size", device: device)
        try check(
            snd_pcm_hw_params_get_period_size(params, &periodFrames, &direction), "snd_pcm_hw_params_get_period_size",
            device: device)
        return PlaybackConfiguration(
            sampleRate: Int(rate), channels: Int(channels), format: format,
            bufferFrames: Int(bufferFrames), periodFrames: Int(periodFrames))
    }
}
