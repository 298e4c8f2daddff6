import Foundation
import Imaging
import Testing

@testable import App

/// Issue 16's extraction, on guidelines made at test time (scripts/make-brand-pdfs.py): what a
/// guideline writes and draws comes back, and every bad PDF gets its code, in time, leaving nothing.
struct BrandExtractionTests {
    static func lab(_ hex: String) -> CIELab {
        let value = Int(hex.dropFirst(), radix: 16)!
        return CIELab(srgbRed: Double(value >> 16 & 0xFF), green: Double(value >> 8 & 0xFF), blue: Double(value & 0xFF))
    }

    @Test func aGuidelineGivesItsColoursFontsLogoAndWords() async throws {
        let expected = BrandPDFs.expected
        let extraction = try await BrandPDFExtractor().extract(path: try BrandPDFs.path("guideline.pdf"))
        let brand = extraction.brand
        #expect(extraction.pages == 2 && extraction.textLayer && extraction.warnings.isEmpty)
        #expect(brand.name?.value == expected.name && brand.name?.source == .pdf && brand.name?.page == 1)

        // Written codes come back exactly, with the role their label gives.
        for (hex, role) in expected.written {
            let colour = brand.palette.first { $0.hex == hex }
            #expect(colour?.role.rawValue == role, "\(hex)")
            #expect((colour?.confidence ?? 0) >= 0.9 && colour?.source == .pdf && colour?.page == 1)
        }
        #expect(brand.palette.first { $0.role == .primary }?.name == "Harbour Blue")
        #expect(brand.palette.contains { $0.hex == expected.cmyk }, "CMYK 0 60 100 0 by BRAND.md's formula")
        // Drawn-only swatches come back from the fills, within ΔE00 2.
        for hex in expected.fills {
            let nearest = brand.palette.map { Self.lab($0.hex).difference(to: Self.lab(hex)) }.min() ?? 99
            #expect(nearest < 2, "\(hex): nearest ΔE00 \(nearest)")
        }
        #expect(brand.palette.count <= Brand.maxColours)
        #expect(brand.palette.filter { $0.role == .primary }.count == 1)

        #expect(brand.fonts.heading?.family == expected.fonts["heading"] && brand.fonts.heading?.weight == 700)
        #expect(brand.fonts.body?.family == expected.fonts["body"] && brand.fonts.body?.fallback == "DejaVu Sans")

        let logo = try #require(extraction.logo)
        #expect(logo.page == 1 && logo.width == 120 && logo.height == 120 && logo.transparent)
        let png = try #require(Data(base64Encoded: String(logo.dataURL.dropFirst("data:image/png;base64,".count))))
        #expect(ImageFormat.sniff([UInt8](png)) == .png)

        #expect(brand.voice?.text.hasPrefix(expected.voice) == true && brand.voice?.page == 2)
        #expect(brand.voice?.adjectives == ["friendly", "confident", "clear"])
        #expect(brand.voice?.confidence == PDFBrandWords.headingConfidence)
        #expect(brand.audience?.value.hasPrefix(expected.audience) == true)
        #expect(brand.guidelines?.dos.first?.hasPrefix(expected.dos) == true)
        #expect(brand.guidelines?.donts.first?.hasPrefix(expected.donts) == true)
        #expect(brand.guidelines?.dos.count == 2 && brand.guidelines?.donts.count == 2)
        #expect(brand.guidelines?.tagline == expected.tagline)
    }

    @Test func aScannedGuidelineStillGivesItsColours() async throws {
        let extraction = try await BrandPDFExtractor().extract(path: try BrandPDFs.path("scanned.pdf"))
        #expect(!extraction.textLayer && extraction.warnings.contains { $0.contains("no text layer") })
        #expect(extraction.brand.fonts.body == nil && extraction.brand.voice == nil && extraction.logo == nil)
        for hex in ["#1A73E8", "#F4B400"] {
            let nearest = extraction.brand.palette.map { Self.lab($0.hex).difference(to: Self.lab(hex)) }.min() ?? 99
            #expect(nearest < 3, "\(hex) from the pixels: nearest ΔE00 \(nearest)")
        }
        #expect(extraction.brand.palette.allSatisfy { ($0.confidence ?? 1) <= 0.6 }, "pixels are the least trusted")
    }

    @Test(arguments: [
        ("encrypted.pdf", "pdf_encrypted"), ("truncated.pdf", "pdf_unreadable"), ("fifty.pdf", "pdf_too_large"),
        ("bomb.pdf", "pdf_too_large"), ("notes.pdf", "not_a_pdf"),
    ])
    func aBadPDFGetsItsCodeInTimeAndLeavesNothing(file: String, code: String) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brand-scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let limits = PDFTool.Limits()
        let started = ContinuousClock.now
        await #expect {
            _ = try await BrandPDFExtractor(limits: limits, scratch: scratch).extract(path: try BrandPDFs.path(file))
        } throws: { error in
            (error as? BrandPDFError)?.code == code
        }
        // Every program has the limit; at most two run one after the other before the refusal.
        #expect(ContinuousClock.now - started < .seconds(limits.seconds * 2 + 5))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "nothing left behind")
    }

    @Test func aProgramPastItsTimeLimitIsKilledAndThePDFRefused() async throws {
        // The bomb's text layer alone takes pdftohtml about 2 s; with a 1 s limit it is killed.
        var limits = PDFTool.Limits()
        limits.seconds = 1
        limits.memoryBytes = 4 << 30
        let started = ContinuousClock.now
        let error = await #expect(throws: BrandPDFError.self) {
            _ = try await BrandPDFExtractor(limits: limits).extract(path: try BrandPDFs.path("bomb.pdf"))
        }
        #expect(error?.code == "pdf_too_large" && error?.reason?.contains("time or memory limit") == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func tooLargeIsRefusedBeforeAnyProgramRuns() async throws {
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: big) }
        var bytes = [UInt8]("%PDF-1.4\n".utf8)
        bytes += [UInt8](repeating: 0x20, count: BrandPDFError.maxBytes)
        try Data(bytes).write(to: big)
        await #expect(throws: BrandPDFError.tooLarge(bytes: bytes.count)) {
            _ = try await BrandPDFExtractor().extract(path: big.path)
        }
    }

    @Test func codesInTextAreReadWithTheirLabels() throws {
        let layer = PDFTextLayer(runs: [
            .init(
                page: 1, top: 100, left: 50, height: 14, size: 14, font: "F", bold: false, colour: "#000000",
                text: "Secondary – Sand"),
            .init(
                page: 1, top: 118, left: 50, height: 14, size: 14, font: "F", bold: false, colour: "#000000",
                text: "RGB(230, 200, 150) · CMYK 0/13/35/10"),
            .init(
                page: 1, top: 300, left: 50, height: 14, size: 14, font: "F", bold: false, colour: "#000000",
                text: "Primary #0a0b0c and PANTONE 286 C"),
        ])
        let mentions = PDFColourCodes.mentions(in: layer).mentions
        #expect(mentions.map(\.hex) == ["#E6C896", "#E6C895", "#0A0B0C"])
        #expect(mentions.map(\.role) == [.secondary, .secondary, .primary])
        #expect(mentions[0].name == "Sand" && mentions[2].name == "PANTONE 286 C")
        // BRAND.md: R = 255 × (1 − C) × (1 − K).
        #expect(PDFColourCodes.rgb(cyan: 0, magenta: 13, yellow: 35, black: 10) == (230, 200, 149))
    }

    @Test func fontNamesLoseTheirSubsetTagAndFoldTheirWeight() {
        #expect(PDFFontRanking.name("ABCDEF+OpenSans-SemiBold") == .init(family: "Open Sans", weight: 600))
        #expect(PDFFontRanking.name("LiberationSerif-Bold") == .init(family: "Liberation Serif", weight: 700))
        #expect(PDFFontRanking.name("QWERTY+BrandGroteskLight") == .init(family: "Brand Grotesk", weight: 300))
        #expect(PDFFontRanking.name("Helvetica") == .init(family: "Helvetica", weight: nil))
    }
}
