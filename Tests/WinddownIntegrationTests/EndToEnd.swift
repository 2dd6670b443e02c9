import Testing

/// Integration tests: each runs the real, built `winddownd` as a child
/// process and measures what it wrote or played.
///
/// Serialized, because several of them judge wall-clock time (a device that
/// paces in real time, a signal answered within 5 s) and the CI machine has
/// two cores: renders running beside them would only add noise.
@Suite("winddownd end to end", .serialized)
struct EndToEnd {}
