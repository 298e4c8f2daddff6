/// One Server-Sent Event (only the fields FAL uses).
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String
    public var id: String?
}

/// Turns a byte stream into events, chunk by chunk (an event may span chunks, a chunk may hold
/// several). Lines end in LF, CRLF or CR; `data:` lines join with LF; a blank line ends an event;
/// comments (`:` lines, e.g. keep-alives) are skipped.
struct ServerSentEventParser {
    private var buffer: [UInt8] = []
    private var current = ServerSentEvent(data: "")
    private var hasData = false
    private var lastWasCR = false

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR, byte == UInt8(ascii: "\n") {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = line(String(decoding: buffer, as: UTF8.self)) { events.append(event) }
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.append(byte)
            }
        }
        return events
    }

    /// What is left when the stream ends (a last event without its blank line).
    mutating func finish() -> ServerSentEvent? {
        if !buffer.isEmpty {
            _ = line(String(decoding: buffer, as: UTF8.self))
            buffer.removeAll()
        }
        return line("")
    }

    private mutating func line(_ line: String) -> ServerSentEvent? {
        if line.isEmpty {
            defer {
                current = ServerSentEvent(data: "")
                hasData = false
            }
            return hasData ? current : nil
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        let value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            var rest = line[line.index(after: colon)...]
            if rest.hasPrefix(" ") { rest = rest.dropFirst() }
            value = rest
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "data":
            current.data = hasData ? current.data + "\n" + value : String(value)
            hasData = true
        case "event": current.event = String(value)
        case "id": current.id = String(value)
        default: break
        }
        return nil
    }
}
