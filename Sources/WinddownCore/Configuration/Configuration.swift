/// Everything `winddown.toml` can set, already parsed into typed values.
///
/// The nested structs mirror the file's tables one to one, and each
/// property's documentation names its key, so the file, the interface
/// document and this type can be read side by side. Build one with
/// `Configuration.parse(_:file:)` or `Configuration.load(path:)`, or start
/// from `Configuration.defaults` and change what you need.
public struct Configuration: Equatable, Sendable {
    /// `[schedule]`: when the nightly session starts.
    public var schedule: Schedule
    /// `[session]`: what one session plays and for how long.
    public var session: Session
    /// `[audio]`: where sound goes and how loud it may be.
    public var audio: Audio
    /// `[voice]`: how spoken prompts are produced.
    public var voice: Voice
    /// `[dimming]`: the optional light-dimming hook.
    public var dimming: Dimming
    /// `[control]`: who may use the control socket.
    public var control: Control
    /// `[mqtt]`: the Home Assistant bridge (`winddown-mqtt`).
    public var mqtt: MQTT
    /// `[web]`: the phone page (`winddown-web`).
    public var web: Web
    /// `[snapcast]`: playing in several rooms through a Snapcast server.
    public var snapcast: Snapcast

    /// The built-in defaults. They equal the shipped `config/winddown.toml`
    /// (a test holds the two together), so a machine without a
    /// configuration file behaves exactly like one with the shipped file.
    public static let defaults = Configuration(
        schedule: Schedule(
            enabled: true,
            time: ClockTime(validHour: 22, minute: 30),
            weekdayOverrides: [:],
            timezone: nil,
            grace: .seconds(30 * 60)),
        session: Session(
            routine: .named("foot-massage"),
            duration: .seconds(15 * 60),
            fadeOut: .seconds(20 * 60),
            caution: .first),
        audio: Audio(
            device: "default",
            sound: .builtIn(.brown),
            volume: 20,
            voiceVolume: 28,
            maxVolume: 50,
            duck: 10),
        voice: Voice(tts: .automatic, engine: .automatic, model: nil, rate: Voice.defaultRate),
        dimming: Dimming(
            hook: nil,
            from: 60,
            to: 0,
            duration: nil,
            interval: .seconds(60),
            timeout: .seconds(10),
            offset: .zero,
            curve: .perceptual),
        control: Control(group: nil),
        mqtt: MQTT(),
        web: Web(),
        snapcast: Snapcast())
}
