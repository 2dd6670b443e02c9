/// Why a request got no answer from the daemon, with the message to show
/// and the exit status (2: the daemon could not be reached or understood).
struct ControlClientError: Error, CustomStringConvertible {
    let message: String
    var exitCode: Int32 = 2

    var description: String { message }
}
