import Imaging
import TestSupport
import Testing
import Vapor

@testable import App

/// Every way a creation request can be refused, each leaving nothing stored.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct RejectionTests {
    func expectRefused(
        _ database: TestDatabase = .sqlite, photos: [TestPhoto], name: String? = "Me", status: HTTPStatus, code: String,
        check: ((ErrorAnswer) throws -> Void)? = nil
    ) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let response = try await service.createPersona(token: token, photos: photos, name: name)
            #expect(response.status == status, "\(response.text)")
            #expect(response.errorCode == code, "\(response.text)")
            let body = try response.decode(ErrorAnswer.self)
            #expect(body.success == false)
            #expect(body.error.message.isEmpty == false)
            try check?(body)
            let stored = try await service.storedCounts()
            #expect(
                stored.personas == 0 && stored.images == 0 && stored.jobs == 0 && stored.events == 0
                    && stored.files == 0, "\(stored)")
        }
    }

    @Test func fourPhotosAreTooFew() async throws {
        try await expectRefused(
            photos: Array(try TestPhotos.obamaSet().prefix(4)), status: .badRequest, code: "too_few_photos")
    }

    @Test func twentyOnePhotosAreTooMany() async throws {
        let set = try TestPhotos.obamaSet()
        try await expectRefused(
            photos: (0..<21).map { set[$0 % set.count] }, status: .badRequest, code: "too_many_photos")
    }

    @Test func aNonImageIsRefused() async throws {
        var photos = Array(try TestPhotos.obamaSet().prefix(5))
        photos.append(TestPhoto(name: "notes.jpg", bytes: Array("just some text, named like a photo".utf8)))
        try await expectRefused(photos: photos, status: .unsupportedMediaType, code: "unsupported_format") { body in
            #expect(body.error.details?.files == ["notes.jpg"])
        }
    }

    @Test func aThirtyMegabyteFileIsTooLarge() async throws {
        var photos = Array(try TestPhotos.obamaSet().prefix(5))
        let valid = photos[0].bytes
        photos.append(
            TestPhoto(name: "huge.jpg", bytes: valid + [UInt8](repeating: 0, count: 30 * 1024 * 1024 - valid.count)))
        try await expectRefused(photos: photos, status: .payloadTooLarge, code: "image_too_large")
    }

    @Test(arguments: TestDatabase.all)
    func twoDifferentPeopleAreNotEnoughOfOne(database: TestDatabase) async throws {
        let photos = [
            "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "rose-leslie-1.jpg", "kit-harington-1.jpg",
        ]
        .map(TestPhotos.photo)
        try await expectRefused(
            database, photos: photos, status: .unprocessableEntity, code: "not_enough_usable_photos"
        ) { body in
            let details = try #require(body.error.details)
            #expect(details.usablePhotos == 3)
            let rejected = try #require(details.rejectedPhotos)
            #expect(
                Set(rejected.map(\.file)) == [
                    "biden-1.jpg", "rose-leslie-1.jpg", "kit-harington-1.jpg",
                ])
            for photo in rejected {
                #expect(photo.reasons.map(\.code) == ["different_person"], "\(photo)")
            }
        }
    }

    /// Three photos of one person and two of another are about as many of each: which one is the
    /// user is not guessed (issue 19); the answer names both groups.
    @Test func twoPeopleAboutEquallyAreNotGuessed() async throws {
        let photos = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg", "kit-harington-1.jpg"]
            .map(TestPhotos.photo)
        try await expectRefused(photos: photos, status: .unprocessableEntity, code: "ambiguous_identity") { body in
            #expect(body.error.message.contains("two different people"))
            let groups = try #require(body.error.details?.groups).map { Set($0.files) }
            #expect(Set(groups) == [["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"], ["biden-1.jpg", "biden-2.jpg"]])
        }
    }
    @Test func aMissingNameIsRefused() async throws {
        try await expectRefused(photos: try TestPhotos.obamaSet(), name: nil, status: .badRequest, code: "missing_name")
    }

    @Test func withoutSigningInNothingHappens() async throws {
        try await TestService.with { service in
            var form = MultipartForm()
            form.field("name", "x")
            let response = try await service.send(
                .POST, "/api/personas/create", body: form.body(), contentType: form.contentType)
            #expect(response.status == .unauthorized && response.errorCode == "unauthorized")
            #expect(try await service.storedCounts().personas == 0)
        }
    }
}
