import Foundation
import Imaging
import TestSupport
import Testing

extension CLITests {
    /// `inflio user create` and `inflio persona create | list | show | delete`, on a private data folder.
    @Suite("inflio persona", .enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    struct PersonaCommandTests {
        @Test func createListShowAndDeleteAPersona() throws {
            let folder = try TemporaryDirectory()
            let environment = ["INFLIO_DATA_DIR": folder.url.appendingPathComponent("data").path]
            var photos: [String] = []
            for name in ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"] {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: FacePhotos.path(name))))
                photos.append(FacePhotos.path(name))
                photos.append(
                    try folder.write(
                        "mirrored-\(name)", try EditableImage(EditableImage(bytes: bytes).rgb().mirrored()).jpeg()))
            }
            let out = folder.url.appendingPathComponent("portraits").path

            // No photo is analysed before the account accepts the face-data notice.
            let refused = try CLI.run(
                ["persona", "create", "--name", "Cli", "--out", out] + photos, environment: environment)
            #expect(refused.status == 2 && refused.stderr.contains("--accept-face-data-notice"), "\(refused.stderr)")
            #expect(refused.stderr.contains("deleted with the persona"))
            #expect(!FileManager.default.fileExists(atPath: out))

            let created = try CLI.run(
                ["persona", "create", "--name", "Cli", "--accept-face-data-notice", "--out", out] + photos,
                environment: environment)
            #expect(created.status == 0, "\(created.stderr)")
            let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(
                written == [
                    "1-professional_headshot.jpg", "2-casual_friendly.jpg", "3-dynamic_action.jpg",
                    "4-thoughtful_closeup.jpg", "5-environmental_portrait.jpg",
                ])
            for file in written {
                let decoded = try ImageDecoder.decode(fileAt: out + "/" + file, maxSide: 64)
                #expect(max(decoded.originalWidth, decoded.originalHeight) == 1024)
            }
            #expect(created.stdout.contains("5/5"), "the progress bar reaches 5/5")
            #expect(
                created.stdout.contains("Offline preview: each portrait is your own photo"),
                "the offline studio says so")
            // Its likeness is measured, not verified: the face is the person's own photo.
            #expect(created.stdout.contains("preview made: professional_headshot ("), "\(created.stdout)")
            #expect(!created.stdout.contains("verified"), "no offline portrait called verified")

            let listed = try CLI.run(["persona", "list"], environment: environment)
            let personas = try listed.decode([ListedPersona].self)
            #expect(personas.count == 1 && personas.first?.status == "ready")
            let id = try #require(personas.first?.id)

            let shown = try CLI.run(["persona", "show", id], environment: environment)
            #expect(shown.status == 0 && shown.stdout.contains("\"verified\""))

            // The funnel saw the account's first ready persona (its default: sub-step 1.3 done).
            let funnel = try CLI.run(["funnel", "--json"], environment: environment).decode(FunnelJSON.self)
            #expect(funnel.users == 1 && funnel.stages.first { $0.stage == "1.3" }?.completed == 1)
            #expect(funnel.medianSecondsToFirstPersona != nil)
            let table = try CLI.run(["funnel", "--since", "2000-01-01"], environment: environment)
            #expect(table.status == 0 && table.stdout.contains("sign-up to first ready persona"))
            #expect(try CLI.run(["funnel", "--since", "yesterday"], environment: environment).status != 0)

            #expect(try CLI.run(["persona", "delete", id], environment: environment).status == 0)
            let after = try CLI.run(["persona", "list"], environment: environment)
            #expect(try after.decode([ListedPersona].self).isEmpty)
            #expect(try CLI.run(["persona", "show", id], environment: environment).status != 0)
        }

        @Test func userCreatePrintsATokenOnItsLastLine() throws {
            let folder = try TemporaryDirectory()
            let result = try CLI.run(
                ["user", "create", "script@example.com"], environment: ["INFLIO_DATA_DIR": folder.url.path])
            #expect(result.status == 0, "\(result.stderr)")
            let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasPrefix("inf_") && last.count > 30 && !last.contains(" "))
            let again = try CLI.run(
                ["user", "create", "script@example.com"], environment: ["INFLIO_DATA_DIR": folder.url.path])
            #expect(again.status != 0 && again.stderr.contains("already exists"))
            // The audit log saw the account and its token, and never the token itself.
            let audit = try CLI.run(["audit"], environment: ["INFLIO_DATA_DIR": folder.url.path])
            #expect(
                audit.status == 0 && audit.stdout.contains("token_created") && audit.stdout.contains("account_created"))
            #expect(!audit.stdout.contains(last), "no token in the audit log")
            let unknown = try CLI.run(
                ["audit", "--kind", "nonsense"], environment: ["INFLIO_DATA_DIR": folder.url.path])
            #expect(unknown.status != 0 && unknown.stderr.contains("sign_in_failed"))
        }
    }
}
