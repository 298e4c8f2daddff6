import Faces
import Imaging
import TestSupport
import Testing

@testable import PersonaKit

/// SFace as a second opinion on a photo set (issue 19): a face is the person only when both models
/// say so, someone else only when both say not; a disagreement is asked about.
struct SecondOpinionSetTests {
    /// A photo with made-up descriptors: dlib's along axis `dlibAxis` mixed with the person's
    /// axis 0, SFace's likewise, so each model's distance to the person is set apart.
    static func photo(_ name: String, dlib: [(Int, Float)], sface: [(Int, Float)]?) -> PhotoAnalysis {
        var photo = PhotoAnalysis(file: name)
        var d = [Float](repeating: 0, count: 128)
        for (i, x) in dlib { d[i] = x }
        photo.embedding = FaceEmbedding(values: d)
        if let sface {
            var s = [Float](repeating: 0, count: 128)
            for (i, x) in sface { s[i] = x }
            photo.secondOpinion = SFaceEmbedding(raw: s)
        }
        photo.faceCount = 1
        photo.pose = HeadPose(yaw: 0, pitch: 0, roll: 0)
        return photo
    }

    /// Five photos of the person (both models agree, spread a little) and the suspect last.
    static func set(suspectDlib: [(Int, Float)], suspectSFace: [(Int, Float)]?) -> SetAnalysis {
        var photos = (0..<5).map { n in
            photo("p\(n)", dlib: [(0, 0.3), (1 + n, 0.05)], sface: [(0, 1), (1 + n, 0.3)])
        }
        photos.append(photo("suspect", dlib: suspectDlib, sface: suspectSFace))
        return SetAnalyzer.analyze(photos)
    }

    @Test func verdictsCombineBothModels() {
        let t = AnalysisThresholds.standard
        #expect(IdentityVerdict(distance: 0.2, secondOpinionSaysSame: true, thresholds: t) == .samePerson)
        #expect(IdentityVerdict(distance: 0.2, secondOpinionSaysSame: nil, thresholds: t) == .samePerson)
        #expect(IdentityVerdict(distance: 0.2, secondOpinionSaysSame: false, thresholds: t) == .uncertain)
        #expect(IdentityVerdict(distance: 0.5, secondOpinionSaysSame: true, thresholds: t) == .uncertain)
        #expect(IdentityVerdict(distance: 0.7, secondOpinionSaysSame: true, thresholds: t) == .uncertain)
        #expect(IdentityVerdict(distance: 0.7, secondOpinionSaysSame: false, thresholds: t) == .differentPerson)
        #expect(IdentityVerdict(distance: 0.7, secondOpinionSaysSame: nil, thresholds: t) == .differentPerson)
    }

    /// dlib takes the suspect for the person, SFace does not: asked about, not used.
    @Test func aFaceOnlyDlibAcceptsIsAskedAbout() {
        let set = Self.set(suspectDlib: [(0, 0.3), (20, 0.05)], suspectSFace: [(0, 0.2), (20, 1)])
        let suspect = set.photos.last!
        #expect(suspect.has(.uncertainIdentity) && !suspect.has(.differentPerson), "\(suspect.issues)")
        #expect(!set.isUsable(5) && set.usableCount == 5 && set.secondOpinionCentroid != nil)
    }

    /// dlib calls the suspect someone else, SFace the person: asked about, not refused.
    @Test func aFaceOnlySFaceAcceptsIsAskedAbout() {
        let set = Self.set(suspectDlib: [(0, 0.3), (20, 0.7)], suspectSFace: [(0, 1), (20, 0.3)])
        let suspect = set.photos.last!
        #expect(suspect.has(.uncertainIdentity) && !suspect.has(.differentPerson), "\(suspect.issues)")
    }

    /// Both models say someone else: different_person, as dlib alone said.
    @Test func aFaceBothRefuseIsSomeoneElse() {
        let set = Self.set(suspectDlib: [(0, 0.3), (20, 0.7)], suspectSFace: [(0, 0.2), (20, 1)])
        #expect(set.photos.last!.has(.differentPerson))
    }

    /// Without an SFace descriptor (SFace not installed, or a photo stored before it) dlib decides alone.
    @Test func withoutTheSecondModelDlibDecidesAlone() {
        let accepted = Self.set(suspectDlib: [(0, 0.3), (20, 0.05)], suspectSFace: nil)
        #expect(accepted.photos.last!.issues.isEmpty && accepted.isUsable(5))
        #expect(accepted.secondOpinionCentroid == nil, "not every usable photo has SFace's view")
        let refused = Self.set(suspectDlib: [(0, 0.3), (20, 0.7)], suspectSFace: nil)
        #expect(refused.photos.last!.has(.differentPerson))
    }
}
