import Testing

/// Everything about the control socket's protocol and the client's output,
/// grouped so that `swift test --filter Control` runs all of it.
@Suite("Control socket")
enum ControlTests {}
