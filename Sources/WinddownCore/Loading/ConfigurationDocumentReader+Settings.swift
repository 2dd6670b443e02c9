/// The one place that lists every setting: its key, its kind and where it
/// goes. It follows the configuration table in the interface document.
extension ConfigurationDocumentReader {
    mutating func readSettings() -> Configuration {
        var config = Configuration.defaults

        read("schedule.enabled", as: .boolean, into: &config.schedule.enabled)
        read("schedule.time", as: .clockTime, into: &config.schedule.time)
        for day in Weekday.allCases {
            readOptional(day.configurationKey, as: .weekdayOverride, into: &config.schedule.weekdayOverrides[day])
        }
        readOptional("schedule.timezone", as: .text(example: "Europe/Berlin"), into: &config.schedule.timezone)
        read("schedule.grace", as: .duration(example: "30m"), into: &config.schedule.grace)

        read("session.routine", as: .routine, into: &config.session.routine)
        read("session.duration", as: .duration(example: "15m"), into: &config.session.duration)
        read("session.fade_out", as: .duration(example: "20m"), into: &config.session.fadeOut)
        read("session.caution", as: .keyword(CautionPolicy.allCases.map { ($0.rawValue, $0) }), into: &config.session.caution)
        read("session.inhibit_sleep", as: .boolean, into: &config.session.inhibitSleep)

        read("audio.device", as: .text(example: "default"), into: &config.audio.device)
        read("audio.sound", as: .sleepSound, into: &config.audio.sound)
        read("audio.volume", as: .integer(example: 20), into: &config.audio.volume)
        read("audio.voice_volume", as: .integer(example: 28), into: &config.audio.voiceVolume)
        read("audio.max_volume", as: .integer(example: 50), into: &config.audio.maxVolume)
        read("audio.duck", as: .integer(example: 10), into: &config.audio.duck)

        read("voice.tts", as: .textToSpeech, into: &config.voice.tts)
        read("voice.engine", as: .keyword(SpeechEngineChoice.allCases.map { ($0.rawValue, $0) }), into: &config.voice.engine)
        readOptional("voice.model", as: .text(example: "/usr/share/piper-voices/en_GB-alba-medium.onnx"), into: &config.voice.model)
        read("voice.rate", as: .number(example: "0.67"), into: &config.voice.rate)

        readOptional("dimming.hook", as: .text(example: "/usr/local/bin/dim-lights"), into: &config.dimming.hook)
        read("dimming.from", as: .integer(example: 60), into: &config.dimming.from)
        read("dimming.to", as: .integer(example: 0), into: &config.dimming.to)
        readOptional("dimming.duration", as: .duration(example: "15m"), into: &config.dimming.duration)
        read("dimming.interval", as: .duration(example: "60s"), into: &config.dimming.interval)
        read("dimming.timeout", as: .duration(example: "10s"), into: &config.dimming.timeout)
        read("dimming.offset", as: .duration(example: "0s"), into: &config.dimming.offset)
        read("dimming.curve", as: .dimmingCurve, into: &config.dimming.curve)

        readOptional("control.group", as: .text(example: "winddown"), into: &config.control.group)

        readOptional("mqtt.broker", as: .parsed(example: "mqtt://homeassistant.local", MQTTBroker.init(parsing:)), into: &config.mqtt.broker)
        readOptional("mqtt.username", as: .text(example: "winddown"), into: &config.mqtt.username)
        readOptional("mqtt.password_file", as: .text(example: "/etc/winddown/mqtt-password"), into: &config.mqtt.passwordFile)
        read("mqtt.discovery_prefix", as: .parsed(example: "homeassistant", MQTTTopicPrefix.init(parsing:)), into: &config.mqtt.discoveryPrefix)
        readOptional("mqtt.node_id", as: .parsed(example: "bedroom_pi", MQTTNodeID.init(parsing:)), into: &config.mqtt.nodeID)

        read("web.listen", as: .parsed(example: "127.0.0.1:8765", WebListenAddress.init(parsing:)), into: &config.web.listen)
        readOptional("web.token_file", as: .text(example: "/var/lib/winddown/web-token"), into: &config.web.tokenFile)

        readOptional("snapcast.server", as: .parsed(example: "localhost", SnapcastHost.init(parsing:)), into: &config.snapcast.server)
        read("snapcast.stream_port", as: .integer(example: 4953), into: &config.snapcast.streamPort)
        read("snapcast.control_port", as: .integer(example: 1705), into: &config.snapcast.controlPort)
        readOptional("snapcast.rooms", as: .snapcastRooms, into: &config.snapcast.rooms)
        read("snapcast.local", as: .boolean, into: &config.snapcast.local)

        return config
    }
}
