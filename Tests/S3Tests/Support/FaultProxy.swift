import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import S3
import Synchronization

/// A small HTTP proxy in front of moto that misbehaves on purpose: it answers chosen requests with
/// 503 SlowDown, 500 or 429, drops their connection, or holds them back, and passes the rest on
/// unchanged (the `Host` header too, so moto checks the signature the client made).
final class FaultProxy: Sendable {
    enum Fault: Sendable {
        case slowDown, internalError, tooManyRequests
        /// Close the connection without answering.
        case drop
        /// Forward, but only after this long.
        case delay(Duration)
    }

    struct Rule: Sendable {
        let matches: @Sendable (HTTPRequestHead) -> Bool
        /// How many more requests it applies to; nil for all of them.
        var remaining: Int?
        let fault: Fault
    }

    fileprivate struct State {
        var rules: [Rule]
        var seen: [String] = []
        var faults = 0
    }

    let port: Int
    private let channel: any Channel
    private let plan: Plan

    var endpoint: S3Endpoint { S3Endpoint(scheme: "http", host: "127.0.0.1", port: port) }
    /// `METHOD uri` of every request received, faulted or not.
    var requests: [String] { plan.state.withLock { $0.seen } }
    var faults: Int { plan.state.withLock { $0.faults } }

    static func start(upstream: S3Endpoint, rules: [Rule]) async throws -> FaultProxy {
        let plan = Plan(rules: rules)
        let upstreamURL = upstream.description
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true)
                    try channel.pipeline.syncOperations.addHandler(Handler(plan: plan, upstream: upstreamURL))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FaultProxy(port: channel.localAddress?.port ?? 0, channel: channel, plan: plan)
    }

    private init(port: Int, channel: any Channel, plan: Plan) {
        self.port = port
        self.channel = channel
        self.plan = plan
    }

    func stop() async {
        try? await channel.close()
    }

    /// Matches requests whose `METHOD uri` contains `fragment` (e.g. `partNumber=2`, `GET /`).
    static func when(_ fragment: String, times: Int? = nil, _ fault: Fault) -> Rule {
        Rule(matches: { "\($0.method.rawValue) \($0.uri)".contains(fragment) }, remaining: times, fault: fault)
    }

    final class Plan: Sendable {
        fileprivate let state: Mutex<State>

        fileprivate init(rules: [Rule]) { state = Mutex(State(rules: rules)) }

        /// Records the request and uses up the first rule that takes it.
        func decide(_ head: HTTPRequestHead) -> Fault? {
            state.withLock { state in
                state.seen.append("\(head.method.rawValue) \(head.uri)")
                guard let index = state.rules.firstIndex(where: { ($0.remaining ?? 1) > 0 && $0.matches(head) }) else {
                    return nil
                }
                if let remaining = state.rules[index].remaining { state.rules[index].remaining = remaining - 1 }
                if case .delay = state.rules[index].fault {} else { state.faults += 1 }
                return state.rules[index].fault
            }
        }
    }

    /// One connection's requests, one at a time (the pipeline's pipelining assistance holds the
    /// next request back until this one's answer is written).
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let plan: Plan
        let upstream: String
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(plan: Plan, upstream: String) {
            self.plan = plan
            self.upstream = upstream
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var part):
                body.writeBuffer(&part)
            case .end:
                guard let head else { return }
                let fault = plan.decide(head)
                if case .drop = fault {
                    context.close(promise: nil)
                    return
                }
                Self.respond(
                    to: head, body: body, fault: fault, upstream: upstream,
                    context: NIOLoopBound(context, eventLoop: context.eventLoop))
            }
        }

        /// Works out the answer off the event loop, then writes it on it.
        static func respond(
            to head: HTTPRequestHead, body: ByteBuffer, fault: Fault?, upstream: String,
            context: NIOLoopBound<ChannelHandlerContext>
        ) {
            Task {
                let answer = await answer(head, body, fault, upstream)
                context.eventLoop.execute {
                    let context = context.value
                    let responseHead = HTTPResponseHead(
                        version: .http1_1, status: answer.status, headers: answer.headers)
                    context.write(NIOAny(HTTPServerResponsePart.head(responseHead)), promise: nil)
                    if answer.body.readableBytes > 0 {
                        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(answer.body))), promise: nil)
                    }
                    context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
                }
            }
        }

        struct Answer: Sendable {
            var status: HTTPResponseStatus
            var headers: HTTPHeaders
            var body: ByteBuffer
        }

        static func answer(_ head: HTTPRequestHead, _ body: ByteBuffer, _ fault: Fault?, _ upstream: String) async
            -> Answer
        {
            switch fault {
            case .slowDown: return s3Error(.serviceUnavailable, "SlowDown", "Please reduce your request rate.")
            case .internalError:
                return s3Error(.internalServerError, "InternalError", "We encountered an internal error.")
            case .tooManyRequests: return s3Error(.tooManyRequests, "TooManyRequests", "Too many requests.")
            case .delay(let pause): try? await Task.sleep(for: pause)
            case .drop, nil: break
            }
            var request = HTTPClientRequest(url: upstream + head.uri)
            request.method = head.method
            for (name, value) in head.headers
            where !["connection", "content-length", "transfer-encoding"].contains(name.lowercased()) {
                request.headers.add(name: name, value: value)
            }
            if body.readableBytes > 0 || head.method == .PUT || head.method == .POST { request.body = .bytes(body) }
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                let answer = try await response.body.collect(upTo: 64 << 20)
                var headers = HTTPHeaders()
                for (name, value) in response.headers
                where !["connection", "content-length", "transfer-encoding"].contains(name.lowercased()) {
                    headers.add(name: name, value: value)
                }
                // A HEAD answer keeps the object's length and has no body.
                let length =
                    head.method == .HEAD
                    ? response.headers.first(name: "content-length") ?? "0" : "\(answer.readableBytes)"
                headers.add(name: "content-length", value: length)
                return Answer(
                    status: response.status, headers: headers, body: head.method == .HEAD ? ByteBuffer() : answer)
            } catch {
                return s3Error(.badGateway, "BadGateway", "the proxy could not reach moto: \(error)")
            }
        }

        static func s3Error(_ status: HTTPResponseStatus, _ code: String, _ message: String) -> Answer {
            let body = ByteBuffer(
                string: #"<?xml version="1.0" encoding="UTF-8"?>"#
                    + "<Error><Code>\(code)</Code><Message>\(message)</Message></Error>")
            return Answer(
                status: status,
                headers: ["content-type": "application/xml", "content-length": "\(body.readableBytes)"],
                body: body)
        }
    }
}
