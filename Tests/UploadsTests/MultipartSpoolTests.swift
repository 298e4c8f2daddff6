import Foundation
import NIOCore
import XCTest

@testable import Uploads

/// The upload spool on its own: what its parser survives and what its limits keep.
final class MultipartSpoolTests: XCTestCase {
    let boundary = "test-boundary"

    func part(_ name: String, file: String? = nil, _ content: String) -> String {
        let filename = file.map { "; filename=\"\($0)\"" } ?? ""
        return "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\(filename)\r\n\r\n\(content)\r\n"
    }

    /// Feeds `body` in pieces of `piece` bytes; returns the spool and the error that stopped it.
    func spool(
        _ body: [UInt8], piece: Int = 1 << 20, maxFileBytes: Int = 1024, maxFiles: Int = 3
    ) throws -> (MultipartSpool, (any Error)?) {
        let spool = try MultipartSpool(
            directory: NSTemporaryDirectory() + "uploads-tests", maxFileBytes: maxFileBytes, maxFiles: maxFiles)
        addTeardownBlock { spool.discard() }
        spool.begin(boundary: boundary)
        var start = 0
        while start < body.count {
            let end = min(start + piece, body.count)
            do { try spool.feed(ByteBuffer(bytes: body[start..<end])) } catch { return (spool, error) }
            start = end
        }
        return (spool, nil)
    }

    /// `make fuzz`'s first find: MultipartKit 4.7.1 indexed its 128-entry table of header-name
    /// characters with any byte, so 0xD2 in a header name stopped the process (index out of range).
    func testAByteOver127InAHeaderNameIsASyntaxErrorNotACrash() throws {
        var body = Array("--\(boundary)\r\nContent-Disposition".utf8)
        body.append(0xD2)
        body += Array(": form-data; name=\"name\"\r\n\r\nAda\r\n--\(boundary)--\r\n".utf8)
        for piece in [1, 7, body.count] {
            let (spool, error) = try spool(body, piece: piece)
            XCTAssertNotNil(error, "piece \(piece)")
            XCTAssertTrue(spool.fields.isEmpty)
        }
    }

    func testUTF8InAHeaderValueIsKept() throws {
        let body = Array((part("photo", file: "été.jpg", "xyz") + "--\(boundary)--\r\n").utf8)
        let (spool, error) = try spool(body)
        XCTAssertNil(error)
        XCTAssertEqual(spool.files.map(\.fileName), ["été.jpg"])
        XCTAssertEqual(spool.files.first?.size, 3)
    }

    /// The client generated from the API's contract writes `filename` before `name`, in lower-case
    /// headers: the part is still the field `photos`, not one named after the file.
    func testDispositionParametersAreReadByTheirOwnNamesInAnyOrder() throws {
        let body = Array(
            ("--\(boundary)\r\ncontent-disposition: form-data; filename=\"a.jpg\"; name=\"photos\"\r\n\r\nxyz\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; NAME=caption\r\n\r\nhi\r\n--\(boundary)--\r\n").utf8
        )
        let (spool, error) = try spool(body)
        XCTAssertNil(error)
        XCTAssertEqual(spool.files.map(\.field), ["photos"])
        XCTAssertEqual(spool.files.map(\.fileName), ["a.jpg"])
        XCTAssertEqual(spool.fields["caption"], "hi")
        XCTAssertEqual(
            MultipartSpool.dispositionParameters(#"form-data; name="a\"b"; filename="x;y.jpg""#),
            ["name": #"a"b"#, "filename": "x;y.jpg"])
        XCTAssertEqual(MultipartSpool.dispositionParameters("form-data"), [:])
        XCTAssertEqual(MultipartSpool.dispositionParameters(#"form-data; foo; name="x""#), ["name": "x"])
    }

    /// Where the network cuts a body must not change what is kept.
    func testTheSameBodyInAnyPiecesGivesTheSameParts() throws {
        let body = Array(
            (part("name", "Ada") + part("photos", file: "a.jpg", String(repeating: "x", count: 300))
                + part("description", "two\r\nlines") + part("photos", file: "b.jpg", "") + "--\(boundary)--\r\n").utf8)
        let (whole, wholeError) = try spool(body)
        XCTAssertNil(wholeError)
        XCTAssertEqual(whole.fields, ["name": "Ada", "description": "two\r\nlines"])
        XCTAssertEqual(whole.files.map(\.size), [300, 0])
        for piece in [1, 2, 3, 5, 64] {
            let (pieces, error) = try spool(body, piece: piece)
            XCTAssertNil(error, "piece \(piece)")
            XCTAssertEqual(pieces.fields, whole.fields, "piece \(piece)")
            XCTAssertEqual(pieces.files.map(\.size), whole.files.map(\.size), "piece \(piece)")
        }
    }

    func testLimitsStopTheBodyAsTheyArePassed() throws {
        let manyFields = (0...MultipartSpool.maxTextFields).map { part("f\($0)", "v") }.joined() + "--\(boundary)--\r\n"
        let (fields, fieldsError) = try spool(Array(manyFields.utf8))
        guard case .tooManyFields = fieldsError as? MultipartSpool.Limit else {
            return XCTFail("\(String(describing: fieldsError))")
        }
        XCTAssertLessThanOrEqual(fields.fields.count, MultipartSpool.maxTextFields)

        let big = part("photo", file: "big.jpg", String(repeating: "x", count: 2000)) + "--\(boundary)--\r\n"
        let (_, bigError) = try spool(Array(big.utf8), piece: 100)
        guard case .fileTooLarge("big.jpg") = bigError as? MultipartSpool.Limit else {
            return XCTFail("\(String(describing: bigError))")
        }

        let files = (0..<4).map { part("photos", file: "\($0).jpg", "x") }.joined() + "--\(boundary)--\r\n"
        let (spooled, filesError) = try spool(Array(files.utf8))
        guard case .tooManyFiles = filesError as? MultipartSpool.Limit else {
            return XCTFail("\(String(describing: filesError))")
        }
        XCTAssertEqual(spooled.files.count, 3)
    }
}
