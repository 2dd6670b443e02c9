public import Clocks
public import Logging
import Synchronization
public import WinddownAudio
public import WinddownCore

/// The running daemon: what each control request becomes. Every decision
/// about a session is the `SessionController`'s; this class only turns
/// requests into its events and carries its actions out
/// (`DaemonCore+Session`). State sits behind one lock, only ever held briefly.
public final class DaemonCore: ControlHandler, Sendable {
    struct State {
        var configuration: Configuration
        var configurationPath: String?
        var controller: SessionController
        /// The session's engine and lights, once it plays.
        var session: RunningSession?
        /// When the session began, for its history entry.
        var started: (epochSeconds: Int64, utcOffset: Int) = (0, 0)
        /// The routine asked for, until the session knows its name.
        var routine = ""
        /// A session's thread is still running (preparing, playing or recording).
        var busy = false
    }

    let state: Mutex<State>
    /// Keeps the actions of one event together and in order.
    let order = Mutex<Void>(())
    let clock: any MonotonicClock
    let locator: ConfigurationLocator
    let logger: Logger
    let history: HistoryLog?
    /// The nightly schedule; nil for a daemon without one (tests of the core alone).
    let scheduler: NightlyScheduler?
    /// Told about every change the service manager should show (`STATUS=`, reloads).
    let observer: @Sendable (DaemonEvent) -> Void
    /// Wakes the session's thread when something changed.
    let wake = WakeSignal()
    /// Lays out the plans of sessions not yet begun (`plan`), off the control server's thread.
    let planWorker = PlanWorker()

    public init(
        configuration: Configuration, path: String?, locator: ConfigurationLocator, history: HistoryLog?,
        scheduler: NightlyScheduler? = nil, speed: Int = 1, clock: any MonotonicClock = SystemClock(), logger: Logger,
        observer: @escaping @Sendable (DaemonEvent) -> Void = { _ in }
    ) {
        let controller = SessionController(
            volume: configuration.audio.volume, maximumVolume: configuration.audio.maxVolume, rules: .init(speed: speed))
        state = Mutex(State(configuration: configuration, configurationPath: path, controller: controller))
        self.clock = clock
        self.locator = locator
        self.history = history
        self.scheduler = scheduler
        self.logger = logger
        self.observer = observer
    }

    // MARK: Requests

    public func handle(_ request: ControlRequest, peer: ControlAccess.Peer, reply: @escaping @Sendable (ControlResponse) -> Void) {
        switch request {
        case .ping: reply(.ok)
        case .status, .watch: reply(.status(statusReport()))
        case .start(let routine, let duration): start(routine: routine, duration: duration, trigger: .request, reply: reply)
        case .stop: reply(respond(.stop))
        case .pause: reply(respond(.pause))
        case .resume: reply(respond(.resume))
        case .hold: reply(respond(.hold))
        case .skip: reply(respond(.skip))
        case .extend(let duration):
            reply(respond(.extend(duration)) { ["remaining_s": .int($0.remainingSeconds ?? 0)] })
        case .volume(let change): reply(respond(.volume(change)) { ["volume": .int($0.volume)] })
        case .reload:
            do {
                try reload()
                reply(.ok)
            } catch {
                reply(.failure(error.description))
            }
        case .history(let limit):
            guard let history else {
                reply(.failure("no state folder, so no history"))
                return
            }
            reply(.history(history.recent(limit)))
        case .plan(let routine, let duration): plan(routine: routine, duration: duration, reply: reply)
        case .next, .snooze, .schedule:
            guard let scheduler else {
                reply(.failure("this daemon runs without a nightly schedule"))
                return
            }
            reply(scheduleResponse(request, scheduler))
        }
    }

    /// The controller's answer to `event` as a response: `ok`, with `fields` of the status after it.
    private func respond(
        _ event: SessionController.Event, fields: ((SessionController.Status) -> JSONObject)? = nil
    ) -> ControlResponse {
        do {
            let status = try submit(event)
            return fields.map { .success($0(status)) } ?? .ok
        } catch {
            return .failure(error.description)
        }
    }

    // MARK: Status

    public func statusReport() -> StatusReport {
        let now = clock.now()
        let next = scheduler?.nextRun
        let scheduleEnabled = scheduler?.isEnabled
        return state.withLock { state in
            let status = state.controller.status(at: now)
            let step = status.step.map { StatusReport.Step(index: $0.position, count: $0.count, title: $0.title) }
            var report = StatusReport(
                state: StatusReport.State(status.phase), routine: status.routine, step: step,
                elapsedSeconds: status.elapsedSeconds, remainingSeconds: status.remainingSeconds,
                nextRun: next, dimmingLevel: state.session?.dimming?.levelReached, volume: status.volume)
            report.nextNight = next.map { NextNight(state.configuration, startingAt: $0) }
            report.scheduleEnabled = scheduleEnabled
            report.rooms = state.session?.rooms?.rooms.map { StatusReport.Room(name: $0.name, volume: $0.volume) }
            return report
        }
    }

    /// One line for `STATUS=`: what a person wants to read in `systemctl status`.
    public func statusLine() -> String {
        let report = statusReport()
        switch report.state {
        case .idle: break
        case .stopping: return "stopping"
        case .running, .holding, .paused:
            let what = report.step.map { "step " + StatusText.stepText($0) } ?? "fading out"
            let left = report.remainingSeconds.map { ", \(ControlText.clock(seconds: $0)) left" } ?? ""
            return "\(report.state.rawValue): \(what)\(left)"
        }
        guard let scheduler else { return "idle" }
        guard let next = report.nextRun else { return scheduler.isEnabled ? "idle, nothing scheduled" : "idle, schedule off" }
        return "idle, next wind-down \(ControlText.dayAndTime(next))"
    }

    /// True when no session is starting, playing or being recorded.
    public var isIdle: Bool { state.withLock { !$0.busy } }

    /// Fades out and ends the session, as `stop` does (for shutdown); false
    /// when there is nothing to wait for (a session already stopping is waited for too).
    @discardableResult
    public func stopForShutdown() -> Bool {
        _ = try? submit(.stop)
        return !isIdle
    }

    /// The playing session's engine (for the watchdog).
    public var runningEngine: PlaybackEngine? { state.withLock { $0.session?.engine } }
}

extension StatusReport.State {
    init(_ phase: SessionController.Phase) {
        switch phase {
        case .idle, .starting: self = .idle
        case .running: self = .running
        case .holding: self = .holding
        case .paused: self = .paused
        case .stopping: self = .stopping
        }
    }
}

/// What the service manager hears about.
public enum DaemonEvent: Sendable {
    case sessionStarted(routine: String)
    case sessionEnded
    case changed
    case reloading
    /// Done; with the reason when the new configuration was refused.
    case reloaded(failure: String?)
}
