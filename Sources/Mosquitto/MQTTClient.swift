#if canImport(Glibc)
    import Glibc
#endif
import CMosquitto

/// One MQTT connection through libmosquitto, driven by the caller's own
/// `poll` loop (no library thread, no timer): poll `socket` for reading,
/// and for writing when `wantsWrite`, then call `read`, `write` and
/// `housekeeping` (keep-alive pings). What the broker did arrives as
/// `events`, collected by the library's callbacks during those calls.
///
/// Not thread-safe: one thread owns it, as the poll loop does.
public final class MQTTClient {
    public enum Event: Equatable, Sendable {
        case connected
        /// The broker answered the CONNECT with a refusal (a wrong login, say).
        case refused(String)
        /// The connection is gone; `expected` after our own `disconnect`.
        case disconnected(reason: String, expected: Bool)
        case message(topic: String, payload: [UInt8], retained: Bool)
    }

    public enum QualityOfService: Int32, Sendable {
        case atMostOnce = 0, atLeastOnce = 1
    }

    private let handle: OpaquePointer
    private let inbox: Inbox

    /// Collects what the callbacks report; the C side holds an unretained pointer to it.
    private final class Inbox {
        var events: [Event] = []
    }

    /// `clientID` names this connection at the broker; a clean session, so
    /// nothing queued for an older connection is replayed.
    public init(clientID: String) throws(MQTTError) {
        Self.initialiseLibrary
        let inbox = Inbox()
        guard let handle = mosquitto_new(clientID, true, Unmanaged.passUnretained(inbox).toOpaque()) else {
            throw MQTTError(call: "mosquitto_new", code: Int32(MOSQ_ERR_NOMEM.rawValue))
        }
        self.handle = handle
        self.inbox = inbox
        _ = mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311)
        // Small packets, sent at once: without this, Nagle's algorithm and
        // delayed ACKs hold a command's answer back by about 40 ms a hop.
        _ = mosquitto_int_option(handle, MOSQ_OPT_TCP_NODELAY, 1)
        mosquitto_connect_callback_set(handle) { _, context, code in
            guard let context else { return }
            let inbox = Unmanaged<Inbox>.fromOpaque(context).takeUnretainedValue()
            inbox.events.append(code == 0 ? .connected : .refused(String(cString: mosquitto_connack_string(code))))
        }
        mosquitto_disconnect_callback_set(handle) { _, context, code in
            guard let context else { return }
            let inbox = Unmanaged<Inbox>.fromOpaque(context).takeUnretainedValue()
            inbox.events.append(.disconnected(reason: MQTTError.text(of: code), expected: code == 0))
        }
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let context, let message, let topic = message.pointee.topic else { return }
            let inbox = Unmanaged<Inbox>.fromOpaque(context).takeUnretainedValue()
            let length = Int(max(message.pointee.payloadlen, 0))
            var payload = [UInt8](repeating: 0, count: length)
            if length > 0, let bytes = message.pointee.payload {
                payload.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: length)) }
            }
            inbox.events.append(.message(topic: String(cString: topic), payload: payload, retained: message.pointee.retain))
        }
    }

    deinit {
        mosquitto_destroy(handle)
    }

    /// `mosquitto_lib_init` once per process (it is not thread-safe, and the bridge calls it from one thread).
    private static let initialiseLibrary: Void = { _ = mosquitto_lib_init() }()

    // MARK: Before connecting

    public func setLogin(username: String, password: String?) throws(MQTTError) {
        try check(mosquitto_username_pw_set(handle, username, password), "mosquitto_username_pw_set")
    }

    /// What the broker publishes for us if the connection dies without a goodbye.
    public func setWill(topic: String, payload: String, qos: QualityOfService, retain: Bool) throws(MQTTError) {
        let bytes = Array(payload.utf8)
        try check(mosquitto_will_set(handle, topic, Int32(bytes.count), bytes, qos.rawValue, retain), "mosquitto_will_set")
    }

    /// TLS, with the broker's certificate checked against the certificates in `caPath`.
    public func useTLS(caPath: String = "/etc/ssl/certs") throws(MQTTError) {
        try check(mosquitto_tls_set(handle, nil, caPath, nil, nil, nil), "mosquitto_tls_set")
    }

    // MARK: The connection

    /// Starts connecting; the outcome comes as an event. The host name is
    /// looked up here, and only here does the call block.
    public func connect(host: String, port: Int, keepAlive seconds: Int) throws(MQTTError) {
        try check(mosquitto_connect_async(handle, host, Int32(port), Int32(seconds)), "mosquitto_connect_async")
    }

    public func reconnect() throws(MQTTError) {
        try check(mosquitto_reconnect_async(handle), "mosquitto_reconnect_async")
    }

    /// A clean goodbye: the broker does not send the will.
    public func disconnect() {
        _ = mosquitto_disconnect(handle)
    }

    /// The socket to poll, or -1 when there is none.
    public var socket: Int32 { mosquitto_socket(handle) }

    /// Whether queued packets wait for the socket to take them.
    public var wantsWrite: Bool { mosquitto_want_write(handle) }

    /// Reads and handles what the broker sent.
    public func read() throws(MQTTError) {
        try check(mosquitto_loop_read(handle, 1), "mosquitto_loop_read")
    }

    /// Sends what is queued.
    public func write() throws(MQTTError) {
        try check(mosquitto_loop_write(handle, 1), "mosquitto_loop_write")
    }

    /// Keep-alive pings and retries; call at least once per keep-alive interval.
    public func housekeeping() throws(MQTTError) {
        try check(mosquitto_loop_misc(handle), "mosquitto_loop_misc")
    }

    public func publish(topic: String, payload: String, qos: QualityOfService, retain: Bool) throws(MQTTError) {
        let bytes = Array(payload.utf8)
        try check(mosquitto_publish(handle, nil, topic, Int32(bytes.count), bytes, qos.rawValue, retain), "mosquitto_publish")
    }

    public func subscribe(_ topic: String, qos: QualityOfService) throws(MQTTError) {
        try check(mosquitto_subscribe(handle, nil, topic, qos.rawValue), "mosquitto_subscribe")
    }

    /// What happened since the last call, in order.
    public func takeEvents() -> [Event] {
        defer { inbox.events.removeAll() }
        return inbox.events
    }

    private func check(_ code: Int32, _ call: String) throws(MQTTError) {
        guard code == Int32(MOSQ_ERR_SUCCESS.rawValue) else { throw MQTTError(call: call, code: code) }
    }
}

/// A libmosquitto call that failed, with the library's own words.
public struct MQTTError: Error, CustomStringConvertible, Sendable, Equatable {
    public let call: String
    public let code: Int32
    public let message: String

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
        message = Self.text(of: code)
    }

    /// `mosquitto_strerror`, which for `MOSQ_ERR_ERRNO` is errno's text.
    static func text(of code: Int32) -> String {
        if code == Int32(MOSQ_ERR_ERRNO.rawValue) { return String(cString: strerror(errno)) }
        // Some of the library's messages end in a full stop; ours go on after them.
        let text = String(cString: mosquitto_strerror(code))
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// The connection is gone (rather than a call made wrongly).
    public var isConnectionLost: Bool {
        [MOSQ_ERR_NO_CONN, MOSQ_ERR_CONN_LOST, MOSQ_ERR_ERRNO, MOSQ_ERR_KEEPALIVE, MOSQ_ERR_TLS, MOSQ_ERR_PROTOCOL]
            .contains { Int32($0.rawValue) == code }
    }

    public var description: String { "\(call)() failed: \(message)" }
}
