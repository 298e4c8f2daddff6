import Foundation
import TestSupport
import Testing

@testable import InflioCLI

/// Where `inflio` finds its models in these runs (it is started from the project root), and
/// whether setup.sh has put SFace and ONNX Runtime there.
enum InstalledModels {
    static let directory: String = {
        if let configured = ProcessInfo.processInfo.environment["INFLIO_MODELS_DIR"], !configured.isEmpty {
            return configured
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent("models").path
    }()
    static let sface = ["face_recognition_sface_2021dec_fp32.onnx", "onnxruntime/libonnxruntime.so.1"].allSatisfy {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
    }
}

/// `inflio compare --model sface|both --json` for one pair.
struct ModelVerdict: Decodable {
    struct Opinion: Decodable {
        let distance: Double
        let samePerson: Bool
        let threshold: Double
    }
    let model: String
    let samePerson: Nullable<Bool>
    let distance: Double?
    let threshold: Double?
    let verdict: String?
    let dlib: Opinion?
    let sface: Opinion?
}

extension CLITests {
    @Suite(
        "inflio compare --model", .enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"),
        .enabled(if: InstalledModels.sface, "SFace is not installed in models/: run scripts/setup.sh"))
    struct CompareModelTests {
        static let samePairs = [
            ("obama-1.jpg", "obama-2.jpg"), ("obama-1.jpg", "obama-3.jpg"), ("obama-2.jpg", "obama-3.jpg"),
            ("biden-1.jpg", "biden-2.jpg"), ("kit-harington-1.jpg", "kit-harington-2.jpg"),
            ("rose-leslie-1.jpg", "rose-leslie-2.jpg"), ("alex-lacamoire-1.jpg", "alex-lacamoire-2.png"),
        ]
        static let differentPairs = [
            ("obama-1.jpg", "biden-1.jpg"), ("obama-3.jpg", "kit-harington-2.jpg"),
            ("biden-2.jpg", "rose-leslie-1.jpg"),
            ("kit-harington-1.jpg", "alex-lacamoire-1.jpg"), ("rose-leslie-2.jpg", "lin-manuel-miranda-1.png"),
            ("alex-lacamoire-2.png", "lin-manuel-miranda-1.png"), ("obama-2.jpg", "alex-lacamoire-2.png"),
        ]

        /// Every pair above in one `--pairs` run (one model load), rows in order.
        func compareAll(model: String) throws -> [ModelVerdict] {
            let folder = try TemporaryDirectory()
            let rows = (Self.samePairs + Self.differentPairs).map { "\($0),\($1)" }
            let csv = try folder.write("pairs.csv", Array((["a,b"] + rows).joined(separator: "\n").utf8))
            let result = try CLI.run([
                "compare", "--pairs", csv, "--root", FacePhotos.directory, "--model", model, "--json",
            ])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let verdicts = try result.decode([ModelVerdict].self)
            try #require(verdicts.count == rows.count)
            return verdicts
        }

        @Test func sfaceTellsSamePeopleFromDifferentOnes() throws {
            let verdicts = try compareAll(model: "sface")
            for (i, v) in verdicts.enumerated() {
                let same = i < Self.samePairs.count
                let distance = try #require(v.distance)
                #expect(v.model == "sface" && v.threshold == 0.53)
                #expect(v.samePerson.value == same, "row \(i): distance \(distance)")
                #expect(same ? distance < 0.53 : distance > 0.53, "row \(i): distance \(distance)")
            }
        }

        @Test func bothAgreeOnTheSamplePhotos() throws {
            let verdicts = try compareAll(model: "both")
            for (i, v) in verdicts.enumerated() {
                let same = i < Self.samePairs.count
                let dlib = try #require(v.dlib)
                let sface = try #require(v.sface)
                #expect(v.verdict == (same ? "same_person" : "different_people"), "row \(i): \(dlib) \(sface)")
                #expect(v.samePerson.value == same)
                #expect(
                    same ? dlib.distance < 0.6 && sface.distance < 0.53 : dlib.distance > 0.6 && sface.distance > 0.53)
            }
        }

        @Test func onePairInJSONAndForPeople() throws {
            let pair = [FacePhotos.path("obama-1.jpg"), FacePhotos.path("obama-2.jpg")]
            let sface = try CLI.run(["compare"] + pair + ["--model", "sface", "--json"])
            let keyed = try sface.decode(Keyed<ModelVerdict>.self)
            #expect(keyed.keys == ["model", "distance", "samePerson", "threshold"])
            #expect(keyed.samePerson.value == true)

            let both = try CLI.run(["compare"] + pair + ["--model", "both"])
            #expect(both.status == 0, "stderr: \(both.stderr)")
            #expect(both.stdout.hasPrefix("same person (both models agree"), "stdout: \(both.stdout)")
        }

        /// Without ONNX Runtime or the model, `--model sface` says so and how to install it; dlib,
        /// the default, still works from the same folder.
        @Test func withoutSFaceDlibStillWorks() throws {
            let folder = try TemporaryDirectory()
            for file in ["shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"] {
                try FileManager.default.createSymbolicLink(
                    atPath: folder.url.appendingPathComponent(file).path,
                    withDestinationPath: (InstalledModels.directory as NSString).appendingPathComponent(file))
            }
            let pair = [FacePhotos.path("obama-1.jpg"), FacePhotos.path("biden-1.jpg")]
            let environment = ["INFLIO_MODELS_DIR": folder.url.path]
            let sface = try CLI.run(["compare"] + pair + ["--model", "sface"], environment: environment)
            #expect(sface.status == 2)
            #expect(sface.stderr.contains("SFace is not available") && sface.stderr.contains("scripts/setup.sh"))
            let dlib = try CLI.run(["compare"] + pair, environment: environment)
            #expect(dlib.status == 0 && dlib.stdout.contains("different people"), "stderr: \(dlib.stderr)")
        }
    }
}

/// `--model both` when the models disagree: no decision, and the JSON says so with nulls.
@Suite struct AgreementTests {
    @Test func disagreementIsUncertain() throws {
        let dlib = ModelOpinion(distance: 0.55, threshold: 0.6)
        let sface = ModelOpinion(distance: 0.61, threshold: 0.53)
        #expect(Agreement(dlib: dlib, sface: sface) == .uncertain)
        #expect(Agreement(dlib: dlib, sface: sface).samePerson == nil)
        let result = SecondOpinionResult(a: nil, b: nil, model: .both, dlib: dlib, sface: sface, error: nil)
        #expect(result.sentence.hasPrefix("uncertain (the models disagree: dlib says same person"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        #expect(json?["verdict"] as? String == "uncertain")
        #expect(json?["samePerson"] is NSNull)
    }

    @Test func agreementDecides() {
        let near = ModelOpinion(distance: 0.2, threshold: 0.6)
        let far = ModelOpinion(distance: 0.9, threshold: 0.53)
        #expect(Agreement(dlib: near, sface: ModelOpinion(distance: 0.3, threshold: 0.53)) == .samePerson)
        #expect(Agreement(dlib: ModelOpinion(distance: 0.8, threshold: 0.6), sface: far) == .differentPeople)
    }
}
