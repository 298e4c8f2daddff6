import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one mail per connection to the configured SMTP server: EHLO, AUTH PLAIN when a user is
/// set, MAIL FROM, RCPT TO, DATA, QUIT. A whole exchange has 30 s; a refusal is an error that
/// names the server's reply.
struct SMTPClient: Sendable {
    let settings: MailSettings
    let group: any EventLoopGroup
    var timeout: TimeAmount = .seconds(30)

    struct Refused: Error, CustomStringConvertible {
        let step: String
        let reply: String
        var description: String { "SMTP \(step): \(reply)" }
    }

    func send(_ message: MailMessage) async throws {
        let settings = settings
        let timeout = timeout
        let tls = try settings.tls ? NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: settings.host))
                    }
                    // However the server behaves, the exchange ends: closing ends the reads below.
                    channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator())
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            func expect(_ step: String, _ accepted: ClosedRange<Int>) async throws {
                let (code, text) = try await replies.next()
                guard accepted.contains(code) else { throw Refused(step: step, reply: "\(code) \(text)") }
            }
            try await expect("greeting", 220...220)
            try await say("EHLO inflio")
            try await expect("EHLO", 250...250)
            if let user = settings.username {
                let plain = Data("\0\(user)\0\(settings.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(plain)")
                try await expect("AUTH", 235...235)
            }
            try await say("MAIL FROM:<\(message.from)>")
            try await expect("MAIL FROM", 250...250)
            try await say("RCPT TO:<\(message.to)>")
            try await expect("RCPT TO", 250...251)
            try await say("DATA")
            try await expect("DATA", 354...354)
            try await outbound.write(ByteBuffer(string: message.rendered() + ".\r\n"))
            try await expect("the message", 250...250)
            try await say("QUIT")
            _ = try? await replies.next()
        }
    }
}

/// The server's replies, read line by line: `250-…` lines continue a reply, `250 …` ends it.
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending: [UInt8] = []

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func next() async throws -> (code: Int, text: String) {
        var text: [String] = []
        while true {
            let line = try await nextLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw SMTPClient.Refused(step: "reading", reply: "an unreadable line: \(line.prefix(80))")
            }
            text.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                return (code, text.joined(separator: " "))
            }
        }
    }

    private mutating func nextLine() async throws -> String {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[..<end]
                pending.removeSubrange(...end)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            guard pending.count < 4096 else { throw SMTPClient.Refused(step: "reading", reply: "a line over 4 KB") }
            guard let buffer = try await iterator.next() else {
                throw SMTPClient.Refused(step: "reading", reply: "the server closed the connection")
            }
            pending += buffer.readableBytesView
        }
    }
}
