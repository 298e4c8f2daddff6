import Foundation
import Testing

@testable import PersonaKit

/// The typed events write exactly the JSON the service wrote before them (same keys, numbers
/// rounded where it rounded, nulls where it wrote null), and read stored history back unchanged.
struct PersonaEventWireTests {
    typealias F = PipelineFixtures
    typealias Legacy = LegacyEventData

    static let weak = PortraitVerification(faceFound: true, distance: 0.456_78, secondOpinionDistance: 0.123_44)
    static let faceless = PortraitVerification(faceFound: false, distance: nil)
    static let url = "/media/0f8e?exp=1700000000&sig=abc"

    static func measured(_ verification: PortraitVerification) -> PersonaEvent.PortraitMeasurement {
        .init(
            index: 3, scenario: "thoughtful_closeup", attempt: 2, url: url, faceFound: verification.faceFound,
            identityDistance: verification.distance, secondOpinionDistance: verification.secondOpinionDistance,
            likeness: verification.likeness, madeBy: "composite")
    }

    static func legacyMeasured(_ verification: PortraitVerification) -> [String: JSONValue] {
        Legacy.measured(
            index: 3, scenario: "thoughtful_closeup", attempt: 2, url: url, verification: verification,
            madeBy: "composite")
    }

    /// Every event the service publishes, typed and as the service built it.
    static let pairs: [(PersonaEvent, JSONValue)] = [
        (
            .analysisDone(
                .init(
                    photoCount: 8, usablePhotos: 7, analysisQuality: "good", consistencyScore: 0.8765,
                    referencePhotos: 4)),
            Legacy.analysisDone(
                photoCount: 8, usablePhotos: 7, analysisQuality: "good", consistencyScore: 0.8765, referencePhotos: 4)
        ),
        (
            .portraitStarted(.init(index: 0, scenario: "professional_headshot", attempt: 1)),
            .object(Legacy.started(index: 0, scenario: "professional_headshot", attempt: 1))
        ),
        (.portraitReady(measured(weak)), .object(legacyMeasured(weak))),
        (.portraitReady(measured(faceless)), .object(legacyMeasured(faceless))),
        (
            .portraitVerified(measured(PortraitVerification(faceFound: true, distance: 0.3))),
            .object(legacyMeasured(PortraitVerification(faceFound: true, distance: 0.3)))
        ),
        (
            .portraitRetrying(.init(measured(weak), reason: weak.reason)),
            .object(Legacy.rejected(legacyMeasured(weak), verification: weak))
        ),
        (
            .portraitNeedsReview(.init(measured(faceless), reason: faceless.reason)),
            .object(Legacy.rejected(legacyMeasured(faceless), verification: faceless))
        ),
        (
            .portraitFailed(.init(index: 4, attempt: 1, error: "provider_unavailable: down")),
            .object(Legacy.failed(index: 4, attempt: 1, error: "provider_unavailable: down"))
        ),
        (
            .portraitRegenerating(.init(index: 1, attempt: 3, instruction: "warmer light")),
            .object(Legacy.regenerating(index: 1, attempt: 3, instruction: "warmer light"))
        ),
        (
            .portraitRegenerating(.init(index: 1, attempt: 3, instruction: nil)),
            .object(Legacy.regenerating(index: 1, attempt: 3, instruction: nil))
        ),
        (
            .personaReady(
                .init(status: .ready, stage: .done, consistencyScore: 0.712_345, portraits: ["/media/a", "/media/b"])),
            .object(
                Legacy.finished(
                    status: "ready", stage: "done", consistencyScore: 0.712_345, portraits: ["/media/a", "/media/b"]))
        ),
        (
            .personaFailed(.init(status: .failed, stage: .failed, consistencyScore: 0, portraits: [])),
            .object(Legacy.finished(status: "failed", stage: "failed", consistencyScore: 0, portraits: []))
        ),
    ]

    @Test(arguments: pairs)
    func aTypedEventWritesTodaysBytes(event: PersonaEvent, legacy: JSONValue) throws {
        #expect(String(decoding: try event.encodedData(), as: UTF8.self) == (try F.text(legacy)), "\(event.type)")
        #expect(try event.data() == legacy)
    }

    @Test(arguments: pairs)
    func todaysDataReadsBackAsItsTypedEvent(event: PersonaEvent, legacy: JSONValue) throws {
        let read = PersonaEvent(type: event.type, data: legacy)
        #expect(read == event)
        #expect(try F.text(legacy) == String(decoding: try read.encodedData(), as: UTF8.self))
    }

    /// Stored rows as the service writes them today (sorted here): each reads typed and writes the
    /// same bytes.
    static let stored: [(String, String)] = [
        (
            "analysis_done",
            #"{"analysisQuality":"excellent","consistencyScore":0.912,"photoCount":6,"#
                + #""referencePhotos":4,"usablePhotos":6}"#
        ),
        ("portrait_started", #"{"attempt":1,"index":2,"scenario":"dynamic_action"}"#),
        (
            "portrait_ready",
            #"{"attempt":1,"faceFound":true,"identityDistance":0.287,"index":0,"likeness":"strong","#
                + #""madeBy":"composite","scenario":"professional_headshot","secondOpinionDistance":null,"#
                + #""url":"\/media\/9c1d?exp=1&sig=z"}"#
        ),
        (
            "portrait_needs_review",
            #"{"attempt":2,"faceFound":false,"identityDistance":null,"index":1,"likeness":null,"#
                + #""madeBy":"trainedAlgorithmicMedia","reason":"no_face","scenario":"casual_friendly","#
                + #""secondOpinionDistance":null,"url":"\/media\/77?exp=1&sig=y"}"#
        ),
        ("portrait_failed", #"{"attempt":1,"error":"unknown_request: r-9","index":4}"#),
        ("portrait_regenerating", #"{"attempt":2,"index":0,"instruction":null}"#),
        (
            "persona_ready",
            #"{"consistencyScore":0.5,"portraits":["\/media\/a?exp=1&sig=1"],"stage":"done","status":"ready"}"#
        ),
        // Rounding is the writer's: a stored figure reads back as it was stored.
        ("persona_failed", #"{"consistencyScore":0.98765,"portraits":[],"stage":"failed","status":"failed"}"#),
    ]

    @Test(arguments: stored)
    func aStoredEventReadsTypedAndWritesTheSameBytes(type: String, json: String) throws {
        let event = try PersonaEvent(type: type, json: Data(json.utf8))
        if case .other = event { Issue.record("\(type) not typed") }
        #expect(event.type == type)
        #expect(String(decoding: try event.encodedData(), as: UTF8.self) == json)
    }

    /// Kept as `.other` rather than refused: a stream replays every stored row, and one the build
    /// does not know (a newer server's) or of an older shape must pass through untouched.
    @Test(arguments: [
        ("photo_added", #"{"file":"a.jpg","index":3}"#),
        ("portrait_failed", #"{"error":"cancelled","index":1}"#),  // stored before it named its attempt
        ("persona_ready", #"{"consistencyScore":0.9,"portraits":[],"status":"ready"}"#),  // before `stage`
        ("portrait_started", #"{"attempt":1,"extra":true,"index":0,"scenario":"x"}"#),  // a key this build drops
        ("portrait_ready", "null"),
    ])
    func anEventThisBuildCannotTypeIsKeptAsItCame(type: String, json: String) throws {
        let event = try PersonaEvent(type: type, json: Data(json.utf8))
        guard case .other(let otherType, let data) = event else {
            Issue.record("typed: \(event)")
            return
        }
        #expect(otherType == type && event.type == type)
        #expect(
            event.kind?.rawValue == (PersonaEvent.Kind(rawValue: type) == nil ? nil : type), "a known name stays known")
        #expect(try event.data() == data)
        #expect(String(decoding: try event.encodedData(), as: UTF8.self) == json)
    }

    @Test func textThatIsNotJSONIsRefused() {
        #expect(throws: (any Error).self) { try PersonaEvent(type: "portrait_ready", json: Data("{".utf8)) }
    }

    @Test func distancesAndScoresAreRoundedToThreeDecimals() throws {
        let text = String(
            decoding: try PersonaEvent.portraitReady(Self.measured(Self.weak)).encodedData(), as: UTF8.self)
        #expect(text.contains(#""identityDistance":0.457"#) && text.contains(#""secondOpinionDistance":0.123"#))
        let ready = PersonaEvent.PersonaFinished(status: .ready, stage: .done, consistencyScore: 2.0 / 3, portraits: [])
        #expect(ready.consistencyScore == 0.667)
    }

    @Test func anEventInADocumentCarriesItsTypeAndData() throws {
        let event = PersonaEvent.portraitFailed(.init(index: 2, attempt: 1, error: "cancelled"))
        let text = try F.text(event)
        #expect(text == #"{"data":{"attempt":1,"error":"cancelled","index":2},"type":"portrait_failed"}"#)
        #expect(try JSONDecoder().decode(PersonaEvent.self, from: Data(text.utf8)) == event)
        let other = PersonaEvent.other(type: "photo_added", data: .object(["index": .number(1)]))
        #expect(try JSONDecoder().decode(PersonaEvent.self, from: JSONEncoder().encode(other)) == other)
    }

    /// Public/js/persona-events.js's EVENT_TYPES, in its order: the page's reducer mirrors these.
    @Test func theWireNamesAreThePagesEventTypes() {
        let page = [
            "analysis_done", "portrait_started", "portrait_ready", "portrait_verified", "portrait_retrying",
            "portrait_needs_review", "portrait_failed", "portrait_regenerating", "persona_ready", "persona_failed",
        ]
        #expect(PersonaEvent.Kind.allCases.map(\.rawValue) == page)
        #expect(Set(Self.pairs.map(\.0.type)) == Set(page), "every kind has a typed case under test")
    }

    @Test func streamsEndAtAFinishedPersonaAndTheCLICountsFinishedPortraits() {
        #expect(PersonaEvent.Kind.allCases.filter(\.isTerminal) == [.personaReady, .personaFailed])
        #expect(
            PersonaEvent.Kind.allCases.filter(\.finishesPortrait) == [
                .portraitVerified, .portraitNeedsReview, .portraitFailed,
            ])
    }
}
