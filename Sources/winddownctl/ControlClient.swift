import ArgumentParser
import WinddownCore

#if canImport(Glibc)
    import Glibc
#endif

/// What the subcommands call: sends a request, shows the answer, and turns
/// failures into the exit status (1: refused by the daemon; 2: no daemon).
struct ControlClient {
    let socketPath: String
    /// Print the raw response line instead of the human-readable text.
    let rawJSON: Bool

    init(_ options: ClientOptions) {
        socketPath = options.socketPath
        rawJSON = options.json
    }

    /// Sends `request` and shows its answer as `presentation` says.
    func send(_ request: ControlRequest, show presentation: Presentation) throws {
        try reportingFailures {
            var connection = try ControlConnection(path: socketPath)
            let line = try connection.exchange(request.line)
            let response = try parse(line)
            if rawJSON {
                Console.out([String(decoding: line, as: UTF8.self)])
            } else if response.isOK {
                Console.out(try presentation.lines(for: response))
            }
            if case .failure(let message) = response {
                if !rawJSON { Console.error(message) }
                throw ExitCode(1)
            }
        }
    }

    /// `watch`: asks for the status every second and redraws one line until
    /// no session runs.
    func watch(interval: Duration = .seconds(1)) throws {
        try reportingFailures {
            var connection = try ControlConnection(path: socketPath)
            var lastShown = ""
            var sawSession = false
            if Console.isTerminal && !rawJSON { Console.endLineOnInterrupt() }
            while true {
                let line = try connection.exchange(ControlRequest.status.line)
                let response = try parse(line)
                guard case .success(let fields) = response else {
                    if rawJSON { Console.out([String(decoding: line, as: UTF8.self)]) }
                    if case .failure(let message) = response, !rawJSON { Console.error(message) }
                    throw ExitCode(1)
                }
                let report = try StatusReport(json: fields)
                let text = rawJSON ? String(decoding: line, as: UTF8.self) : StatusText.watchLine(report)
                if report.state == .idle {
                    let final = sawSession && !rawJSON ? "session over; " + text : text
                    if Console.isTerminal && !rawJSON { Console.redraw(final) }
                    Console.out(Console.isTerminal && !rawJSON ? [""] : [final])
                    return
                }
                sawSession = true
                if Console.isTerminal && !rawJSON {
                    Console.redraw(text)
                } else if text != lastShown {
                    Console.out([text])
                }
                lastShown = text
                pause(for: interval)
            }
        }
    }

    private func parse(_ line: [UInt8]) throws(ControlClientError) -> ControlResponse {
        do { return try ControlResponse(parsing: line) } catch {
            throw ControlClientError(message: "\(error.message) (\(socketPath))")
        }
    }

    /// Shows a `ControlClientError` or an unreadable answer on stderr and
    /// exits 2; everything else (ExitCode) goes through.
    private func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ControlClientError {
            Console.error(error.message)
            throw ExitCode(error.exitCode)
        } catch let error as ControlProtocolError {
            Console.error("\(error.message) (\(socketPath))")
            throw ExitCode(2)
        }
    }

    private func pause(for interval: Duration) {
        let milliseconds = Int32(clamping: interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        _ = poll(nil, 0, milliseconds)
    }
}
