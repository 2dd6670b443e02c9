#if canImport(Glibc)
    import Glibc
#endif
import CSystemd
public import WinddownCore

/// One connection to a D-Bus bus through sd-bus (libsystemd): the only
/// place that holds an `sd_bus`. Not thread-safe: one thread uses it,
/// polling `descriptor` for `events` until `timeout`, then `process()`.
public final class BusConnection {
    let handle: OpaquePointer
    private var objects: [ObjectRegistration] = []

    /// The session bus (`DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`).
    public static func session() throws(BusError) -> BusConnection {
        var bus: OpaquePointer?
        try check(sd_bus_open_user(&bus), "sd_bus_open_user()")
        guard let bus else { throw BusError("sd_bus_open_user()", code: -ENOMEM) }
        return BusConnection(bus)
    }

    /// The system bus (`DBUS_SYSTEM_BUS_ADDRESS`, else /run/dbus/system_bus_socket).
    public static func system() throws(BusError) -> BusConnection {
        var bus: OpaquePointer?
        try check(sd_bus_open_system(&bus), "sd_bus_open_system()")
        guard let bus else { throw BusError("sd_bus_open_system()", code: -ENOMEM) }
        return BusConnection(bus)
    }

    private init(_ handle: OpaquePointer) {
        self.handle = handle
        // Blocking calls (taking a name, logind's Inhibit) wait this long at
        // most, not sd-bus's 25 s default.
        sd_bus_set_method_call_timeout(handle, 5_000_000)
    }

    deinit {
        for object in objects { sd_bus_slot_unref(object.slot) }
        for object in objects { Unmanaged.passUnretained(object.box).release() }
        // Not flush_close: a peer that reads nothing must not hold the closing thread.
        sd_bus_close_unref(handle)
    }

    /// Takes the well-known `name`, or throws `.nameTaken` when another connection owns it.
    public func requestName(_ name: String) throws(BusError) {
        try check(sd_bus_request_name(handle, name, 0), "sd_bus_request_name(\(name))")
    }

    // MARK: The poll loop's part

    public var descriptor: Int32 { sd_bus_get_fd(handle) }

    /// The poll events to wait for now.
    public var events: Int16 {
        let events = sd_bus_get_events(handle)
        return events < 0 ? Int16(POLLIN) : Int16(events)
    }

    /// Milliseconds until sd-bus has something to do by itself (a call's
    /// timeout); -1 when nothing is due, which is the quiet case.
    public var pollTimeout: Int32 {
        var due: UInt64 = 0
        guard sd_bus_get_timeout(handle, &due) >= 0, due != UInt64.max else { return -1 }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nowMicros = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        return due <= nowMicros ? 0 : Int32(clamping: (due - nowMicros + 999) / 1000)
    }

    /// Handles what the bus has for us, up to `limit` messages (the objects'
    /// handlers run in here); true when more may be waiting, so that a flood
    /// from one client cannot starve the loop's other work.
    public func process(limit: Int = 64) throws(BusError) -> Bool {
        for _ in 0..<max(1, limit) {
            if try check(sd_bus_process(handle, nil), "sd_bus_process()") == 0 { return false }
        }
        return true
    }

    // MARK: Objects

    /// Every call to `path` (any interface, the standard ones included)
    /// goes to `handler`, which answers it, now or later; returning false
    /// leaves it to sd-bus's own answer.
    public func serve(path: String, handler: @escaping (BusMessage) -> Bool) throws(BusError) {
        let box = HandlerBox(handler)
        let userdata = Unmanaged.passRetained(box).toOpaque()
        var slot: OpaquePointer?
        let result = sd_bus_add_object(handle, &slot, path, { message, userdata, _ in
            guard let message, let userdata else { return 0 }
            let box = Unmanaged<HandlerBox>.fromOpaque(userdata).takeUnretainedValue()
            return box.handler(BusMessage(retaining: message)) ? 1 : 0
        }, userdata)
        guard result >= 0, let slot else {
            Unmanaged<HandlerBox>.fromOpaque(userdata).release()
            throw BusError("sd_bus_add_object(\(path))", code: result < 0 ? result : -ENOMEM)
        }
        objects.append(ObjectRegistration(slot: slot, box: box))
    }

    /// Answers `call` with `values`.
    public func reply(to call: BusMessage, _ values: [DBusValue]) throws(BusError) {
        var reply: OpaquePointer?
        try check(sd_bus_message_new_method_return(call.handle, &reply), "sd_bus_message_new_method_return()")
        guard let reply else { throw BusError("sd_bus_message_new_method_return()", code: -ENOMEM) }
        let message = BusMessage(adopting: reply)
        try message.append(values)
        try check(sd_bus_send(handle, message.handle, nil), "sd_bus_send()")
    }

    /// Answers `call` with a D-Bus error.
    public func reply(to call: BusMessage, error: DBusErrorReply) throws(BusError) {
        let result = error.name.withCString { name in
            error.message.withCString { text in
                var busError = sd_bus_error(name: name, message: text, _need_free: 0)
                return sd_bus_reply_method_error(call.handle, &busError)
            }
        }
        try check(result, "sd_bus_reply_method_error(\(error.name))")
    }

    /// Sends a signal from `path`.
    public func emit(path: String, interface: String, member: String, _ values: [DBusValue]) throws(BusError) {
        var signal: OpaquePointer?
        try check(sd_bus_message_new_signal(handle, &signal, path, interface, member), "sd_bus_message_new_signal(\(member))")
        guard let signal else { throw BusError("sd_bus_message_new_signal()", code: -ENOMEM) }
        let message = BusMessage(adopting: signal)
        try message.append(values)
        try check(sd_bus_send(handle, message.handle, nil), "sd_bus_send(\(member))")
    }

    /// Calls a method and waits for the answer (at most `timeout`): for a
    /// one-off request such as logind's `Inhibit`, not for a loop.
    public func call(
        destination: String, path: String, interface: String, member: String, _ arguments: [DBusValue], timeout: Duration
    ) throws(BusError) -> BusMessage {
        var call: OpaquePointer?
        try check(
            sd_bus_message_new_method_call(handle, &call, destination, path, interface, member),
            "sd_bus_message_new_method_call(\(member))")
        guard let call else { throw BusError("sd_bus_message_new_method_call()", code: -ENOMEM) }
        let message = BusMessage(adopting: call)
        try message.append(arguments)
        var error = sd_bus_error(name: nil, message: nil, _need_free: 0)
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        let micros = UInt64(max(0, timeout.components.seconds)) * 1_000_000 + UInt64(max(0, timeout.components.attoseconds)) / 1_000_000_000_000
        let result = sd_bus_call(handle, message.handle, micros, &error, &reply)
        if result < 0 {
            if let name = error.name {
                throw BusError(remote: String(cString: name), message: error.message.map { String(cString: $0) } ?? "", call: "\(interface).\(member)")
            }
            throw BusError("sd_bus_call(\(interface).\(member))", code: result)
        }
        guard let reply else { throw BusError("sd_bus_call(\(member))", code: -EBADMSG) }
        return BusMessage(adopting: reply)
    }
}

private final class HandlerBox {
    let handler: (BusMessage) -> Bool
    init(_ handler: @escaping (BusMessage) -> Bool) { self.handler = handler }
}

private struct ObjectRegistration {
    let slot: OpaquePointer
    let box: HandlerBox
}
